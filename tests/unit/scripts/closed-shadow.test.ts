import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The selector engine's source runs in a browser world, so it must not depend on anything the
 * loader compiling this repository adds: tsx (which runs the demo walk-through and the page
 * benchmark) wraps named functions in `__name`, and the demo once failed on it. So the source is
 * taken through tsx, as the demo takes it, and evaluated in an empty context.
 */
const ROOT = path.resolve(__dirname, '../../..');
const PROBE = `
  const vm = await import('node:vm');
  const { engineSource } = await import(${JSON.stringify(path.join(ROOT, 'scripts/closed-shadow.ts'))});
  const engine = vm.runInNewContext(engineSource('preflight-overlay'), { globalThis: {} });
  console.log(JSON.stringify({ all: engine.queryAll({}, '.pf-badge'), one: engine.query({}, '.pf-badge') }));
`;

describe('closed-shadow selector engine source', () => {
  it('evaluates on its own when compiled by tsx, and finds nothing with no roots stashed', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ all: [], one: null });
  });
});
