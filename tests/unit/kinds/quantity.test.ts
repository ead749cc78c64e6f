import { describe, expect, it } from 'vitest';
import { FindingSchema, type Finding } from '../../../contract/findings';
import type { OrderInput } from '../../../contract/order';
import type { PackInput } from '../../../rules/pack/schema';
import { check, makeOrder, makePack } from '../../support/builders';

type LineInput = OrderInput['lines'][number];
type EncounterInput = Partial<OrderInput['encounter']>;

// Real national drug codes: 丁苯酞软胶囊 (the contract's example line; 12-char key XN07XXD130E0 in
// drug-restrictions-structured.csv), others from the med_codes of the 两库 batch CSVs.
const BUTYLPHTHALIDE = 'XN07XXD130E002010102774'; // 丁苯酞软胶囊
const EDOXABAN = 'XB01AFA319A001010101748'; // 甲苯磺酸艾多沙班片 (第九批)
const PUERARIN_INJ = 'XC01EBG072B002010100151'; // 葛根素注射液 (第十四批)
const OXYCODONE_SR = 'XN02AAQ033A010010100978'; // 盐酸羟考酮缓释片 (第十批)
const CILOSTAZOL = 'XB01ACX010A001010100177'; // 西洛他唑片 (第十三批)
const ORNITHINE_GRANULES = 'XA05BAM076N001010101957'; // 门冬氨酸鸟氨酸颗粒 (第十二批)

const butylphthalide = (extra: Partial<LineInput> = {}): LineInput => ({
  id: '1',
  code: BUTYLPHTHALIDE,
  name: '丁苯酞软胶囊',
  kind: 'drug',
  spec: '0.1g*24粒',
  dose: 0.2,
  doseUnit: 'g',
  frequency: 'tid',
  days: 7,
  quantity: 2,
  unit: '盒',
  route: '口服',
  price: 98.5,
  ...extra,
});

type QuantityParams = Record<string, unknown>;
const quantityRule = (params: QuantityParams, match: object = { lineKinds: ['drug'] }, id = 'q-test') => ({
  id,
  kind: 'quantity' as const,
  basis: '处方管理办法',
  match,
  params,
});

function run(params: QuantityParams, lines: LineInput[], encounter: EncounterInput = {}, extra: Partial<PackInput> = {}): Finding[] {
  const pack = makePack([quantityRule(params)] as PackInput['rules'], extra);
  const { findings } = check(pack, makeOrder({ encounter, lines }));
  for (const f of findings) FindingSchema.parse(f); // every finding honours the public contract
  return findings;
}

const dayLimits = (days: number, encounter: EncounterInput = {}, extra: Partial<PackInput> = {}) =>
  run({ dayLimits: true }, [butylphthalide({ days, quantity: 1 })], encounter, extra);

