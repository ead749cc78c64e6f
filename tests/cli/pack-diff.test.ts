import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackDiff } from '../../rules/pack/diff';
import { DEMO_PACK, run, tempDir, type Run } from './pack-run';

const dir = tempDir('preflight-pack-diff-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

const COURSE_RULE = 'nhsa-r23-course-手功能评定'; // 手功能评定, 第八批-3 限定疗程 90 天
const AGE_RULE = 'nhsa-r65-age-小儿感冒颗粒'; // 250 codes

/** The demo pack's next version: one rule gone, one new, a course limit and 600-code-style code list edited. */
function nextVersion(): any {
  const pack = JSON.parse(readFileSync(DEMO_PACK, 'utf8'));
  pack.version = '2026.12.1';
  pack.rules = pack.rules.filter((r: any) => r.id !== 'nhsa-r65-age-儿童清肺口服液');
  pack.rules.find((r: any) => r.id === COURSE_RULE).params.maxDays = 60;
  const age = pack.rules.find((r: any) => r.id === AGE_RULE);
  age.match.codes = [...age.match.codes.slice(1), 'ZA01AAX0001010100001'];
  pack.rules.push({ id: 'local-rx-limit', kind: 'quantity', basis: '本院规定', match: { lineKinds: ['drug'] }, params: { dayLimits: true } });
  return pack;
}

describe('preflight pack diff', () => {
  let human: Run;
  let json: Run;
  let firstCode: string;
  beforeAll(async () => {
    writeFileSync(at('next.json'), JSON.stringify(nextVersion()));
    firstCode = JSON.parse(readFileSync(DEMO_PACK, 'utf8')).rules.find((r: any) => r.id === AGE_RULE).match.codes[0];
    [human, json] = await Promise.all([run(['pack', 'diff', DEMO_PACK, at('next.json')]), run(['pack', 'diff', '--json', DEMO_PACK, at('next.json')])]);
  });

  it('prints a summary line and one line per rule, field changes under their rule', () => {
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('demo-nhsa-2026 2026.11.1 → demo-nhsa-2026 2026.12.1');
    expect(lines[1]).toMatch(/^\+1 新增, -1 删除, ~2 修改 \(\d+ unchanged\)$/);
    expect(lines).toContain('+ local-rx-limit [quantity]');
    expect(lines).toContain('- nhsa-r65-age-儿童清肺口服液 [age] 儿童清肺口服液');
    expect(lines).toContain(`~ ${COURSE_RULE} [course] 手功能评定`);
    expect(lines).toContain('    params.maxDays: 90 → 60');
    expect(lines).toContain(`    match.codes: +1 (ZA01AAX0001010100001) -1 (${firstCode})`);
  });

  it('prints the whole diff as JSON with --json', () => {
    expect(json.code, json.stderr).toBe(0);
    const diff = JSON.parse(json.stdout) as PackDiff;
    expect(diff.added.map((r) => r.id)).toEqual(['local-rx-limit']);
    expect(diff.removed.map((r) => r.id)).toEqual(['nhsa-r65-age-儿童清肺口服液']);
    expect(diff.changed.find((c) => c.id === AGE_RULE)?.fields).toEqual([
      { path: 'match.codes', type: 'set', added: ['ZA01AAX0001010100001'], removed: [firstCode] },
    ]);
  });

  it('compares signed packs by their payload, and fails on a file that is not a pack', async () => {
    const keygen = await run(['pack', 'keygen', '-o', at('k')]);
    expect(keygen.code, keygen.stderr).toBe(0);
    const signed = await run(['pack', 'sign', at('next.json'), '--key', at('k.private.jwk'), '-o', at('next.signed.json')]);
    expect(signed.code, signed.stderr).toBe(0);
    writeFileSync(at('not-a-pack.json'), '{"hello": "world"}');
    const [same, bad] = await Promise.all([
      run(['pack', 'diff', at('next.json'), at('next.signed.json')]),
      run(['pack', 'diff', DEMO_PACK, at('not-a-pack.json')]),
    ]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout.split('\n')[1]).toMatch(/^\+0 新增, -0 删除, ~0 修改/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`pack ${at('not-a-pack.json')}: schemaVersion`);
  });
});
