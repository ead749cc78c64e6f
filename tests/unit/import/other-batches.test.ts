import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { writeXlsx, type CellValue } from '../../../rules/import/xlsx-write';
import { check, makeOrder, makePack } from '../../support/builders';
import { plainCsvObjects } from './plain-reading';
import { sharedFile } from './xlsx-fixture';

/**
 * Later batches of the same family, not in the shared folder: other restriction types (限定就医方式,
 * 限定机构等级, 限定支付疗程, 限定性别, 限定年龄) and other header wording. The workbooks are written
 * with the repository's own xlsx writer (shared strings, numbers as numbers), with real names and
 * codes from ../shared/data.
 */

const workbook = (...sheets: { name: string; rows: CellValue[][] }[]) => writeXlsx(sheets);
const importBook = (name: string, bytes: Uint8Array) => importAnyFile({ name, bytes });
const byName = (rules: RuleInput[], name: string, kind?: string) => {
  const found = rules.filter((r) => r.name === name && (!kind || r.kind === kind));
  if (found.length !== 1) throw new Error(`expected one rule for ${name} ${kind ?? ''}, found ${found.length}`);
  return found[0]!;
};

/** National codes of a drug as a 2026 batch CSV lists them. */
function codesOf(file: string, drug: string): string[] {
  const row = plainCsvObjects(sharedFile(file)).find((r) => r.item_name === drug);
  if (!row) throw new Error(`${drug} is not in ${file}`);
  return row.med_codes!.split(';');
}
const GINKGO = codesOf('【第十四批】药品限适应症.csv', '银杏叶提取物注射液');
const APREPITANT = codesOf('【第十二批】药品限适应症.csv', '阿瑞匹坦注射液');
const IGURATIMOD = codesOf('【第九批】药品限二线使用.csv', '艾拉莫德片');

describe('限定就医方式: an item batch with a title row and other header wording', () => {
  const bytes = workbook({
    name: '知识点明细',
    rows: [
      ['“医疗服务项目限定就医方式”规则对应知识点明细'],
      ['序号', '医疗服务项目名称', '医保目录编码', '限定类型', '限定内容', '备用'],
      [1, '住院诊查费', '001102000050000', '限定就医方式', '限住院'],
      [2, '门急诊留观诊查费', '001102000040000', '限定就医方式', '限门诊、急诊'],
      [3, '急诊监护费', '001103000010000', '限定就医方式', '限急诊'],
      [4, '新生儿护理', '001201000070000', '限定就医方式', '限家庭病床'],
      ['合计', 4],
    ],
  });
  const { rules, report } = importBook('【第十六批】项目规则库（限定就医方式）.xlsx', bytes);

  it('reads 医疗服务项目名称 / 医保目录编码 / 限定内容 and makes visit-type rules by code', () => {
    expect(report).toMatchObject({ batch: '第十六批', rowsRead: 4, rowsUsed: 3, rulesMade: { 'visit-type': 3 }, detected: 'visit-type' });
    expect(rules.map((r) => [r.id, r.match.codes, r.params])).toEqual([
      ['nhsa-r22-visit-type-住院诊查费', ['001102000050000'], { allowed: ['inpatient'] }],
      ['nhsa-r22-visit-type-门急诊留观诊查费', ['001102000040000'], { allowed: ['outpatient', 'emergency'] }],
      ['nhsa-r22-visit-type-急诊监护费', ['001103000010000'], { allowed: ['emergency'] }],
    ]);
  });

  it('what it cannot read is in the report: the unknown value, the unused column and the 合计 line', () => {
    expect(report.notUnderstood).toEqual([{ row: 6, name: '新生儿护理', text: '限家庭病床', reason: expect.stringContaining('限家庭病床') }]);
    expect(report.warnings.map((w) => w.message)).toContain('工作表“知识点明细”的列“备用”未识别，未使用');
    expect(report.skipped).toMatchObject([{ row: 7, text: '合计' }]);
  });

  it('the rules judge orders: 住院诊查费 billed in an outpatient visit is not paid', () => {
    const pack = makePack(rules);
    const order = (visitType: 'outpatient' | 'inpatient') =>
      makeOrder({ encounter: { visitType }, lines: [{ id: '1', code: '001102000050000', name: '住院诊查费', kind: 'item', quantity: 1, price: 20 }] });
    expect(check(pack, order('outpatient')).findings).toMatchObject([{ kind: 'visit-type', ruleId: 'nhsa-r22-visit-type-住院诊查费' }]);
    expect(check(pack, order('inpatient')).findings).toEqual([]);
  });
});

