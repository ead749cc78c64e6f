import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { diagnosisRules } from '../../../rules/import/knowledge-rules';
import { diagnosis } from '../indication/shared-data';

// The demo pack's own four rules (female, male, perinatal, pregnancy), built from rules/data.
const pack = makePack(diagnosisRules());
// Any paid line makes the order a claim; the diagnosis rules are checked over the whole order.
const line = { id: '1', code: '001102000010000', name: '普通门诊诊查费', kind: 'item' as const, quantity: 1, price: 10 };
const withDiagnoses = (patient: NonNullable<Parameters<typeof makeOrder>[0]>['patient'], ...codes: string[]) =>
  makeOrder({ patient, encounter: { diagnoses: codes.map((c, i) => diagnosis(c, i === 0)) }, lines: [line] });
const findingsOf = (order: ReturnType<typeof makeOrder>) => check(pack, order).findings;

describe('diagnosis-sex (诊断与患者性别不符)', () => {
  it('flags a male-organ diagnosis on a woman: order-level, critical, code and name, the fix', () => {
    const findings = findingsOf(withDiagnoses({ sex: 'F', ageYears: 60 }, 'N40.x00'));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ kind: 'diagnosis-sex', ruleId: 'icd-sex-male', severity: 'critical', actions: [{ type: 'add-diagnosis', label: '核对诊断编码' }] });
    expect(f!.lineId).toBeUndefined();
    expect(f!.message).toContain('N40.x00 前列腺增生');
    expect(f!.message).toContain('患者为女性');
    expect(f!.message).toContain('男性生殖器官疾病 N40–N50');
    expect(f!.basis).toContain('诊断与患者性别不符');
  });

  it('flags pregnancy and female-organ codes on a man, each diagnosis once', () => {
    const findings = findingsOf(withDiagnoses({ sex: 'M', ageYears: 30 }, 'O80.000', 'N83.200', 'N83.200'));
    expect(findings.map((f) => f.message.slice(0, 20))).toHaveLength(2);
    expect(findings.every((f) => f.ruleId === 'icd-sex-female')).toBe(true);
  });

  it('passes the matching sex', () => {
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 60 }, 'N40.x00', 'C61.x00'))).toEqual([]);
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 40 }, 'N83.200', 'D25.900'))).toEqual([]);
  });

  it('says nothing when the sex is unknown (nothing to compare; the gap is the page’s, reported elsewhere)', () => {
    expect(findingsOf(withDiagnoses({ sex: 'U', ageYears: 60 }, 'N40.x00'))).toEqual([]);
    expect(findingsOf(withDiagnoses({ sex: undefined, ageYears: 60 }, 'N40.x00'))).toEqual([]);
  });

  it('leaves out disorders of sex development: 5α-还原酶缺陷症 on a patient registered female', () => {
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 16 }, 'E29.105'))).toEqual([]);
    // …while the rest of E29 (睾丸功能障碍) is the male span.
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 16 }, 'E29.101'))).toHaveLength(1);
  });

  it('covers codes outside the spans that name an organ of one sex, and dagger codes by their first part', () => {
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 40 }, 'S37.600'))[0]!.message).toContain('S37.600 子宫损伤 为女性专用编码，');
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 40 }, 'A18.109+N51.0*'))).toHaveLength(1);
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 40 }, 'B37.300+N77.1*'))).toHaveLength(1);
  });

  it('does not flag a man with male breast cancer or gynaecomastia (both-sex categories)', () => {
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 60 }, 'C50.901', 'N62.x02'))).toEqual([]);
  });

  it('compares codes however the page punctuates them', () => {
    const order = makeOrder({ patient: { sex: 'F', ageYears: 60 }, encounter: { diagnoses: [{ code: 'n40x00', name: '前列腺增生' }] }, lines: [line] });
    expect(findingsOf(order)).toHaveLength(1);
  });

  it('puts nothing at risk when 医保 pays nothing: a 自费 encounter, or every line 自费', () => {
    expect(findingsOf(makeOrder({ patient: { sex: 'F' }, encounter: { insuranceType: 'self-pay', diagnoses: [diagnosis('N40.x00')] }, lines: [line] }))).toEqual([]);
    expect(findingsOf(makeOrder({ patient: { sex: 'F' }, encounter: { diagnoses: [diagnosis('N40.x00')] }, lines: [{ ...line, selfPay: true }] }))).toEqual([]);
  });
});

describe('diagnosis-age (诊断与患者年龄不符)', () => {
  it('asks to check a perinatal code on an adult (warning, with a confirmation)', () => {
    const findings = findingsOf(withDiagnoses({ sex: 'F', ageYears: 28 }, 'P01.100'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'diagnosis-age', ruleId: 'icd-age-perinatal', severity: 'warning' });
    expect(findings[0]!.actions.map((a) => a.type)).toEqual(['add-diagnosis', 'confirm']);
    expect(findings[0]!.message).toContain('患者 28 岁');
  });

  it('lets a child keep a perinatal code (ICD allows conditions originating then)', () => {
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 3 }, 'P27.100'))).toEqual([]);
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 17 }, 'P27.100'))).toEqual([]);
    expect(findingsOf(withDiagnoses({ sex: 'M', ageYears: 18 }, 'P27.100'))).toHaveLength(1);
  });

  it('asks to check a pregnancy code on a newborn (the mother’s code on the baby’s record) or a 61-year-old', () => {
    const newborn = findingsOf(withDiagnoses({ sex: 'F', ageDays: 2 }, 'O80.000'));
    expect(newborn).toMatchObject([{ kind: 'diagnosis-age', ruleId: 'icd-age-pregnancy' }]);
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 61 }, 'Z34.900'))).toHaveLength(1);
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 10 }, 'O80.000'))).toEqual([]);
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 60 }, 'O80.000'))).toEqual([]);
  });

  it('lets sequelae of pregnancy (O94) be coded at any age', () => {
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: 75 }, 'O94.x00'))).toEqual([]);
  });

  it('says nothing when the age is unknown', () => {
    expect(findingsOf(withDiagnoses({ sex: 'F', ageYears: undefined }, 'P01.100'))).toEqual([]);
  });
});
