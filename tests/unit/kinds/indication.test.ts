import { describe, expect, it } from 'vitest';
import { FindingSchema, MESSAGE_MAX } from '../../../contract/findings';
import type { PackInput } from '../../../rules/pack/schema';
import { check, makeOrder, makePack } from '../../support/builders';
import { diagnosis, indicationRow } from '../indication/shared-data';

type RuleInput = PackInput['rules'][number];

function indicationRule(id: string, code: string, params: Record<string, unknown>, extra: Partial<RuleInput> = {}): RuleInput {
  return {
    id,
    kind: 'indication',
    basis: '国家医保局两库 药品限适应症',
    match: { codes: [code] },
    params,
    ...extra,
  } as RuleInput;
}

// 阿利沙坦酯片 — 两库 第十四批 药品限适应症: "限轻、中度原发性高血压。"
const allisartan = indicationRow('阿利沙坦酯片', '14');
const ALLISARTAN = allisartan.medCodes[0]!;
const hypertensionParams = {
  icdRanges: [{ from: 'I10', to: 'I13' }],
  keywords: ['原发性高血压', '高血压病'],
  excludeKeywords: ['继发性'],
};
const allisartanLine = { id: '1', code: ALLISARTAN, name: '阿利沙坦酯片', quantity: 2, price: 36.5 };

describe('indication rule', () => {
  const pack = makePack([
    indicationRule('b14-allisartan', ALLISARTAN, hypertensionParams, { name: '阿利沙坦酯片', text: allisartan.constraint }),
  ]);

  it('passes a line when a diagnosis code lies in the allowed range', () => {
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('I10.x00x002')] }, lines: [allisartanLine] });
    expect(check(pack, order).findings).toEqual([]);
  });

  it('flags a line whose diagnoses are all outside, as a payment problem with the amount at risk', () => {
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('J18.900')] }, lines: [allisartanLine] });
    const { findings } = check(pack, order);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ kind: 'indication', severity: 'warning', lineId: '1', amountAtRisk: 73 });
    expect(finding!.message).toContain('轻、中度原发性高血压');
    expect(finding!.message).toContain('肺炎');
    expect(finding!.message).toContain('医保不予支付');
    expect(finding!.actions.map((a) => a.type)).toEqual(['add-diagnosis', 'mark-self-pay']);
    expect(finding!.detail).toBe(allisartan.constraint);
    expect(() => FindingSchema.parse(finding)).not.toThrow();
  });

  it('accepts any one supporting diagnosis among several', () => {
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('J18.900'), diagnosis('I11.900', false)] }, lines: [allisartanLine] });
    expect(check(pack, order).findings).toEqual([]);
  });

  it('does not let a name with an exclude word count', () => {
    // 继发性高血压 carries the keyword 高血压; only the exclude word keeps it out.
    const secondary = diagnosis('I15.900');
    const byName = (excludeKeywords: string[]) =>
      makePack([indicationRule('by-name', ALLISARTAN, { icdPrefixes: ['I10'], keywords: ['高血压'], excludeKeywords })]);
    const order = makeOrder({ encounter: { diagnoses: [secondary] }, lines: [allisartanLine] });
    expect(check(byName([]), order).findings).toEqual([]);
    expect(check(byName(['继发性']), order).findings).toMatchObject([{ kind: 'indication', severity: 'warning' }]);
  });

  it('counts a certified chronic condition when no diagnosis is typed', () => {
    const order = makeOrder({ encounter: { diagnoses: [], chronicConditions: ['原发性高血压'] }, lines: [allisartanLine] });
    expect(check(pack, order).findings).toEqual([]);
  });

  it('counts the 门诊慢特病 病种 the visit is registered under as a certified condition', () => {
    const registered = makeOrder({ encounter: { diagnoses: [], chronicDiseases: [{ code: 'M03900', name: '高血压病' }] }, lines: [allisartanLine] });
    expect(check(pack, registered).findings).toEqual([]);
    // Another 病种 does not support a 高血压 restriction.
    const other = makeOrder({ encounter: { diagnoses: [], chronicDiseases: [{ code: 'M01600', name: '糖尿病' }] }, lines: [allisartanLine] });
    expect(check(pack, other).findings.map((f) => f.kind)).toEqual(['indication']);
  });

  it('reports a missing diagnosis as a data gap (per the contract), naming what is allowed', () => {
    const order = makeOrder({ encounter: { diagnoses: [] }, lines: [allisartanLine] });
    const { findings } = check(pack, order);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'data', severity: 'info' });
    expect(findings[0]!.message).toContain('未录入诊断');
    expect(findings[0]!.message).toContain('轻、中度原发性高血压');
    expect(findings[0]!.actions[0]).toEqual({ type: 'add-diagnosis', label: '补录诊断' });
  });

  it('keeps a missing diagnosis at info even for a critical rule; a wrong diagnosis takes the rule severity', () => {
    const severe = makePack([indicationRule('crit', ALLISARTAN, hypertensionParams, { severity: 'critical' })]);
    const empty = makeOrder({ encounter: { diagnoses: [] }, lines: [allisartanLine] });
    expect(check(severe, empty).findings[0]!.severity).toBe('info');
    const wrong = makeOrder({ encounter: { diagnoses: [diagnosis('J18.900')] }, lines: [allisartanLine] });
    expect(check(severe, wrong).findings[0]!.severity).toBe('critical');
  });

  it('names the diseases by the rule label when the text is a list', () => {
    // 替戈拉生片 — 第十二批: "限：1.反流性食管炎；2.十二指肠溃疡；3.…幽门螺杆菌。"
    const tegoprazan = indicationRow('替戈拉生片');
    const listed = makePack([
      indicationRule('b12-tegoprazan', tegoprazan.medCodes[0]!, { icdPrefixes: ['K21', 'K26', 'B98.0'], label: '反流性食管炎、十二指肠溃疡、幽门螺杆菌' }, { text: tegoprazan.constraint }),
    ]);
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('J18.900')] }, lines: [{ id: '1', code: tegoprazan.medCodes[0]!, name: '替戈拉生片' }] });
    expect(check(listed, order).findings[0]!.message).toContain('限反流性食管炎、十二指肠溃疡、幽门螺杆菌，');
  });

  it('ignores lines of other items', () => {
    const order = makeOrder({ encounter: { diagnoses: [] }, lines: [{ ...allisartanLine, code: 'XC09CAA284A001019999999' }] });
    expect(check(pack, order).findings).toEqual([]);
  });
});

