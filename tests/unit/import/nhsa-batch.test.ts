import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { importNhsaXlsxBatch } from '../../../rules/import/nhsa-batch';
import { importNhsaCsvBatch } from '../../../rules/import/nhsa-batch-csv';
import { herbalCondition } from '../../../rules/import/classes/class-readers';
import { FileReportSchema, type FileReport } from '../../../rules/import/report';
import type { RuleInput } from '../../../rules/import/rule-collector';
import type { ParsedRestriction } from '../../../rules/import/restriction-text';
import { check, makeOrder, makePack } from '../../support/builders';
import { makeXlsx, sharedFile } from './xlsx-fixture';

const importXlsx = (file: string) => importNhsaXlsxBatch({ name: file, bytes: sharedFile(file) });
const importCsv = (file: string, parseText?: (text: string) => ParsedRestriction) =>
  importNhsaCsvBatch({ name: file, bytes: sharedFile(file) }, parseText ? { parseText } : {});
const byId = (rules: RuleInput[], id: string) => {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}; have ${rules.slice(0, 5).map((r) => r.id).join(', ')} …`);
  return rule;
};
const codeCount = (rules: RuleInput[]) => rules.reduce((n, r) => n + (r.match.codes?.length ?? 0), 0);
/** Every row read fed a rule or is listed as not understood (the shared files give no row both). */
const accountsForEveryRow = (report: FileReport) => expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);

describe('two-libs batch workbooks as published', () => {
  // Measured from the files: data rows, rules per kind, codes joined from sheet 2, rows skipped.
  const expected: [string, number, Record<string, number>, number, number][] = [
    ['【第一批】药品规则库(限定年龄对象).xlsx', 282, { age: 282 }, 4398, 0],
    ['【第一批】药品规则库(限定性别对象).xlsx', 481, { sex: 481 }, 6472, 0],
    ['【第一批】项目规则库(限定年龄对象).xlsx', 30, { age: 30 }, 0, 0],
    ['【第一批】项目规则库(限定性别对象).xlsx', 390, { sex: 390 }, 0, 0],
    ['【第二批】项目规则库（限定主次操作）.xlsx', 378, { 'duplicate-charge': 7 }, 0, 0],
    ['【第三批】药品规则库（限定保险类型）.xlsx', 12, { 'insurance-type': 12 }, 112, 0],
    ['【第七批 】项目规则库（重复收费）.xlsx', 900, { 'duplicate-charge': 170 }, 0, 0],
    ['【第八批-1】项目规则库（限定频次）.xlsx', 67, { frequency: 67 }, 0, 2],
    ['【第八批-2】项目规则库（限定年龄）.xlsx', 1, { age: 1 }, 0, 0],
    ['【第八批-3】项目规则库（限定疗程）.xlsx', 11, { course: 11, frequency: 4 }, 0, 0],
    ['【第八批-4】项目规则库（限定周期）.xlsx', 14, { frequency: 14 }, 0, 0],
  ];
  it.each(expected)('%s: %i rows → %o, %i codes joined', (file, rows, made, joined, skipped) => {
    const { rules, report } = importXlsx(file);
    expect(FileReportSchema.parse(report)).toEqual(report);
    expect(report.error).toBeUndefined();
    expect(report.rowsRead).toBe(rows);
    expect(report.rulesMade).toEqual(made);
    expect(report.codesJoined).toBe(joined);
    expect(report.skipped).toHaveLength(skipped);
    expect(report.notUnderstood).toEqual([]);
    accountsForEveryRow(report);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('第一批 drugs: 阿帕他胺片 is for men, with its three national codes from sheet 2', () => {
    const { rules } = importXlsx('【第一批】药品规则库(限定性别对象).xlsx');
    const rule = byId(rules, 'nhsa-r67-sex-阿帕他胺片');
    expect(rule).toMatchObject({
      kind: 'sex',
      name: '阿帕他胺片',
      params: { allowed: 'M' },
      basis: '国家医保局两库 第一批 药品区分性别使用',
      text: '限转移性激素敏感性前列腺癌(mHSPC)患者。',
      source: { batch: '第一批', ruleClass: '药品区分性别使用', gzCode: 'GZ10000301004000', file: '【第一批】药品规则库(限定性别对象).xlsx', row: 2 },
    });
    expect(rule.match.codes).toEqual(['XL02BBA326A001010102180', 'XL02BBA326A001010178537', 'XL02BBA326A001020278537']);
    // 33 drugs for men, 448 for women, as sheet 1 lists them.
    expect(rules.filter((r) => r.kind === 'sex' && r.params.allowed === 'M')).toHaveLength(33);
  });

  it('第一批 items: 儿童, 新生儿 and 婴幼儿 become age groups keyed by item code', () => {
    const { rules, report } = importXlsx('【第一批】项目规则库(限定年龄对象).xlsx');
    expect(byId(rules, 'nhsa-r80-age-新生儿护理')).toMatchObject({ name: '新生儿护理', params: { group: 'newborn' } });
    expect(byId(rules, 'nhsa-r80-age-儿童听力障碍语言训练')).toMatchObject({ name: '儿童听力障碍语言训练', params: { group: 'child' } });
    expect(byId(rules, 'nhsa-r80-age-婴幼儿健康体检')).toMatchObject({ name: '婴幼儿健康体检', params: { group: 'range', maxYears: 2 } });
    expect(report.warnings.map((w) => w.row)).toEqual([30, 31]);
  });

  it('第二批: one group rule per 手术组 holding every item of the group', () => {
    const { rules } = importXlsx('【第二批】项目规则库（限定主次操作）.xlsx');
    const group = byId(rules, 'nhsa-r15-group-胃肠手术组');
    expect(group).toMatchObject({ kind: 'duplicate-charge', params: { mode: 'group', group: '胃肠手术组' } });
    expect(group.match.codes).toHaveLength(87);
    expect(group.match.codes).toContain('003310010140000');
    expect(rules.map((r) => r.match.codes!.length).reduce((a, b) => a + b)).toBe(378);
  });

  it('第三批: 工伤 and 生育 drugs', () => {
    const { rules } = importXlsx('【第三批】药品规则库（限定保险类型）.xlsx');
    expect(byId(rules, 'nhsa-r2-insurance-type-益母草注射液')).toMatchObject({ params: { allowed: ['maternity'] }, text: '生育保险目录用药' });
    expect(byId(rules, 'nhsa-r2-insurance-type-益母草注射液').match.codes).toHaveLength(4);
    expect(byId(rules, 'nhsa-r1-insurance-type-注射用胸腺法新').params).toEqual({ allowed: ['work-injury'] });
  });

  it('第七批: 急诊监护费 includes 急诊诊查费 on the same day', () => {
    const { rules, report } = importXlsx('【第七批 】项目规则库（重复收费）.xlsx');
    const pair = byId(rules, 'nhsa-r25-pair-001103000010000');
    expect(pair).toMatchObject({ kind: 'duplicate-charge', name: '急诊监护费', params: { mode: 'pair', main: ['001103000010000'], note: '含监护、床位、诊查、护理' } });
    const params = pair.params as { secondary: string[] };
    expect(params.secondary).toContain('001102000030000');
    expect(params.secondary).toHaveLength(31);
    expect(pair.match.codes).toEqual(['001103000010000', ...params.secondary]);
    // 频度 finer than a day cannot be checked by date: the report says so instead of hiding it.
    expect(report.warnings.map((w) => w.message).join('\n')).toMatch(/6小时.*18 rows/);
  });

  it('第八批-1: a count per day, or hours per day', () => {
    const { rules } = importXlsx('【第八批-1】项目规则库（限定频次）.xlsx');
    expect(byId(rules, 'nhsa-r27-frequency-住院诊查费')).toMatchObject({ name: '住院诊查费', params: { maxCount: 1, periodDays: 1 } });
    expect(byId(rules, 'nhsa-r27-frequency-呼吸机辅助呼吸')).toMatchObject({ name: '呼吸机辅助呼吸', params: { maxCount: 24, periodDays: 1 } });
  });

  it('第八批-2: beyond 法定就业年龄, taken as 60 and said so in the basis', () => {
    const { rules } = importXlsx('【第八批-2】项目规则库（限定年龄）.xlsx');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      id: 'nhsa-r29-age-职业功能训练',
      name: '职业功能训练',
      params: { group: 'range', maxYears: 60 },
      text: '参保人年龄超出法定就业年龄限制',
    });
    expect(rules[0]!.basis).toContain('60岁');
  });

  it('第八批-3: 支付不超过N天 is a course; an interval in the same note is a frequency', () => {
    const { rules } = importXlsx('【第八批-3】项目规则库（限定疗程）.xlsx');
    expect(byId(rules, 'nhsa-r23-course-减重支持系统训练')).toMatchObject({ name: '减重支持系统训练', params: { maxDays: 30 } });
    // 总时间不超过90天 is a calendar span from the first use, not the days billed.
    expect(byId(rules, 'nhsa-r23-course-手功能评定').params).toEqual({ maxDays: 90, span: true });
    expect(byId(rules, 'nhsa-r23-frequency-手功能评定').params).toEqual({ maxCount: 1, periodDays: 14 });
    expect(byId(rules, 'nhsa-r23-course-儿童听力障碍语言训练').params).toEqual({ maxDays: 365 });
    expect(byId(rules, 'nhsa-r23-frequency-儿童听力障碍语言训练').params).toEqual({ maxCount: 1, periodDays: 7 });
    expect(rules.find((r) => r.id === 'nhsa-r23-frequency-减重支持系统训练')).toBeUndefined();
  });

  it('第八批-4: 糖化血红蛋白测定 once per 15 days', () => {
    const { rules } = importXlsx('【第八批-4】项目规则库（限定周期）.xlsx');
    expect(byId(rules, 'nhsa-r31-frequency-糖化血红蛋白测定')).toMatchObject({ name: '糖化血红蛋白测定', params: { maxCount: 1, periodDays: 15 } });
    expect(byId(rules, 'nhsa-r31-frequency-血清果糖胺测定').params).toEqual({ maxCount: 1, periodDays: 7 });
  });
});

describe('imported rules judge real orders', () => {
  const item = (id: string, code: string, name: string, extra: Record<string, unknown> = {}) => ({ id, code, name, kind: 'item' as const, quantity: 1, price: 50, ...extra });

  it('阿帕他胺片 for a woman is flagged; for a man it is not', () => {
    const pack = makePack(importXlsx('【第一批】药品规则库(限定性别对象).xlsx').rules);
    const line = { id: '1', code: 'XL02BBA326A001020278537', name: '阿帕他胺片', quantity: 1, price: 1200 };
    const woman = check(pack, makeOrder({ patient: { sex: 'F' }, lines: [line] })).findings;
    expect(woman).toMatchObject([{ ruleId: 'nhsa-r67-sex-阿帕他胺片', kind: 'sex', basis: '国家医保局两库 第一批 药品区分性别使用' }]);
    expect(check(pack, makeOrder({ patient: { sex: 'M' }, lines: [line] })).findings).toEqual([]);
  });

  it('糖化血红蛋白测定 twice within 15 days is over the limit, 15 days apart it is not', () => {
    const pack = makePack(importXlsx('【第八批-4】项目规则库（限定周期）.xlsx').rules);
    const lines = [item('1', '002503020030000', '糖化血红蛋白测定')];
    const after = (date: string) => check(pack, makeOrder({ lines, history: [{ date, code: '002503020030000', quantity: 1 }] })).findings;
    // The 15 days are 2026-11-08 … 2026-11-22, today included.
    expect(after('2026-11-08')).toMatchObject([{ ruleId: 'nhsa-r31-frequency-糖化血红蛋白测定', kind: 'frequency' }]);
    expect(after('2026-11-07')).toEqual([]);
  });

  it('急诊诊查费 charged with 急诊监护费 on the same day is a duplicate charge', () => {
    const pack = makePack(importXlsx('【第七批 】项目规则库（重复收费）.xlsx').rules);
    const lines = [item('1', '001103000010000', '急诊监护费'), item('2', '001102000030000', '急诊诊查费')];
    const findings = check(pack, makeOrder({ encounter: { visitType: 'emergency' }, lines })).findings;
    expect(findings).toMatchObject([{ ruleId: 'nhsa-r25-pair-001103000010000', lineId: '2', kind: 'duplicate-charge' }]);
    expect(findings[0]!.message).toContain('含监护、床位、诊查、护理');
    expect(check(pack, makeOrder({ lines: [lines[1]!] })).findings).toEqual([]);
  });

  it('减重支持系统训练 beyond 30 days in total is not paid', () => {
    const pack = makePack(importXlsx('【第八批-3】项目规则库（限定疗程）.xlsx').rules);
    const line = item('1', '003402000210000', '减重支持系统训练', { days: 20 });
    const history = [{ date: '2026-10-20', code: '003402000210000', days: 15 }];
    expect(check(pack, makeOrder({ lines: [line], history })).findings).toMatchObject([{ kind: 'course', actions: [{ type: 'set-days', value: 15 }, { type: 'mark-self-pay' }] }]);
    expect(check(pack, makeOrder({ lines: [{ ...line, days: 15 }], history })).findings).toEqual([]);
  });
});

describe('batches worded differently', () => {
  it('a 限定就医方式 / 限定机构等级 batch with a title row, a note row and an unknown type', () => {
    const bytes = makeXlsx([
      {
        name: '知识点明细',
        rows: [
          ['“医疗服务项目限定就医方式”规则对应知识点明细'],
          ['序号', '项目名称', '项目编码', '限定类型', '限定对象', '备注'],
          ['1', '住院诊查费', '001102000050000', '限定就医方式', '住院', '限住院患者'],
          ['2', '急诊监护费', '001103000010000', '限定就医方式', '急诊或住院'],
          ['3', '手功能评定', '003402000050000', '限定机构等级', '二级及以上'],
          ['4', '新生儿护理', '001201000070000', '限定星座', '白羊座'],
          [],
          ['合计'],
        ],
      },
    ]);
    const { rules, report } = importNhsaXlsxBatch({ name: '【第二十批】项目规则库（限定就医方式）.xlsx', bytes });
    expect(report).toMatchObject({ batch: '第二十批', rowsRead: 4, rowsUsed: 3, rulesMade: { 'visit-type': 2, 'institution-level': 1 } });
    expect(byId(rules, 'nhsa-r22-visit-type-住院诊查费')).toMatchObject({
      params: { allowed: ['inpatient'] },
      text: '限住院患者',
      basis: '国家医保局两库 第二十批 医疗服务项目限就医方式',
      source: { batch: '第二十批', row: 3 },
    });
    expect(byId(rules, 'nhsa-r22-visit-type-急诊监护费').params).toEqual({ allowed: ['emergency', 'inpatient'] });
    expect(byId(rules, 'nhsa-r24-institution-level-手功能评定').params).toEqual({ minLevel: 2 });
    expect(report.notUnderstood).toEqual([{ row: 6, name: '新生儿护理', text: '限定星座', reason: expect.stringContaining('not recognised') }]);
    expect(report.skipped).toEqual([{ row: 8, text: '合计', reason: expect.any(String) }]);

    const pack = makePack(rules);
    const order = (visitType: 'outpatient' | 'inpatient') =>
      makeOrder({ encounter: { visitType }, lines: [{ id: '1', code: '001102000050000', name: '住院诊查费', kind: 'item' }] });
    expect(check(pack, order('outpatient')).findings).toMatchObject([{ kind: 'visit-type' }]);
    expect(check(pack, order('inpatient')).findings).toEqual([]);
  });

  it('a header that names the restriction itself, and a file name without a batch', () => {
    const bytes = makeXlsx([
      {
        name: 'Sheet1',
        rows: [
          ['项目名称', '国家编码', '限定机构等级'],
          ['手功能评定(徒手)', '003402000050100', '三级'],
          ['手功能评定(仪器)', '003402000050200', '特级'],
        ],
      },
    ]);
    const { rules, report } = importNhsaXlsxBatch({ name: 'uploads/本地规则（限定机构等级）.xlsx', bytes });
    expect(rules).toMatchObject([{ id: 'nhsa-r24-institution-level-手功能评定(徒手)', params: { minLevel: 3 }, source: { ruleClass: '医疗服务项目限医疗机构级别' } }]);
    expect(report.notUnderstood).toMatchObject([{ row: 3, text: '特级' }]);
    expect(report.warnings.map((w) => w.message).join()).toContain('第N批');
  });

  it('a drug batch joins its code sheet by name despite full-width brackets and spaces', () => {
    const bytes = makeXlsx([
      {
        name: '规则',
        rows: [
          ['通用名称', '说明', '限定类型', '限定对象'],
          ['冻干人用狂犬病疫苗（Vero细胞） ', '工伤保险目录用药', '限定保险类型', '工伤'],
          ['阿帕他胺片', '', '限定性别对象', '男'],
          ['没有编码的药', '', '限定保险类型', '生育'],
        ],
      },
      {
        name: '编码',
        rows: [
          ['药品名称', '序号', '国家代码'],
          ['冻干人用狂犬病疫苗(Vero细胞)', '1', 'XJ07BGR030B014010101119'],
          ['冻干人用狂犬病疫苗(Vero细胞)', '2', 'XJ07BGR030B014010101246'],
          ['冻干人用狂犬病疫苗(Vero细胞)', '2', 'XJ07BGR030B014010101246'],
          ['阿帕他胺片', '1', 'XL02BBA326A001010102180；XL02BBA326A001010178537'],
          ['人用狂犬病疫苗(Vero细胞)', '1', 'XJ07BGR030B001010101119'],
        ],
      },
    ]);
    const { rules, report } = importNhsaXlsxBatch({ name: '【第三批】药品规则库（混合）.xlsx', bytes });
    expect(rules.map((r) => [r.kind, r.match.codes])).toEqual([
      ['insurance-type', ['XJ07BGR030B014010101119', 'XJ07BGR030B014010101246']],
      ['sex', ['XL02BBA326A001010102180', 'XL02BBA326A001010178537']],
    ]);
    expect(report.codesJoined).toBe(4);
    expect(report.notUnderstood).toMatchObject([{ row: 4, name: '没有编码的药', reason: expect.stringContaining('no national code') }]);
    expect(report.warnings).toMatchObject([{ row: 6, message: expect.stringContaining('人用狂犬病疫苗(Vero细胞)') }]);
    expect(report.detected).toBe('insurance-type, sex');
  });

  it('unreadable input is reported, never thrown', () => {
    const notZip = importNhsaXlsxBatch({ name: '【第一批】药品规则库.xlsx', bytes: strToU8('药品通用名,限定类型') });
    expect(notZip.rules).toEqual([]);
    expect(notZip.report).toMatchObject({ errorCode: 'text-as-xlsx', error: expect.stringMatching(/^扩展名是 Excel，但文件内容是文本.*（the bytes are text/) });
    const noHeader = importNhsaXlsxBatch({ name: '【第一批】x.xlsx', bytes: makeXlsx([{ name: 'S', rows: [['甲', '乙'], ['1', '2']] }]) });
    expect(noHeader.report).toMatchObject({ errorCode: 'no-header', error: expect.stringMatching(/^找不到表头.*header row/) });
  });
});

describe('2026 batch CSVs', () => {
  it('第九批: one second-line rule per drug with its codes and NHSA rule code', () => {
    const { rules, report } = importCsv('【第九批】药品限二线使用.csv');
    expect(report).toMatchObject({ batch: '第九批', rowsRead: 110, rowsUsed: 110, notUnderstood: [] });
    expect(rules.filter((r) => r.kind === 'second-line')).toHaveLength(110);
    const rule = byId(rules, 'nhsa-r5-second-line-艾拉莫德片');
    expect(rule).toMatchObject({
      text: '限活动性类风湿关节炎患者的二线治疗。',
      basis: '国家医保局两库 第九批 药品限二线使用',
      source: { batch: '第九批', gzCode: 'GZ10000101005000', file: '第九批“药品限二线使用”规则对应知识点明细.xlsx', row: 2 },
    });
    expect(rule.match.codes).toHaveLength(20);
    expect(codeCount(rules.filter((r) => r.kind === 'second-line'))).toBe(601);
  });

  it('第九批 adds what the text parser drafts, next to the second-line rule', () => {
    const fake = (text: string): ParsedRestriction =>
      text.includes('类风湿关节炎')
        ? { drafts: [{ kind: 'indication', params: { keywords: ['类风湿关节炎'], icdPrefixes: ['M05', 'M06'], icdRanges: [], excludeKeywords: [], conditions: [] } }, { kind: 'second-line', params: { firstLine: '甲氨蝶呤' } }], unparsed: [] }
        : { drafts: [], unparsed: [{ fragment: text, reason: 'fake parser' }] };
    const { rules, report } = importCsv('【第九批】药品限二线使用.csv', fake);
    expect(byId(rules, 'nhsa-r5-second-line-艾拉莫德片').params).toEqual({ firstLine: '甲氨蝶呤' });
    expect(byId(rules, 'nhsa-r5-indication-艾拉莫德片').params).toMatchObject({ icdPrefixes: ['M05', 'M06'] });
    expect(report.warnings.filter((w) => w.row === 3)).toEqual([]);
    expect(report.warnings.filter((w) => w.row === 2)).toHaveLength(1);
  });

  it('第十批: not payable when prescribed in an internet visit', () => {
    const { rules, report } = importCsv('【第十批】超互联网医院药品支付范围.csv');
    expect(report).toMatchObject({ rowsRead: 22, rulesMade: { 'visit-type': 22 } });
    expect(codeCount(rules)).toBe(232);
    const pack = makePack(rules);
    const line = { id: '1', code: 'XN02ABF027V002010101389', name: '芬太尼透皮贴剂', quantity: 1 };
    expect(check(pack, makeOrder({ encounter: { internet: true }, lines: [line] })).findings).toMatchObject([
      { ruleId: 'nhsa-r47-visit-type-芬太尼透皮贴剂', kind: 'visit-type' },
    ]);
    expect(check(pack, makeOrder({ lines: [line] })).findings).toEqual([]);
  });

  it('第十一批: one sole-use and one never-paid rule over all the 饮片, decided by the text', () => {
    const { rules, report } = importCsv('【第十一批】中药饮片不予支付.csv');
    expect(report).toMatchObject({ rowsRead: 153, rowsUsed: 153, rulesMade: { 'self-pay': 2 } });
    const sole = byId(rules, 'nhsa-r4-self-pay-sole-use');
    const always = byId(rules, 'nhsa-r3-self-pay-always');
    expect(sole).toMatchObject({ name: '中药饮片单方使用不予支付', params: { condition: 'sole-use', familyPrefix: 'T' }, source: { gzCode: 'GZ10000101004000' } });
    expect(always).toMatchObject({ name: '中药饮片单复方均不予支付', params: { condition: 'always' }, text: '不得纳入基金支付范围的中药饮片' });
    expect(sole.match.codes).toHaveLength(116);
    expect(always.match.codes).toHaveLength(37);
    expect(sole.match.codes).toContain('T000700200');
    expect(always.match.codes).toContain('T001700233');
    // The published attachment names are swapped against the classes; the report says which won.
    expect(report.warnings).toHaveLength(2);

    const pack = makePack(rules);
    const dingxiang = { id: '1', code: 'T000700200', name: '丁香', quantity: 10 };
    expect(check(pack, makeOrder({ lines: [dingxiang] })).findings).toMatchObject([{ ruleId: 'nhsa-r4-self-pay-sole-use', kind: 'self-pay' }]);
    const withOther = [dingxiang, { id: '2', code: 'T000100001', name: '其他饮片', quantity: 10 }];
    expect(check(pack, makeOrder({ lines: withOther })).findings).toEqual([]);
    const ejiao = { id: '3', code: 'T001700233', name: '阿胶', quantity: 1 };
    expect(check(pack, makeOrder({ lines: [...withOther, ejiao] })).findings).toMatchObject([{ ruleId: 'nhsa-r3-self-pay-always', lineId: '3' }]);
  });

  it('reads the 饮片 condition from the text before the class name', () => {
    expect(herbalCondition('中药饮片单复方均不予支付', '单独使用时统筹基金不予支付')).toBe('sole-use');
    expect(herbalCondition('中药饮片单方使用不予支付', '不得纳入基金支付范围的中药饮片')).toBe('always');
    expect(herbalCondition('中药饮片单复方均不予支付', '')).toBe('always');
  });

  it.each([
    ['【第十二批】药品限适应症.csv', 57],
    ['【第十三批】药品限适应症.csv', 66],
    ['【第十四批】药品限适应症.csv', 43],
    ['【第十五批】药品限适应症.csv', 34],
  ])('%s: every row makes a rule or is kept, with its text, as not understood', (file, rows) => {
    const { rules, report } = importCsv(file);
    expect(report.rowsRead).toBe(rows);
    accountsForEveryRow(report);
    for (const issue of report.notUnderstood) expect(issue.text).toBeTruthy();
    for (const rule of rules) expect(rule.source).toMatchObject({ gzCode: 'GZ10000101008000' });
  });

  it('限适应症 rows become the drafts the parser gives; alternatives merge, conflicts are reported', () => {
    const indication = (keywords: string[]) => ({ kind: 'indication' as const, params: { keywords, icdPrefixes: [], icdRanges: [], excludeKeywords: [], conditions: [] } });
    const fake = (text: string): ParsedRestriction => {
      if (text === '限放化疗。') return { drafts: [indication(['放化疗'])], unparsed: [] };
      if (text.startsWith('限法布雷病')) return { drafts: [indication(['法布雷病']), indication(['α-半乳糖苷酶A缺乏症'])], unparsed: [{ fragment: '尚未确定本品在0-6岁儿童中的安全性和有效性', reason: 'not a restriction' }] };
      if (text.startsWith('限绝经后女性')) return { drafts: [{ kind: 'sex', params: { allowed: 'F' } }, { kind: 'age', params: { group: 'range', minYears: 45 } }, { kind: 'age', params: { group: 'range', minYears: 50 } }], unparsed: [] };
      return { drafts: [], unparsed: [{ fragment: text, reason: 'fake parser' }] };
    };
    const { rules, report } = importCsv('【第十二批】药品限适应症.csv', fake);
    const aprepitant = byId(rules, 'nhsa-r8-indication-阿瑞匹坦注射液');
    expect(aprepitant).toMatchObject({ params: { keywords: ['放化疗'] }, text: '限放化疗。', source: { batch: '第十二批', row: 2 } });
    expect(aprepitant.match.codes).toHaveLength(6);
    expect(byId(rules, 'nhsa-r8-indication-阿加糖酶α注射用浓溶液').params).toMatchObject({ keywords: ['法布雷病', 'α-半乳糖苷酶A缺乏症'] });
    expect(report.warnings.find((w) => w.row === 2 && w.message.includes('0-6岁'))).toBeDefined();
    // Two different age bounds for one drug cannot be one rule: the sex limit stays, the ages are reported.
    expect(byId(rules, 'nhsa-r8-sex-艾地骨化醇软胶囊').params).toEqual({ allowed: 'F' });
    expect(rules.find((r) => r.id === 'nhsa-r8-age-艾地骨化醇软胶囊')).toBeUndefined();
    expect(report.warnings.some((w) => w.row === 4 && /alternative age/.test(w.message))).toBe(true);
    accountsForEveryRow(report);
  });

  it('a draft the pack schema refuses is reported against its row, not written', () => {
    const empty = (): ParsedRestriction => ({ drafts: [{ kind: 'indication', params: { keywords: [], icdPrefixes: [], icdRanges: [], excludeKeywords: [], conditions: [] } }], unparsed: [] });
    const { rules, report } = importCsv('【第十五批】药品限适应症.csv', empty);
    expect(rules).toEqual([]);
    expect(report.notUnderstood).toHaveLength(34);
    expect(report.notUnderstood[0]).toMatchObject({ row: 2, name: '阿布昔替尼片', reason: expect.stringContaining('indication rule is invalid') });
  });
});
