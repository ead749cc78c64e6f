import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePackText } from '../../../rules/pack/load';
import { CURRENT_SCHEMA_VERSION } from '../../../rules/pack/schema';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { KINDS } from '../../../rules/kinds';
import { makeOrder } from '../../support/builders';

const dir = join(__dirname, '../../../rules/pack/examples');
const examples = readdirSync(dir).filter((f) => /^v\d+\.json$/.test(f));

describe('frozen example packs of every schema version', () => {
  it('there is one example per schema version up to the current one', () => {
    const versions = examples.map((f) => Number(f.slice(1, -5))).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  for (const file of examples) {
    it(`${file} migrates to the current schema, compiles and evaluates`, () => {
      const result = parsePackText(readFileSync(join(dir, file), 'utf8'));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.pack.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      const compiled = compilePack(result.pack);
      const order = makeOrder({
        patient: { sex: 'F', ageYears: 30 },
        lines: [{ id: '1', code: 'XL02BBA326A001010102180', name: '阿帕他胺片' }],
      });
      expect(evaluate(compiled, order).findings.map((f) => f.ruleId)).toContain('ex-sex');
    });
  }

  it('the newest example uses every rule kind, so a kind cannot lose its frozen coverage', () => {
    const latest = `v${CURRENT_SCHEMA_VERSION}.json`;
    const pack = JSON.parse(readFileSync(join(dir, latest), 'utf8')) as { rules: { kind: string }[] };
    expect(new Set(pack.rules.map((r) => r.kind))).toEqual(new Set(KINDS.map((k) => k.kind)));
  });
});
