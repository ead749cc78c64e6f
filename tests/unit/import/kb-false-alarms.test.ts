import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { check, makeOrder, makePack } from '../../support/builders';
import { plainCsvObjects } from './plain-reading';
import { SHARED } from './xlsx-fixture';

/**
 * The false alarms of issue #9: in the kb layout the constraint column of the 重复收费, 区分性别
 * and 儿童 classes holds a note or the drug's 功能主治, not a 限 condition. Read as restriction
 * text it made indication rules ("含透析、透析液" became "限透析"), refusing every ordinary use.
 * Each class is read by its own meaning only: 重复收费 pairs, a sex, an age.
 */

const KB = path.join(SHARED, 'data', 'nhsa-kb-csv');
const FILES = ['【第七批】医疗服务项目重复收费.csv', '【第一批】药品区分性别使用.csv', '【第一批】医疗服务项目区分性别使用.csv', '【第一批】药品儿童专用.csv', '【第一批】药品限儿童使用.csv', '【第一批】医疗服务项目儿童专用.csv'];
const available = FILES.every((f) => existsSync(path.join(KB, f)));
const bytes = (f: string) => new Uint8Array(readFileSync(path.join(KB, f)));
const rules: RuleInput[] = available ? FILES.flatMap((f) => importAnyFile({ name: path.join(KB, f), bytes: bytes(f) }).rules) : [];
const pack = available ? makePack(rules as never) : undefined;

/** Codes from the published rows, found by name (plain reading, not the importer). */
function codesOf(file: string, match: (r: Record<string, string>) => boolean): string[] {
  const row = plainCsvObjects(bytes(file)).find(match);
  if (!row) throw new Error(`no row in ${file}`);
  return row.med_codes!.split(';');
}

describe.skipIf(!available)('kb 重复收费 / sex / child classes make no indication rule from their constraint texts', () => {
  it('only the class kinds: duplicate-charge, sex and age', () => {
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['duplicate-charge', 'sex', 'age']));
  });

  it('血液透析 for a CKD stage 5 patient: no indication or self-pay finding ("含透析、透析液" is a 重复收费 note)', () => {
    // The kb pair 血液灌流×血液透析 (note 含透析、透析液) gives both 15-digit codes.
    const [perfusion, dialysis] = codesOf('【第七批】医疗服务项目重复收费.csv', (r) => r.item_name === '血液灌流×血液透析');
    expect(rules.some((r) => r.match.codes?.includes(dialysis!))).toBe(true);
    const patient = { sex: 'M' as const, ageYears: 58 };
    const encounter = { visitType: 'outpatient' as const, department: '肾内科', diagnoses: [{ code: 'N18.500', name: '慢性肾脏病5期', primary: true }] };
    const alone = check(pack!, makeOrder({ patient, encounter, lines: [{ id: '1', code: dialysis!, name: '血液透析', kind: 'item', quantity: 1, unit: '次' }] }));
    expect(alone.findings).toEqual([]);

    // With 血液灌流 on the same day the pair rule speaks — as a duplicate charge, nothing else.
    const both = check(pack!, makeOrder({
      patient,
      encounter,
      lines: [
        { id: '1', code: perfusion!, name: '血液灌流', kind: 'item', quantity: 1, unit: '次' },
        { id: '2', code: dialysis!, name: '血液透析', kind: 'item', quantity: 1, unit: '次' },
      ],
    }));
    expect(both.findings.length).toBeGreaterThan(0);
    expect(new Set(both.findings.map((x) => x.kind))).toEqual(new Set(['duplicate-charge']));
  });

  it('儿童清咽解热口服液: a 6-year-old with 急性扁桃体炎 is paid; a 30-year-old gets the age finding, and no indication finding', () => {
    const codes = codesOf('【第一批】药品儿童专用.csv', (r) => r.item_name === '儿童清咽解热口服液');
    const line = { id: '1', code: codes[0]!, name: '儿童清咽解热口服液', kind: 'drug' as const, spec: '10ml', dose: 10, doseUnit: 'ml', frequency: 'tid', days: 3, quantity: 9, unit: '支', route: '口服' };
    // 功能主治 says 小儿急性咽炎; 急性扁桃体炎 is an ordinary use — no indication rule may refuse it.
    const encounter = { department: '儿科', diagnoses: [{ code: 'J03.900', name: '急性扁桃体炎', primary: true }] };
    const child = check(pack!, makeOrder({ patient: { sex: 'F', ageYears: 6 }, encounter, lines: [line] }));
    expect(child.findings).toEqual([]);

    const adult = check(pack!, makeOrder({ patient: { sex: 'F', ageYears: 30 }, encounter: { ...encounter, department: '耳鼻咽喉科' }, lines: [line] }));
    expect(adult.findings.map((x) => [x.kind, x.lineId, x.ruleId])).toEqual([['age', '1', 'nhsa-r65-age-儿童清咽解热口服液']]);
  });
});