describe('quantity: 处方管理办法 day limits', () => {
  it('outpatient: 7 days pass, 8 days fail with set-days 7 and 转自费', () => {
    expect(dayLimits(7)).toEqual([]);
    const findings = dayLimits(8);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ kind: 'quantity', severity: 'warning', lineId: '1', basis: '处方管理办法' });
    expect(f.message).toContain('门诊处方 8 天');
    expect(f.message).toContain('7 天');
    expect(f.actions).toEqual([
      { type: 'set-days', value: 7, label: '改为 7 天' },
      { type: 'mark-self-pay', label: '转自费' },
    ]);
    // One of eight days is over: one eighth of 1 盒 × 98.5.
    expect(f.amountAtRisk).toBeCloseTo(98.5 / 8, 2);
  });

  it('emergency: 3 days pass, 4 days fail with set-days 3', () => {
    expect(dayLimits(3, { visitType: 'emergency' })).toEqual([]);
    const [f] = dayLimits(4, { visitType: 'emergency' });
    expect(f?.message).toContain('急诊处方 4 天');
    expect(f?.actions[0]).toMatchObject({ type: 'set-days', value: 3 });
  });

  it('inpatient orders have no day limit', () => {
    expect(dayLimits(60, { visitType: 'inpatient' })).toEqual([]);
  });

  it('a certified chronic condition lengthens the outpatient limit to the chronic one', () => {
    // 丁苯酞 (ATC N07XX) treats ischaemic stroke: covered by a 脑梗死 certification.
    const chronic = { chronicConditions: ['脑梗死后遗症'] };
    expect(dayLimits(8, chronic)).toEqual([]);
    expect(dayLimits(30, chronic)).toEqual([]);
    const [f] = dayLimits(31, chronic);
    expect(f?.message).toContain('门诊慢特病处方');
    expect(f?.actions[0]).toMatchObject({ type: 'set-days', value: 30 });
    // An empty list is not a chronic condition.
    expect(dayLimits(8, { chronicConditions: [] })).toHaveLength(1);
  });

  it('the chronic allowance covers only drugs of the certified condition', () => {
    // A 高血压 certification does not lengthen a stroke drug (N07XX); the 7-day limit applies.
    const [f] = dayLimits(14, { chronicConditions: ['高血压'] });
    expect(f?.message).toContain('门诊处方');
    expect(f?.actions[0]).toMatchObject({ type: 'set-days', value: 7 });
    // With a second certified condition that does cover it, the allowance holds.
    expect(dayLimits(14, { chronicConditions: ['高血压', '脑梗死'] })).toEqual([]);
    // A condition the table does not know keeps the allowance: the engine cannot tell.
    expect(dayLimits(14, { chronicConditions: ['某罕见病'] })).toEqual([]);
  });

  it('a declared 长期处方 allows up to 84 days for a drug of a chronic diagnosis on the order', () => {
    const stroke = { longTermPrescription: true, diagnoses: [{ code: 'I63.900', name: '脑梗死' }] };
    expect(dayLimits(84, stroke)).toEqual([]);
    const [f] = dayLimits(85, stroke);
    expect(f?.message).toContain('长期处方');
    expect(f?.actions[0]).toMatchObject({ type: 'set-days', value: 84 });
    // Only the certified condition's code is on the order: the code alone names the condition.
    expect(dayLimits(84, { longTermPrescription: true, diagnoses: [{ code: 'I63.900' }] })).toEqual([]);
    // A 糖尿病 diagnosis does not make a stroke drug a 长期处方 drug.
    const [g] = dayLimits(14, { longTermPrescription: true, diagnoses: [{ code: 'E11.900', name: '2型糖尿病' }] });
    expect(g?.message).toContain('门诊处方 14 天');
  });

  it('long-term and chronic do not lengthen an emergency prescription', () => {
    expect(dayLimits(4, { visitType: 'emergency', longTermPrescription: true, chronicConditions: ['高血压'] })).toHaveLength(1);
  });

  it('discharge medication follows settings.discharge', () => {
    expect(dayLimits(30, { visitType: 'discharge' })).toEqual([]);
    const [f] = dayLimits(31, { visitType: 'discharge' });
    expect(f?.message).toContain('出院带药');
    const local = { settings: { dayLimits: { discharge: 14 } } } as Partial<PackInput>;
    expect(dayLimits(14, { visitType: 'discharge' }, local)).toEqual([]);
    expect(dayLimits(15, { visitType: 'discharge' }, local)[0]?.actions[0]).toMatchObject({ type: 'set-days', value: 14 });
  });

  it('reads the outpatient limit from the pack settings', () => {
    const local = { settings: { dayLimits: { outpatient: 5 } } } as Partial<PackInput>;
    expect(dayLimits(5, {}, local)).toEqual([]);
    expect(dayLimits(6, {}, local)[0]?.actions[0]).toMatchObject({ type: 'set-days', value: 5 });
  });

  it('reports missing days and an unknown visit type as data gaps, not as passes', () => {
    const noDays = run({ dayLimits: true }, [butylphthalide({ days: undefined })]);
    expect(noDays).toMatchObject([{ kind: 'data', severity: 'info', lineId: '1' }]);
    expect(noDays[0]!.message).toBe('丁苯酞软胶囊 未填天数，未核对处方天数');
    expect(noDays[0]!.amountAtRisk).toBeUndefined();
    const zeroDays = run({ dayLimits: true }, [butylphthalide({ days: 0 })]);
    expect(zeroDays[0]!.message).toContain('未填天数');
    const noVisit = run({ dayLimits: true }, [butylphthalide({ days: 8 })], { visitType: undefined });
    expect(noVisit).toMatchObject([{ kind: 'data', severity: 'info' }]);
    expect(noVisit[0]!.message).toContain('就诊类型未知');
  });

  it('omits the amount when the price is unknown', () => {
    const [f] = run({ dayLimits: true }, [butylphthalide({ days: 8, price: undefined })]);
    expect(f?.kind).toBe('quantity');
    expect(f?.amountAtRisk).toBeUndefined();
  });
});