describe('indication rule conditions', () => {
  const pack = makePack([
    indicationRule('b14-allisartan-cond', ALLISARTAN, { ...hypertensionParams, conditions: ['轻、中度原发性高血压'] }),
  ]);

  it('asks the doctor to confirm what no order shows once the diagnosis fits', () => {
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('I10.x00x002')] }, lines: [allisartanLine] });
    const { findings } = check(pack, order);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'indication', severity: 'info' });
    expect(findings[0]!.message).toContain('轻、中度原发性高血压');
    expect(findings[0]!.actions[0]).toEqual({ type: 'confirm', label: '已确认：轻、中度原发性高血压' });
  });

  it('settles a grade condition from a graded diagnosis (ICD-10 医保版 2.0 高血压1–3级)', () => {
    const orderWith = (code: string) => makeOrder({ encounter: { diagnoses: [diagnosis(code)] }, lines: [allisartanLine] });
    // 高血压2级 is 中度: within 轻、中度, nothing to confirm.
    expect(check(pack, orderWith('I10.x04')).findings).toEqual([]);
    expect(check(pack, orderWith('I10.x03')).findings).toEqual([]);
    // 高血压3级 is 重度: outside the payment range.
    const [severe] = check(pack, orderWith('I10.x05')).findings;
    expect(severe).toMatchObject({ kind: 'indication', severity: 'warning' });
    expect(severe!.message).toContain('重度');
    expect(severe!.message).toContain('医保不予支付');
  });

  it('reports the diagnosis problem, not the conditions, when the diagnosis does not fit', () => {
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('J18.900')] }, lines: [allisartanLine] });
    const { findings } = check(pack, order);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('warning');
  });

  it('asks for confirmation alone when the rule names no disease', () => {
    // 度拉糖肽注射液 — 第十二批: the text names conditions only (BMI≥25, 口服降糖药控制不佳).
    const dulaglutide = indicationRow('度拉糖肽注射液');
    const conditionsOnly = makePack([
      indicationRule('b12-dulaglutide', dulaglutide.medCodes[0]!, { conditions: ['二甲双胍等口服降糖药或胰岛素控制效果不佳的BMI≥25'] }),
    ]);
    const order = makeOrder({ encounter: { diagnoses: [] }, lines: [{ id: '1', code: dulaglutide.medCodes[0]!, name: '度拉糖肽注射液' }] });
    const { findings } = check(conditionsOnly, order);
    expect(findings).toMatchObject([{ kind: 'indication', severity: 'info', actions: [{ type: 'confirm' }, { type: 'mark-self-pay' }] }]);
  });

  it('keeps long conditions inside the message limit', () => {
    const long = makePack([
      indicationRule('long', ALLISARTAN, { ...hypertensionParams, conditions: ['接受中等或以上剂量他汀类药物治疗，仍无法达到低密度脂蛋白胆固醇目标的原发性高胆固醇血症和混合型血脂异常'.repeat(3)] }),
    ]);
    const order = makeOrder({ encounter: { diagnoses: [diagnosis('I10.x00x002')] }, lines: [allisartanLine] });
    const [finding] = check(long, order).findings;
    expect(Array.from(finding!.message).length).toBeLessThanOrEqual(MESSAGE_MAX);
    expect(() => FindingSchema.parse(finding)).not.toThrow();
  });
});

