import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoImports, violations } from './import-graph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the import graph', () => {
  const edges = repoImports(ROOT);

  it('reads the sources it is meant to check', () => {
    const files = new Set(edges.map((edge) => edge.file));
    // The engine, the contract, a surface and the hub: an empty or partial walk would pass vacuously.
    for (const file of ['contract/findings.ts', 'rules/engine/evaluate.ts', 'entrypoints/background.ts', 'hub/src/hub.ts', 'components/review/EventsView.tsx']) {
      expect(files, file).toContain(file);
    }
    expect([...files].some((file) => file.startsWith('tests/') || file.includes('node_modules') || file.startsWith('.'))).toBe(false);
  });

  it('has no import running up, sideways or out of its area (tests/unit/architecture/layers.ts)', () => {
    const found = violations(edges).map((v) => `${v.file}: '${v.specifier}' — ${v.reason}`);
    expect(found).toEqual([]);
  });
});