describe('quantity: drug-specific maxDays', () => {
  it('applies on its own, also to inpatient orders', () => {
    expect(run({ maxDays: 14 }, [butylphthalide({ days: 14 })], { visitType: 'inpatient' })).toEqual([]);
    const [f] = run({ maxDays: 14 }, [butylphthalide({ days: 15 })], { visitType: 'inpatient' });
    expect(f?.message).toContain('不超过 14 天');
    expect(f?.actions[0]).toEqual({ type: 'set-days', value: 14, label: '改为 14 天' });
  });

  it('reports only the stricter of the visit-type and the drug limit', () => {
    const outpatient = run({ dayLimits: true, maxDays: 14 }, [butylphthalide({ days: 10 })]);
    expect(outpatient).toHaveLength(1);
    expect(outpatient[0]!.actions[0]).toMatchObject({ value: 7 });
    const chronic = run({ dayLimits: true, maxDays: 14 }, [butylphthalide({ days: 20 })], { chronicConditions: ['脑梗死'] });
    expect(chronic).toHaveLength(1);
    expect(chronic[0]!.actions[0]).toMatchObject({ value: 14 });
  });
});

describe('quantity: dispensed total against dose × frequency × days', () => {
  const dispensed = (line: Partial<LineInput>) => run({ checkDispensed: true }, [butylphthalide(line)]);

  it('passes the contract example (0.2 g tid for 14 days, 2 盒 of 0.1g*24粒)', () => {
    expect(dispensed({ days: 14, quantity: 2 })).toEqual([]);
  });

  it('rounds the need up to whole 盒: 84 粒 is 3.5 盒, so 4 pass and 5 fail', () => {
    expect(dispensed({ days: 14, quantity: 4 })).toEqual([]);
    const [f] = dispensed({ days: 14, quantity: 5 });
    expect(f).toMatchObject({ kind: 'quantity', severity: 'warning', amountAtRisk: 98.5 });
    expect(f?.message).toContain('总量超出 14 天用量');
    expect(f?.message).toContain('需 4盒');
    expect(f?.actions).toEqual([{ type: 'set-quantity', value: 4, label: '数量改为 4盒' }]);
  });

  it('flags a whole spare 盒 even when the need is exact (7 days: 42 粒 → 2 盒)', () => {
    expect(dispensed({ days: 7, quantity: 2 })).toEqual([]);
    const [f] = dispensed({ days: 7, quantity: 4 });
    expect(f?.actions[0]).toMatchObject({ type: 'set-quantity', value: 2 });
    expect(f?.amountAtRisk).toBe(197);
  });

  it('counts a line in 粒 with one package of slack', () => {
    // 0.2 g tid × 14 days = 84 粒; a 24-粒 package of slack is tolerated, a whole spare one is not.
    const inCapsules = (quantity: number) => dispensed({ days: 14, quantity, unit: '粒', price: 4.1 });
    expect(inCapsules(84)).toEqual([]);
    expect(inCapsules(96)).toEqual([]);
    const [f] = inCapsules(108);
    expect(f?.actions[0]).toMatchObject({ type: 'set-quantity', value: 84 });
    expect(f?.amountAtRisk).toBeCloseTo(24 * 4.1, 2);
  });

  it('converts mg doses through a mg spec (甲苯磺酸艾多沙班片 60 mg qd, 30mg*14片)', () => {
    const line = (quantity: number): LineInput => ({
      id: '2', code: EDOXABAN, name: '甲苯磺酸艾多沙班片', spec: '30mg*14片', dose: 60, doseUnit: 'mg',
      frequency: '每日一次', days: 14, quantity, unit: '盒', price: 150,
    });
    expect(run({ checkDispensed: true }, [line(2)])).toEqual([]);
    const [f] = run({ checkDispensed: true }, [line(3)]);
    expect(f?.lineId).toBe('2');
    expect(f?.actions[0]).toMatchObject({ value: 2 });
    expect(f?.amountAtRisk).toBe(150);
  });

  it('uses nested counts: 10mg×7片×2板, counted in 板 or in 盒', () => {
    const line = (quantity: number, unit: string): LineInput => ({
      id: '3', code: CILOSTAZOL, name: '西洛他唑片', spec: '10mg×7片×2板', dose: 10, doseUnit: 'mg',
      frequency: 'bid', days: 7, quantity, unit,
    });
    // 2 × 7 = 14 片 = 2 板 = 1 盒.
    expect(run({ checkDispensed: true }, [line(2, '板')])).toEqual([]);
    expect(run({ checkDispensed: true }, [line(3, '板')])[0]?.actions[0]).toMatchObject({ value: 2 });
    expect(run({ checkDispensed: true }, [line(1, '盒')])).toEqual([]);
    expect(run({ checkDispensed: true }, [line(2, '盒')])[0]?.actions[0]).toMatchObject({ value: 1 });
  });

  it('reads an injection by mass (葛根素注射液 2ml:0.1g, 0.4 g qd × 14 days = 56 支)', () => {
    const line = (quantity: number): LineInput => ({
      id: '4', code: PUERARIN_INJ, name: '葛根素注射液', spec: '2ml:0.1g', dose: 0.4, doseUnit: 'g',
      frequency: 'qd', days: 14, quantity, unit: '支', route: '静脉滴注',
    });
    expect(run({ checkDispensed: true }, [line(56)])).toEqual([]);
    const [f] = run({ checkDispensed: true }, [line(60)]);
    expect(f?.actions[0]).toMatchObject({ type: 'set-quantity', value: 56 });
  });

  it('counts whole cycles for qod (7 days → 4 administrations)', () => {
    // 0.2 g = 2 粒 × 4 = 8 粒: 1 盒 is enough, 2 are not needed.
    expect(dispensed({ frequency: '隔日一次', days: 7, quantity: 1 })).toEqual([]);
    expect(dispensed({ frequency: 'qod', days: 7, quantity: 2 })).toHaveLength(1);
    expect(dispensed({ frequency: 'qod', days: 7, quantity: 9, unit: '粒' })).toEqual([]);
  });

  it('needs no 规格 when the dose is counted in the line unit (门冬氨酸鸟氨酸颗粒 1 袋 tid)', () => {
    const line = (quantity: number): LineInput => ({
      id: '5', code: ORNITHINE_GRANULES, name: '门冬氨酸鸟氨酸颗粒', dose: 1, doseUnit: '袋', frequency: '每天3次',
      days: 5, quantity, unit: '袋',
    });
    expect(run({ checkDispensed: true }, [line(15)])).toEqual([]);
    expect(run({ checkDispensed: true }, [line(16)])[0]?.actions[0]).toMatchObject({ value: 15 });
  });

  it('skips prn and st lines without a finding: as-needed use has no computable need', () => {
    expect(dispensed({ frequency: 'prn', days: 7, quantity: 20 })).toEqual([]);
    expect(dispensed({ frequency: '必要时', days: 7, quantity: 20 })).toEqual([]);
    expect(dispensed({ frequency: 'st', days: 1, quantity: 20 })).toEqual([]);
  });

  it('does not flag under-dispensing', () => {
    expect(dispensed({ days: 30, quantity: 1 })).toEqual([]);
  });
});

