import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionStatedByDiagnosis, STATED_CONDITIONS } from '../../../rules/indication/stated-conditions';
import { parsePackText } from '../../../rules/pack/load';
import { readCsv } from '../../../scripts/icd/read-csv';
import { check, makeOrder, makePack } from '../../support/builders';
import { SHARED_DATA } from './shared-data';

const icd = new Map(readCsv(path.join(SHARED_DATA, 'icd10-chs-v2-diagnoses.csv')).map((r) => [Object.values(r)[0]!, Object.values(r)[1]!]));
const loaded = parsePackText(readFileSync(path.resolve(__dirname, '../../../rules/packs/demo-pack.json'), 'utf8'));
const demoRules = loaded.ok ? loaded.pack.rules : [];

describe('conditions a coded diagnosis states', () => {
  it('every listed code is an ICD-10 医保版 2.0 code whose official name says the condition', () => {
    for (const entry of STATED_CONDITIONS) {
      for (const code of entry.codes) {
        const named = [...icd].filter(([c]) => c.startsWith(code));
        expect(named.length, code).toBeGreaterThan(0);
        for (const [c, name] of named) expect(entry.names.test(name), `${c} ${name}`).toBe(true);
      }
      // Each entry answers a condition the demo pack's rules really ask.
      const asked = demoRules.flatMap((r) => (r.kind === 'indication' ? (r.params as { conditions: string[] }).conditions : []));
      expect(asked.some((c) => entry.condition.test(c)), String(entry.condition)).toBe(true);
    }
  });

  it('a sensitive or unspecified infection does not state resistance', () => {
    const condition = '甲氧西林耐药阳性球菌感染';
    expect(conditionStatedByDiagnosis(condition, [{ code: 'A49.002', name: '耐甲氧西林金黄色葡萄球菌感染' }])).toBe(true);
    expect(conditionStatedByDiagnosis(condition, [{ code: 'J15.200x001', name: '肺炎' }, { code: 'U82.100x001' }])).toBe(true);
    expect(conditionStatedByDiagnosis(condition, [{ code: 'A49.004', name: '甲氧西林敏感金黄色葡萄球菌感染' }])).toBe(false);
    expect(conditionStatedByDiagnosis(condition, [{ code: 'A49.000', name: '葡萄球菌感染' }])).toBe(false);
    expect(conditionStatedByDiagnosis('既往治疗失败的甲氧西林耐药阳性球菌感染', [{ code: 'A49.002' }])).toBe(false);
  });

  it('注射用替考拉宁 (第九批: 限甲氧西林耐药阳性球菌感染) asks nothing of a doctor who coded MRSA, and still asks for 葡萄球菌感染', () => {
    const rule = demoRules.find((r) => r.id === 'nhsa-r5-indication-注射用替考拉宁');
    expect(rule).toBeDefined();
    const pack = makePack([rule!]);
    const code = (rule!.match as { codes: string[] }).codes[0]!;
    const order = (diagnosis: { code: string; name: string }) =>
      makeOrder({ encounter: { visitType: 'inpatient', diagnoses: [diagnosis] }, lines: [{ id: '1', code, name: '注射用替考拉宁' }] });
    expect(check(pack, order({ code: 'A49.002', name: '耐甲氧西林金黄色葡萄球菌感染' })).findings).toEqual([]);
    const asked = check(pack, order({ code: 'A49.000', name: '葡萄球菌感染' })).findings;
    expect(asked).toMatchObject([{ kind: 'indication', severity: 'info' }]);
    expect(asked[0]!.message).toContain('甲氧西林耐药阳性球菌感染');
  });
});
