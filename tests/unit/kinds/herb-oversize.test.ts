import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { prescriptionRules } from '../../../rules/import/demo-pack';
import { PackSettingsSchema } from '../../../rules/pack/settings';

const rules = prescriptionRules();
const rule = rules.find((r) => r.id === 'rx-herb-oversize')!;
const dayLimits = rules.find((r) => r.id === 'rx-day-limits')!;

/** A 饮片 line: `dose` g in one 剂, `days` 付 (one 剂 a day), quantity = dose × 付数. */
const herb = (n: number, dose = 10, days = 7, extra: object = {}) => ({
  id: String(n),
  code: `T0017${String(900 + n).padStart(5, '0')}`,
  name: `饮片${n}`,
  kind: 'drug' as const,
  dose,
  doseUnit: 'g',
  days,
  quantity: dose * days,
  unit: 'g',
  ...extra,
});
const herbs = (n: number, dose = 10, days = 7) => Array.from({ length: n }, (_, i) => herb(i + 1, dose, days));

const findingsOf = (lines: object[], encounter: object = {}, settings?: object, packRules = [rule]) =>
  check(makePack(packRules, settings ? { settings: PackSettingsSchema.parse(settings) } : {}), makeOrder({ encounter, lines: lines as never })).findings;

describe('herb-oversize (中药饮片超大处方)', () => {
  it('leaves an ordinary 汤剂 alone: 12 味, 120 g a 剂, 7 付 门诊', () => {
    expect(findingsOf(herbs(12))).toEqual([]);
  });

  it('flags the 26th 味 of one prescription, once, naming the count, the limit and the fix', () => {
    expect(findingsOf(herbs(25, 6))).toEqual([]);
    const findings = findingsOf(herbs(27, 6));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'herb-oversize', lineId: '26', severity: 'warning' });
    // The 味 over the limit are marked, not all 27.
    expect(findings[0]!.relatedLineIds).toEqual(['26', '27']);
    expect(findings[0]!.message).toBe('本张饮片处方共 27 味（上限 25 味），属中药饮片超大处方：请精简药味，确有需要须注明理由');
    expect(findings[0]!.basis).toContain('中药饮片超大处方');
    expect(findings[0]!.actions).toEqual([{ type: 'confirm', label: '已在处方注明理由' }]);
  });

  it('reads a 剂量 without a unit as grams, as herb-dose does, unless the page did not read the unit column', () => {
    const heavy = herbs(9, 50).map((line) => ({ ...line, doseUnit: undefined }));
    expect(findingsOf(heavy)[0]!.message).toContain('每剂 450g（上限 400g');
    const pack = makePack([rule]);
    const order = { ...makeOrder({ lines: heavy as never }), unread: ['lines.doseUnit'] };
    // 50 of what? Not grams for certain: no weight is claimed, so no 超重 finding.
    expect(check(pack, order).findings).toEqual([]);
    const withUnits = { ...makeOrder({ lines: herbs(9, 50) as never }), unread: ['lines.doseUnit'] };
    expect(check(pack, withUnits).findings[0]!.message).toContain('每剂 450g');
  });

  it('counts one 饮片 written twice as one 味, and counts only 饮片 codes', () => {
    const lines = [...herbs(25, 6), herb(1, 3, 7, { id: '1b' }), { id: 'x', code: 'XA02BCA211A001010100001', name: '奥美拉唑肠溶胶囊', kind: 'drug', dose: 20, doseUnit: 'mg', days: 7 }];
    expect(findingsOf(lines, {}, undefined, [{ ...rule, match: { lineKinds: ['drug'] } }])).toEqual([]);
  });

  it('flags a 剂 heavier than the limit on its heaviest 味, in grams whatever the unit', () => {
    const lines = [...herbs(10, 30), herb(11, 60, 7, { name: '生石膏' }), herb(12, 2500, 7, { doseUnit: 'mg' })];
    // 300 + 60 + 2.5 = 362.5 g: under 400 g.
    expect(findingsOf(lines)).toEqual([]);
    const heavy = [...lines, herb(13, 45)];
    const findings = findingsOf(heavy);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ lineId: '11' });
    expect(findings[0]!.message).toContain('每剂 407.5g（上限 400g，生石膏 60g 最重）');
    expect(findings[0]!.message).toContain('请核减剂量');
  });

  it('judges nothing it cannot read: a line without 剂量 or 付数 adds nothing, the rest still counts', () => {
    const lines = [...herbs(10, 30), herb(11, 0), herb(12, 30, 0, { dose: undefined, quantity: undefined }), herb(13, 10, 7, { doseUnit: '袋' })];
    expect(findingsOf(lines)).toEqual([]);
    expect(findingsOf([...lines, herb(14, 120)])).toMatchObject([{ lineId: '14' }]);
  });

  it('flags more 付 than the visit allows (one 剂 a day: the day limits), with 改为 N 付', () => {
    const findings = findingsOf(herbs(10, 10, 14));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ lineId: '1' });
    expect(findings[0]!.message).toBe('本张饮片处方开 14 付（门诊上限 7 付），属中药饮片超大处方：请改为 7 付，确有需要须注明理由');
    expect(findings[0]!.actions).toEqual([
      { type: 'set-days', value: 7, label: '改为 7 付' },
      { type: 'confirm', label: '已在处方注明理由' },
    ]);
    expect(findingsOf(herbs(10, 10, 4), { visitType: 'emergency' })[0]!.message).toContain('开 4 付（急诊上限 3 付）');
    expect(findingsOf(herbs(10, 10, 3), { visitType: 'emergency' })).toEqual([]);
    // 住院 orders have no 付数 limit; an unknown visit type decides none.
    expect(findingsOf(herbs(10, 10, 30), { visitType: 'inpatient' })).toEqual([]);
    expect(findingsOf(herbs(10, 10, 30), { visitType: undefined })).toEqual([]);
    // 出院带药 and a certified 门诊慢特病 follow their day limits (30 by default).
    expect(findingsOf(herbs(10, 10, 30), { visitType: 'discharge' })).toEqual([]);
    expect(findingsOf(herbs(10, 10, 31), { visitType: 'discharge' })[0]!.message).toContain('出院带药上限 30 付');
    expect(findingsOf(herbs(10, 10, 14), { chronicConditions: ['慢性阻塞性肺疾病'] })).toEqual([]);
    // So does a visit registered under a 门诊慢特病 病种, even one the page gives by code alone.
    expect(findingsOf(herbs(10, 10, 14), { chronicDiseases: [{ code: 'M03900' }] })).toEqual([]);
    expect(findingsOf(herbs(10, 10, 14), { chronicDiseases: [] })[0]!.message).toContain('门诊上限 7 付');
  });

  it('takes its limits from the pack settings: 饮片 values first, the day limits otherwise', () => {
    const settings = { herbalPrescription: { maxHerbs: 18, maxGramsPerDose: 250, maxDoses: { outpatient: 14 } } };
    expect(findingsOf(herbs(18, 13, 14), {}, settings)).toEqual([]);
    const findings = findingsOf(herbs(19, 14, 15), {}, settings);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('共 19 味（上限 18 味）');
    expect(findings[0]!.message).toContain('每剂 266g（上限 250g');
    expect(findings[0]!.message).toContain('开 15 付（门诊上限 14 付）');
    expect(findings[0]!.message).toContain('请精简药味、核减剂量、改为 14 付');
    expect(findings[0]).toMatchObject({ lineId: '19' });
    // Without a 饮片 value, a changed day limit is the 付数 limit too.
    expect(findingsOf(herbs(5, 10, 6), {}, { dayLimits: { outpatient: 5, emergency: 3, chronic: 30, longTerm: 84, discharge: 30 } })).toHaveLength(1);
  });

  it('a pack written before the setting existed gets 25 味, 400 g and the day limits', () => {
    expect(PackSettingsSchema.parse({}).herbalPrescription).toEqual({ maxHerbs: 25, maxGramsPerDose: 400, maxDoses: {} });
    expect(PackSettingsSchema.parse({ dayLimits: { outpatient: 7, emergency: 3, chronic: 30, longTerm: 84, discharge: 30 } }).herbalPrescription.maxHerbs).toBe(25);
  });

  it('judges each prescription (处方号) on its own', () => {
    const a = herbs(20, 6).map((l) => ({ ...l, prescription: 'A' }));
    const b = herbs(40, 6).slice(20).map((l) => ({ ...l, prescription: 'B' }));
    expect(findingsOf([...a, ...b])).toEqual([]);
    expect(findingsOf([...a, ...b.map((l) => ({ ...l, prescription: 'A' }))])).toMatchObject([{ lineId: '26' }]);
  });

  it('puts at risk the share of the prescription beyond the allowed 付数', () => {
    const lines = herbs(4, 10, 14).map((l) => ({ ...l, price: 0.1 }));
    // 4 × 140 g × 0.1 元 = 56 元, half of it beyond 7 付.
    expect(findingsOf(lines)[0]!.amountAtRisk).toBe(28);
    expect(findingsOf(herbs(27, 6).map((l) => ({ ...l, price: 0.1 })))[0]!.amountAtRisk).toBeUndefined();
  });

  it('with the 处方管理办法 rule: 饮片 付数 once per prescription, Western drugs per line as before', () => {
    const western = { id: 'w', code: 'XA02BCA211A001010100001', name: '奥美拉唑肠溶胶囊', kind: 'drug', spec: '20mg*14粒', dose: 20, doseUnit: 'mg', frequency: 'qd', days: 14, quantity: 1, unit: '盒' };
    const findings = findingsOf([...herbs(10, 10, 14), western], {}, undefined, [dayLimits, rule]);
    expect(findings.map((f) => [f.kind, f.lineId])).toEqual([
      ['quantity', 'w'],
      ['herb-oversize', '1'],
    ]);
  });
});