describe('quantity: data gaps say exactly what was not verified', () => {
  const gaps = (line: Partial<LineInput>, params: QuantityParams = { checkDispensed: true }) => run(params, [butylphthalide(line)]);

  it.each([
    [{ spec: '每盒若干' }, '丁苯酞软胶囊 规格「每盒若干」无法解析，未核对总量'],
    [{ spec: undefined }, '丁苯酞软胶囊 未填规格，未核对总量'],
    [{ frequency: '遵医嘱' }, '丁苯酞软胶囊 频次「遵医嘱」无法识别，未核对总量'],
    [{ frequency: undefined }, '丁苯酞软胶囊 未填频次，未核对总量'],
    [{ dose: undefined }, '丁苯酞软胶囊 未填单次剂量，未核对总量'],
    [{ doseUnit: undefined }, '丁苯酞软胶囊 未填剂量单位，未核对总量'],
    [{ days: undefined }, '丁苯酞软胶囊 未填天数，未核对总量'],
    [{ quantity: undefined }, '丁苯酞软胶囊 未填数量，未核对总量'],
    [{ unit: undefined }, '丁苯酞软胶囊 未填数量单位，未核对总量'],
  ])('%j', (line, message) => {
    const findings = gaps(line);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'data', severity: 'info', lineId: '1', ruleId: 'q-test', message });
    expect(findings[0]!.amountAtRisk).toBeUndefined();
  });

  it('explains a dose unit the spec cannot convert', () => {
    const [f] = gaps({ doseUnit: '片' });
    expect(f).toMatchObject({ kind: 'data', severity: 'info' });
    expect(f?.message).toContain('「片」');
    expect(f?.message).toContain('未核对总量');
  });

  it('explains a box the spec does not size', () => {
    const [f] = gaps({ spec: '2ml:0.1g', dose: 0.1, unit: '盒' });
    expect(f?.kind).toBe('data');
    expect(f?.message).toContain('未标明每盒数量');
  });

  it('keeps the parser reason in the detail', () => {
    const [f] = gaps({ spec: '0.1q*24粒' });
    expect(f?.detail).toContain('单位无法识别');
  });

  it('groups one missing datum across checks into one finding', () => {
    const findings = gaps({ frequency: undefined }, { checkDispensed: true, maxDailyDose: { value: 0.6, unit: 'g' } });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('丁苯酞软胶囊 未填频次，未核对日剂量、总量');
  });

  it('reports a data gap alongside a real finding of another check', () => {
    const findings = run({ dayLimits: true, checkDispensed: true }, [butylphthalide({ days: 8, spec: '见说明书' })]);
    expect(findings.map((f) => f.kind)).toEqual(['quantity', 'data']);
  });
});