describe('限定机构等级: a drug batch with its code sheet, headed 药品名称 / 限定内容 / 国家医保编码', () => {
  const bytes = workbook(
    {
      name: '规则',
      rows: [
        ['药品名称', '限定内容', '限定类型'],
        ['银杏叶提取物注射液', '限二级及以上医疗机构', '限定机构等级'],
        ['阿瑞匹坦注射液', '限三级医疗机构', '限定医疗机构级别'],
        ['艾拉莫德片', '限特级医院', '限定机构等级'],
      ],
    },
    {
      name: '编码',
      rows: [['药品名称', '序号', '国家医保编码'], ...GINKGO.map((c, i) => ['银杏叶提取物注射液', i + 1, c]), ...APREPITANT.map((c, i) => ['阿瑞匹坦注射液', i + 1, c]), ...IGURATIMOD.map((c, i) => ['艾拉莫德片', i + 1, c])],
    },
  );
  const { rules, report } = importBook('【第十七批】药品规则库（限定机构等级）.xlsx', bytes);

  it('二级及以上 → minLevel 2, 三级 → 3, each with every code of its drug', () => {
    expect(byName(rules, '银杏叶提取物注射液')).toMatchObject({ kind: 'institution-level', params: { minLevel: 2 }, match: { codes: GINKGO } });
    expect(byName(rules, '阿瑞匹坦注射液')).toMatchObject({ kind: 'institution-level', params: { minLevel: 3 }, match: { codes: APREPITANT } });
    expect(report.codesJoined).toBe(GINKGO.length + APREPITANT.length);
  });

  it('a level that is no level is reported with its text; the drug’s codes are said to be unused', () => {
    expect(report.notUnderstood).toEqual([{ row: 4, name: '艾拉莫德片', text: '限特级医院', reason: expect.stringContaining('一级, 二级 or 三级') }]);
    expect(report.warnings).toContainEqual({ row: expect.any(Number), message: expect.stringContaining(`"艾拉莫德片" (${IGURATIMOD.length} codes) matches no rule row`) });
    expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);
  });

  it('a first-level hospital is refused payment, a second-level one is not', () => {
    const pack = makePack(rules);
    const order = (level: 1 | 2) => makeOrder({ encounter: { institutionLevel: level }, lines: [{ id: '1', code: GINKGO[0]!, name: '银杏叶提取物注射液', quantity: 1 }] });
    expect(check(pack, order(1)).findings).toMatchObject([{ kind: 'institution-level' }]);
    expect(check(pack, order(2)).findings).toEqual([]);
  });
});

describe('限定支付疗程: 通用名 / 说明 / 限定值, codes in the row', () => {
  const bytes = workbook({
    name: 'Sheet1',
    rows: [
      ['通用名', '国标代码', '说明', '限定类型', '限定值'],
      ['银杏叶提取物注射液', GINKGO.join(';'), '限缺血性心脑血管疾病急性期住院患者', '限定支付疗程', '支付不超过14天'],
      ['阿瑞匹坦注射液', APREPITANT[0]!, '', '限定支付疗程', '疗程不超过2周'],
      ['艾拉莫德片', IGURATIMOD[0]!, '', '限定支付疗程', '短期使用'],
    ],
  });
  const { rules, report } = importBook('【第十八批】药品规则库（限定支付疗程）.xlsx', bytes);

  it('支付不超过14天 and 不超过2周 are 14-day courses keyed by the code cell', () => {
    expect(rules.map((r) => [r.name, r.kind, r.params, r.match.codes!.length])).toEqual([
      ['银杏叶提取物注射液', 'course', { maxDays: 14 }, GINKGO.length],
      ['阿瑞匹坦注射液', 'course', { maxDays: 14 }, 1],
    ]);
    expect(byName(rules, '银杏叶提取物注射液').text).toBe('限缺血性心脑血管疾病急性期住院患者');
  });

  it('a course without a number of days is not understood', () => {
    expect(report.notUnderstood).toMatchObject([{ row: 4, name: '艾拉莫德片', text: '短期使用', reason: expect.stringContaining('疗程天数') }]);
  });
});

