import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';

// Real codes from ../shared/data/drug-restrictions-structured.csv (12-char prefixes) and 两库 第三批.
const FAT_EMULSION = 'XB05BAZ018B002010100001'; // 脂肪乳注射液(C14-24): 就医限制 住院
const KANGAI = 'ZC01AAK0019010100001'; // 康艾注射液: 机构限制 二级
const SCAR_CREAM = 'ZH01AAB0066010100716'; // 疤痕止痒软化膏: 限工伤
const AMINO = 'XB05BAF160B002010100001'; // 复方氨基酸注射液(20AA): 专科 (营养)
const FENTANYL = 'XN02ABF027V002010101389'; // 芬太尼透皮贴剂: 第十批 超互联网医院药品支付范围

const pack = makePack([
  { id: 'inpatient-only', kind: 'visit-type', match: { prefixes: ['XB05BAZ018B0'] }, params: { allowed: ['inpatient'] } },
  { id: 'er-or-inpatient', kind: 'visit-type', match: { codes: ['XER0000000000000000001'] }, params: { allowed: ['emergency', 'inpatient'] } },
  { id: 'level2', kind: 'institution-level', match: { prefixes: ['ZC01AAK00190'] }, params: { minLevel: 2 } },
  { id: 'injury', kind: 'insurance-type', match: { codes: [SCAR_CREAM] }, params: { allowed: ['work-injury'] } },
  { id: 'nutrition', kind: 'department', match: { prefixes: ['XB05BAF160B0'] }, params: { keywords: ['营养'] } },
  { id: 'internet', kind: 'visit-type', match: { codes: [FENTANYL] }, params: { forbidInternet: true } },
]);
const run = (encounter: OrderParts['encounter'], code: string) =>
  check(pack, makeOrder({ encounter, lines: [{ id: '1', code, name: 'x', quantity: 2, price: 30 }] })).findings;

describe('visit-type rule', () => {
  it('限住院: outpatient flagged, inpatient and 出院带药 pass', () => {
    expect(run({ visitType: 'outpatient' }, FAT_EMULSION)).toMatchObject([{ kind: 'visit-type', amountAtRisk: 60 }]);
    expect(run({ visitType: 'inpatient' }, FAT_EMULSION)).toEqual([]);
    expect(run({ visitType: 'discharge' }, FAT_EMULSION)).toEqual([]);
  });
  it('限急诊或住院 accepts emergency', () => {
    expect(run({ visitType: 'emergency' }, 'XER0000000000000000001')).toEqual([]);
    expect(run({ visitType: 'outpatient' }, 'XER0000000000000000001')[0]!.message).toContain('急诊或住院');
  });
  it('unknown visit type is a data gap', () => {
    expect(run({ visitType: undefined }, FAT_EMULSION)).toMatchObject([{ kind: 'data' }]);
  });
  it('特殊管理药品 in an 互联网诊疗 encounter are flagged; in clinic they are not', () => {
    expect(run({ internet: true }, FENTANYL)).toMatchObject([{ kind: 'visit-type' }]);
    expect(run({ internet: false }, FENTANYL)).toEqual([]);
  });
});

describe('institution-level rule', () => {
  it('限二级及以上: level 1 flagged, 2 and 3 pass, unknown is a data gap', () => {
    expect(run({ institutionLevel: 1 }, KANGAI)).toMatchObject([{ kind: 'institution-level' }]);
    expect(run({ institutionLevel: 2 }, KANGAI)).toEqual([]);
    expect(run({ institutionLevel: 3 }, KANGAI)).toEqual([]);
    expect(run({ institutionLevel: undefined }, KANGAI)).toMatchObject([{ kind: 'data' }]);
  });
});

describe('insurance-type rule', () => {
  it('限工伤保险: employee insurance flagged, work injury passes', () => {
    const f = run({ insuranceType: 'employee' }, SCAR_CREAM);
    expect(f).toMatchObject([{ kind: 'insurance-type' }]);
    expect(f[0]!.message).toContain('工伤保险');
    expect(run({ insuranceType: 'work-injury' }, SCAR_CREAM)).toEqual([]);
    expect(run({ insuranceType: undefined }, SCAR_CREAM)).toMatchObject([{ kind: 'data' }]);
  });
});

describe('department rule', () => {
  it('限营养专科: 临床营养科 passes, 心血管内科 flagged, missing department is a data gap', () => {
    expect(run({ department: '临床营养科' }, AMINO)).toEqual([]);
    expect(run({ department: '心血管内科' }, AMINO)[0]!.message).toContain('心血管内科');
    expect(run({ department: undefined }, AMINO)).toMatchObject([{ kind: 'data' }]);
  });
});