describe('quantity: maxDailyDose', () => {
  const daily = (line: Partial<LineInput>, max = { value: 0.6, unit: 'g' }) => run({ maxDailyDose: max }, [butylphthalide(line)]);

  it('passes 0.2 g tid against 0.6 g a day, and flags 0.3 g tid', () => {
    expect(daily({})).toEqual([]);
    const [f] = daily({ dose: 0.3 });
    expect(f).toMatchObject({ kind: 'quantity', severity: 'warning' });
    expect(f?.message).toContain('日剂量 0.9g');
    expect(f?.message).toContain('0.6g');
    expect(f?.actions).toEqual([{ type: 'mark-self-pay', label: '转自费' }]);
    // A third of each day's dose is over the maximum: a third of 2 盒 × 98.5.
    expect(f?.amountAtRisk).toBeCloseTo((2 * 98.5) / 3, 2);
  });

  it('converts between mg and g without a spec, and from 粒 through the spec', () => {
    expect(daily({ dose: 200, doseUnit: 'mg', spec: undefined })).toEqual([]);
    expect(daily({ dose: 201, doseUnit: 'mg', spec: undefined })).toHaveLength(1);
    expect(daily({ dose: 2, doseUnit: '粒' })).toEqual([]);
    expect(daily({ dose: 3, doseUnit: '粒' })[0]?.message).toContain('0.9g');
    expect(daily({}, { value: 600, unit: 'mg' })).toEqual([]);
    expect(daily({}, { value: 6, unit: '粒' })).toEqual([]);
    expect(daily({}, { value: 5, unit: '粒' })).toHaveLength(1);
  });

  it('bounds the heaviest day: q6h counts 4 administrations, qod one', () => {
    expect(daily({ frequency: 'q6h' })[0]?.message).toContain('0.8g');
    expect(daily({ frequency: 'qod', dose: 0.6 })).toEqual([]);
    expect(daily({ frequency: 'qod', dose: 0.7 })).toHaveLength(1);
  });

  it('still catches a single prn dose above the daily maximum', () => {
    expect(daily({ frequency: 'prn', dose: 0.6 })).toEqual([]);
    expect(daily({ frequency: 'prn', dose: 0.8 })).toHaveLength(1);
  });

  it('reports what it could not verify', () => {
    expect(daily({ dose: undefined })[0]?.message).toBe('丁苯酞软胶囊 未填单次剂量，未核对日剂量');
    expect(daily({ dose: 2, doseUnit: '粒', spec: undefined })[0]?.message).toBe('丁苯酞软胶囊 未填规格，未核对日剂量');
    expect(daily({ doseUnit: 'ml' })[0]).toMatchObject({ kind: 'data' });
  });
});