describe('限定性别 and 限定年龄 named by the value column itself', () => {
  it('a 限定性别 column with no 限定类型', () => {
    const bytes = workbook({
      name: 'Sheet1',
      rows: [
        ['项目名称', '项目编码', '限定性别'],
        ['宫颈活检术', '003112010080000', '女'],
        ['输精管造影', '002101030290000', '限男性'],
        ['胸部X线摄影', '002101010010000', '不限'],
      ],
    });
    const { rules, report } = importBook('【第十九批】项目规则库.xlsx', bytes);
    expect(rules.map((r) => [r.kind, r.match.codes, r.params])).toEqual([
      ['sex', ['003112010080000'], { allowed: 'F' }],
      ['sex', ['002101030290000'], { allowed: 'M' }],
    ]);
    expect(report.notUnderstood).toMatchObject([{ row: 4, text: '不限' }]);
  });

  it('a 限定年龄 column: 以下 includes the number, 不满 excludes it, word groups become groups', () => {
    const bytes = workbook({
      name: 'Sheet1',
      rows: [
        ['项目名称', '国家编码', '限定年龄'],
        ['儿童龋齿预防保健', '001302000010000', '18岁以下'],
        ['婴幼儿健康体检', '001301000010000', '不满3岁'],
        ['儿童听力障碍语言训练', '003402000350000', '儿童'],
        ['职业功能训练', '003402000320000', '16至60岁'],
        ['新生儿护理', '001201000070000', '新生儿'],
      ],
    });
    const { rules, report } = importBook('【第二十批】项目规则库.xlsx', bytes);
    expect(report.notUnderstood).toEqual([]);
    expect(rules.map((r) => r.params)).toEqual([
      { group: 'range', maxYears: 18, label: '18岁及以下' },
      { group: 'range', maxYears: 2, label: '不满3岁' },
      { group: 'child', label: '儿童' },
      { group: 'range', minYears: 16, maxYears: 60, label: '16至60岁' },
      { group: 'newborn', label: '新生儿' },
    ]);
    const pack = makePack(rules);
    const checkup = (ageYears: number) => makeOrder({ patient: { ageYears }, lines: [{ id: '1', code: '001301000010000', name: '婴幼儿健康体检', kind: 'item', quantity: 1, price: 30 }] });
    expect(check(pack, checkup(3)).findings).toMatchObject([{ kind: 'age' }]);
    expect(check(pack, checkup(2)).findings).toEqual([]);
  });
});

describe('one sheet mixing restriction types by its 限定类型 column', () => {
  const bytes = workbook({
    name: '知识点',
    rows: [
      ['序号', '项目名称', '项目代码', '限定类型', '限定对象'],
      [1, '住院诊查费', '001102000050000', '限定就医方式', '住院'],
      [2, '手功能评定', '003402000050000', '限定机构等级', '二级及以上'],
      [3, '减重支持系统训练', '003402000210000', '限定支付疗程', '支付不超过30天'],
      [4, '宫颈活检术', '003112010080000', '限定性别', '女'],
      [5, '婴儿氧舱治疗', '003106070030000', '限定年龄', '婴幼儿'],
      [6, '康复评定', '003402000100000', '限定职称', '副主任医师'],
      [7, '糖化血红蛋白测定', '002503020030000', '限定频次', ''],
    ],
  });
  const { rules, report } = importBook('【第二十一批】项目规则库（综合）.xlsx', bytes);

  it('each row becomes its own kind; rows not understood are listed, none dropped', () => {
    expect(rules.map((r) => [r.kind, r.match.codes![0], r.params])).toEqual([
      ['visit-type', '001102000050000', { allowed: ['inpatient'] }],
      ['institution-level', '003402000050000', { minLevel: 2 }],
      ['course', '003402000210000', { maxDays: 30 }],
      ['sex', '003112010080000', { allowed: 'F' }],
      ['age', '003106070030000', { group: 'range', maxYears: 2, label: '婴幼儿（3岁以下）' }],
    ]);
    expect(report.notUnderstood).toEqual([
      { row: 7, name: '康复评定', text: '限定职称', reason: expect.stringContaining('限定类型') },
      { row: 8, name: '糖化血红蛋白测定', reason: expect.stringContaining('没有写明数量') },
    ]);
    expect(report.rowsRead).toBe(7);
    expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);
    expect(report.detected).toBe('visit-type, institution-level, course, sex, age, frequency');
  });
});

describe('header wordings a later batch may use', () => {
  it.each([
    ['药品通用名', '说明', '国标代码'],
    ['药品名称', '限定内容', '国家医保编码'],
    ['通用名称', '限定支付范围', '医保目录编码'],
    ['医保药品名称', '备注', '国家医保药品编码(23位)'],
  ])('%s / %s / %s', (nameHeader, textHeader, codeHeader) => {
    const bytes = workbook({
      name: 'Sheet1',
      rows: [
        [nameHeader, textHeader, codeHeader, '限定类型'],
        ['艾拉莫德片', '限住院患者', IGURATIMOD.slice(0, 2).join('；'), '限定就医方式'],
      ],
    });
    const { rules, report } = importBook('【第二十二批】药品规则库（限定就医方式）.xlsx', bytes);
    expect(report.notUnderstood).toEqual([]);
    expect(rules).toMatchObject([{ kind: 'visit-type', name: '艾拉莫德片', params: { allowed: ['inpatient'] }, match: { codes: IGURATIMOD.slice(0, 2) } }]);
  });
});