describe('indication rule code matching where the words differ', () => {
  it('places 突发性聋 (H91.200x001) under a 突发性耳聋 restriction by code', () => {
    // 葛根素注射液 — 第十四批: "限视网膜动静脉阻塞或突发性耳聋患者，支付不超过14天。"
    const puerarin = indicationRow('葛根素注射液', '14');
    const code = puerarin.medCodes[0]!;
    const pack = makePack([
      indicationRule('b14-puerarin', code, { icdPrefixes: ['H34', 'H91.2'], keywords: ['视网膜动静脉阻塞', '突发性耳聋'] }, { text: puerarin.constraint }),
    ]);
    const line = { id: '1', code, name: '葛根素注射液' };
    const deafness = diagnosis('H91.200x001');
    expect(deafness.name).not.toContain('突发性耳聋');
    expect(check(pack, makeOrder({ encounter: { diagnoses: [deafness] }, lines: [line] })).findings).toEqual([]);
    const ototoxic = diagnosis('H91.000');
    expect(check(pack, makeOrder({ encounter: { diagnoses: [ototoxic] }, lines: [line] })).findings).toMatchObject([{ kind: 'indication' }]);
  });

  it('places 前列腺恶性肿瘤 (C61.x00) under a 前列腺癌 restriction', () => {
    // 达罗他胺片 — catalogue 疾病限制 "(前列腺癌)", keyed by the first 12 characters of the code.
    const pack = makePack([
      {
        id: 'cat-darolutamide',
        kind: 'indication',
        match: { prefixes: ['XL02BBD348A0'] },
        params: { icdPrefixes: ['C61'], keywords: ['前列腺癌'] },
      },
    ]);
    const line = { id: '1', code: 'XL02BBD348A001010183105', name: '达罗他胺片' };
    expect(check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('C61.x00')] }, lines: [line] })).findings).toEqual([]);
    expect(check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('N40.x00')] }, lines: [line] })).findings).toHaveLength(1);
  });
});

describe('indication rule excludes and insurance alternatives', () => {
  it('does not let a benign tumour satisfy a tumour restriction', () => {
    // 艾迪注射液 — catalogue 疾病限制 "(肿瘤|癌)", keyed by the first 12 characters of the code.
    const pack = makePack([
      {
        id: 'cat-aidi',
        kind: 'indication',
        match: { prefixes: ['ZC01AAA0042'] },
        params: { icdRanges: [{ from: 'C00', to: 'C97' }, { from: 'D37', to: 'D48' }], keywords: ['肿瘤'], excludeKeywords: ['良性'] },
      },
    ]);
    // The catalogue gives only the key; a line carrying exactly the key is matched like a full code.
    const line = { id: '1', code: 'ZC01AAA0042', name: '艾迪注射液' };
    expect(check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('D36.900')] }, lines: [line] })).findings).toHaveLength(1);
    expect(check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('D48.900')] }, lines: [line] })).findings).toEqual([]);
  });

  it('pays 生育保险 patients whatever the diagnosis when the text says "或生育保险"', () => {
    // 米非司酮片 — 第十五批: "限子宫肌瘤患者或生育保险。"
    const mifepristone = indicationRow('米非司酮片');
    const code = mifepristone.medCodes[0]!;
    const pack = makePack([
      indicationRule('b15-mifepristone', code, { icdPrefixes: ['D25'], keywords: ['子宫肌瘤'], orInsuranceTypes: ['maternity'] }),
    ]);
    const line = { id: '1', code, name: '米非司酮片' };
    const early = diagnosis('Z33.x00');
    expect(check(pack, makeOrder({ patient: { sex: 'F' }, encounter: { insuranceType: 'maternity', diagnoses: [early] }, lines: [line] })).findings).toEqual([]);
    expect(check(pack, makeOrder({ patient: { sex: 'F' }, encounter: { insuranceType: 'employee', diagnoses: [early] }, lines: [line] })).findings).toHaveLength(1);
    expect(check(pack, makeOrder({ patient: { sex: 'F' }, encounter: { insuranceType: 'employee', diagnoses: [diagnosis('D25.900')] }, lines: [line] })).findings).toEqual([]);
  });
});