describe('quantity: maxQuantity', () => {
  // 盐酸羟考酮缓释片 10mg*10片: a local cap of 2 盒 per prescription.
  const oxycodone = (quantity: number, unit = '盒'): LineInput => ({
    id: '6', code: OXYCODONE_SR, name: '盐酸羟考酮缓释片', spec: '10mg*10片', dose: 10, doseUnit: 'mg',
    frequency: 'q12h', days: 7, quantity, unit, price: 60,
  });
  const capped = (line: LineInput, max: QuantityParams = { value: 2, unit: '盒' }) => run({ maxQuantity: max }, [line]);

  it('passes 2 盒 and flags 3 盒 with set-quantity 2', () => {
    expect(capped(oxycodone(2))).toEqual([]);
    const [f] = capped(oxycodone(3));
    expect(f).toMatchObject({ kind: 'quantity', amountAtRisk: 60 });
    expect(f?.message).toContain('2盒');
    expect(f?.actions).toEqual([{ type: 'set-quantity', value: 2, label: '数量改为 2盒' }]);
  });

  it('converts a line counted in 片 to 盒 through the spec', () => {
    expect(capped(oxycodone(20, '片'))).toEqual([]);
    const [f] = capped(oxycodone(30, '片'));
    expect(f?.message).toContain('本次 3盒');
    expect(f?.actions[0]).toMatchObject({ type: 'set-quantity', value: 20 });
  });

  it('compares in the line unit when the rule names none', () => {
    expect(capped(oxycodone(14, '片'), { value: 14 })).toEqual([]);
    expect(capped(oxycodone(15, '片'), { value: 14 })[0]?.actions[0]).toMatchObject({ value: 14 });
  });

  it('reports a missing quantity or unit as a data gap', () => {
    expect(capped({ ...oxycodone(2), quantity: undefined })[0]?.message).toBe('盐酸羟考酮缓释片 未填数量，未核对开具数量');
    expect(capped({ ...oxycodone(2), unit: undefined })[0]?.message).toBe('盐酸羟考酮缓释片 未填数量单位，未核对开具数量');
    expect(capped({ ...oxycodone(20, '片'), spec: undefined })[0]?.message).toBe('盐酸羟考酮缓释片 未填规格，未核对开具数量');
  });
});

describe('quantity: scope and robustness', () => {
  it('applies only to the lines the rule matches', () => {
    const pack = makePack([quantityRule({ checkDispensed: true }, { codes: [EDOXABAN] })] as PackInput['rules']);
    const { findings } = check(pack, makeOrder({ lines: [butylphthalide({ days: 14, quantity: 10 })] }));
    expect(findings).toEqual([]);
  });

  it('does nothing when no check is enabled', () => {
    expect(run({}, [butylphthalide({ days: 60, quantity: 50, spec: '??' })])).toEqual([]);
  });

  it('never throws on hostile text', () => {
    const odd = ['', '((((', '0.1g*', '*', '1e309g', 'NaN粒', '0.1g*24粒/盒/盒', 'x'.repeat(5000)];
    for (const text of odd) {
      const findings = run({ checkDispensed: true, maxDailyDose: { value: 1, unit: 'g' } }, [butylphthalide({ spec: text, frequency: text, doseUnit: 'g' })]);
      expect(findings.every((f) => f.kind === 'data' || f.kind === 'quantity')).toBe(true);
      expect(findings.some((f) => f.ruleId === 'q-test')).toBe(true);
    }
  });
});

describe('inpatient long-term orders', () => {
  it('an inpatient line without days has no total to check and asks for nothing; with days it is checked', async () => {
    const { makeOrder, makePack, check } = await import('../../support/builders');
    const pack = makePack([
      { id: 'rx', kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true, checkDispensed: true } },
    ]);
    // 丁苯酞软胶囊 0.2 g tid: 6 粒 a day.
    const line = { id: '1', code: 'XN07XXD130E002010102774', name: '丁苯酞软胶囊', spec: '0.1g*24粒', dose: 0.2, doseUnit: 'g', frequency: 'tid', quantity: 6, unit: '粒' };
    const inpatient = { visitType: 'inpatient' as const };
    expect(check(pack, makeOrder({ encounter: inpatient, lines: [line] })).findings).toEqual([]);
    expect(check(pack, makeOrder({ encounter: { visitType: 'outpatient' }, lines: [line] })).findings).toMatchObject([{ kind: 'data' }]);
    const overDispensed = { ...line, days: 1, quantity: 60 };
    expect(check(pack, makeOrder({ encounter: inpatient, lines: [overDispensed] })).findings).toMatchObject([{ kind: 'quantity' }]);
  });
});
