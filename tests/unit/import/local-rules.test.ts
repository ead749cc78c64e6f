import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { KINDS } from '../../../rules/kinds';
import { generateTemplateFiles, TEMPLATE_FILES } from '../../../rules/import/local-template-files';
import { isLocalRulesHeader, LOCAL_COLUMNS, LOCAL_HEADER, localTemplateCsv } from '../../../rules/import/local-template';
import { dateOf, frequencyValue, indicationValue, kindOf } from '../../../rules/import/local-values';
import { openXlsx } from '../../../rules/import/xlsx';
import { writeXlsx } from '../../../rules/import/xlsx-write';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { check, makeOrder, makePack } from '../../support/builders';
import { encodeGbk } from './encodings';
import { plainCsvObjects } from './plain-reading';
import { CATALOGUE_PATH, sharedFile } from './xlsx-fixture';

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const importLocal = (name: string, bytes: Uint8Array) => importAnyFile({ name, bytes });
const csv = (lines: string[]) => strToU8(`${LOCAL_HEADER.join(',')}\n${lines.join('\n')}\n`);
const ruleFor = (rules: RuleInput[], id: string) => rules.find((r) => r.id === id)!;

/**
 * The committed example (rules/import/templates/local-rules-example.csv), 13 rows → 13 rules:
 *
 * | row | 项目名称                 | 规则类型     | rule                                                 |
 * |----:|--------------------------|--------------|------------------------------------------------------|
 * |   2 | 复方氨基酸注射液(20AA)   | 限就医方式   | visit-type inpatient, prefix XB05BAF160B0, id given  |
 * |   3 | 康艾注射液               | 限科室       | department 肿瘤                                      |
 * |   4 | 注射用黄芪多糖           | 限支付疗程   | course 14 days                                       |
 * |   5 | 糖化血红蛋白测定         | 限定频次     | frequency 1 per 30 days, 提示, not interruptive       |
 * |   6 | 宫颈活检术               | 限性别       | sex F, 严重                                          |
 * |   7 | 小儿咳嗽宁糖浆           | 限年龄       | age up to 14                                         |
 * |   8 | 奥美拉唑                 | 限适应症     | indication K21, K25–K27 + the words' codes (K26)     |
 * |   9 | 艾拉莫德片               | 限二线用药   | second-line after 甲氨蝶呤                           |
 * |  10 | 阿加糖酶α注射用浓溶液    | 需审批       | approval by 医务处                                   |
 * |  11 | 疤痕止痒软化膏           | 限险种       | insurance-type work-injury                           |
 * |  12 | 芬太尼透皮贴剂           | 超量         | quantity maxDays 7 (参数(JSON))                      |
 * |  13 | 芬太尼透皮贴剂           | 限就医方式   | visit-type forbidInternet                            |
 * |  14 | 住院诊查费               | 限定频次     | frequency 1 per day, disabled, 2026 only             |
 */
const EXAMPLE_KINDS = {
  age: 1, approval: 1, course: 1, department: 1, frequency: 2, indication: 1, 'insurance-type': 1, quantity: 1, 'second-line': 1, sex: 1, 'visit-type': 2,
};

describe('the committed example', () => {
  const { rules, report } = importLocal(TEMPLATE_FILES.exampleCsv, templateFile(TEMPLATE_FILES.exampleCsv));

  it('imports to 13 rules of the stated kinds, every row used', () => {
    expect(report).toMatchObject({ importer: 'local-rules', rowsRead: 13, rowsUsed: 13, notUnderstood: [], rulesMade: EXAMPLE_KINDS });
    expect(report.error).toBeUndefined();
    expect(rules.map((r) => r.source?.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('maps each column to the rule field', () => {
    expect(ruleFor(rules, 'hosp-pn-inpatient')).toEqual({
      id: 'hosp-pn-inpatient',
      kind: 'visit-type',
      name: '复方氨基酸注射液(20AA)',
      severity: 'warning',
      interruptive: true,
      enabled: true,
      effective: { from: '2026-01-01' },
      basis: '本院药事管理与药物治疗学委员会决议（2026年第1次）',
      text: '本院肠外营养制剂限住院患者使用',
      match: { prefixes: ['XB05BAF160B0'], lineKinds: ['drug'] },
      params: { allowed: ['inpatient'] },
      source: { file: TEMPLATE_FILES.exampleCsv, row: 2 },
    });
    expect(ruleFor(rules, 'local-frequency-002503020030000')).toMatchObject({ severity: 'info', interruptive: false, params: { maxCount: 1, periodDays: 30 } });
    // The codes as written, and the diagnosis words with the ICD codes the disease-term table gives them.
    expect(ruleFor(rules, 'local-indication-XA02BCA348X0').params).toEqual({
      icdPrefixes: ['K21', 'K26'],
      icdRanges: [{ from: 'K25', to: 'K27' }],
      keywords: expect.arrayContaining(['胃食管反流', '十二指肠溃疡']),
      label: '胃食管反流、十二指肠溃疡',
    });
    expect(ruleFor(rules, 'local-quantity-XN02ABF027V002010101389')).toMatchObject({ severity: 'critical', params: { maxDays: 7 } });
    expect(ruleFor(rules, 'local-visit-type-XN02ABF027V002010101389').params).toEqual({ forbidInternet: true });
    expect(ruleFor(rules, 'local-frequency-001102000050000')).toMatchObject({ enabled: false, effective: { from: '2026-01-01', to: '2026-12-31' } });
  });

  it('uses only codes that exist in the shared data', () => {
    const drugCodes = new Set(['【第九批】药品限二线使用.csv', '【第十批】超互联网医院药品支付范围.csv', '【第十二批】药品限适应症.csv'].flatMap((f) => plainCsvObjects(sharedFile(f)).flatMap((r) => r.med_codes!.split(';'))));
    const prefixes = new Set(plainCsvObjects(new Uint8Array(readFileSync(CATALOGUE_PATH))).map((r) => r['药品编码']!));
    const itemCodes = new Set(
      ['【第一批】项目规则库(限定性别对象).xlsx', '【第八批-1】项目规则库（限定频次）.xlsx', '【第八批-4】项目规则库（限定周期）.xlsx', '【第三批】药品规则库（限定保险类型）.xlsx']
        .flatMap((f) => openXlsx(sharedFile(f)).sheetNames.flatMap((_, i) => openXlsx(sharedFile(f)).sheet(i).rows.flatMap((r) => r.cells))),
    );
    for (const rule of rules) {
      for (const p of rule.match.prefixes ?? []) expect(prefixes.has(p), p).toBe(true);
      for (const c of rule.match.codes ?? []) expect(drugCodes.has(c) || itemCodes.has(c), c).toBe(true);
    }
  });

  it('makes rules that judge orders', () => {
    const pack = makePack(rules);
    const aminoAcids = { id: '1', code: 'XB05BAF160B0010101234', name: '复方氨基酸注射液(20AA)', quantity: 1 };
    expect(check(pack, makeOrder({ lines: [aminoAcids] })).findings).toMatchObject([
      { ruleId: 'hosp-pn-inpatient', kind: 'visit-type', basis: '本院药事管理与药物治疗学委员会决议（2026年第1次）' },
    ]);
    expect(check(pack, makeOrder({ encounter: { visitType: 'inpatient' }, lines: [aminoAcids] })).findings).toEqual([]);
    const fentanyl = { id: '1', code: 'XN02ABF027V002010101389', name: '芬太尼透皮贴剂', quantity: 1 };
    expect(check(pack, makeOrder({ encounter: { internet: true }, lines: [fentanyl] })).findings.map((f) => f.ruleId)).toContain('local-visit-type-XN02ABF027V002010101389');
    // Disabled in the file: 住院诊查费 twice a day is not flagged by it.
    const visits = [1, 2].map((i) => ({ id: String(i), code: '001102000050000', name: '住院诊查费', kind: 'item' as const, quantity: 1, price: 20 }));
    expect(check(pack, makeOrder({ encounter: { visitType: 'inpatient' }, lines: visits })).findings).toEqual([]);
  });

  it('the xlsx example gives the same rules as the CSV', () => {
    const fromXlsx = importLocal(TEMPLATE_FILES.exampleXlsx, templateFile(TEMPLATE_FILES.exampleXlsx));
    const withoutFile = (rs: RuleInput[]) => rs.map((r) => ({ ...r, source: { ...r.source, file: '' } }));
    expect(withoutFile(fromXlsx.rules)).toEqual(withoutFile(rules));
    expect(fromXlsx.report.warnings).toEqual([{ message: '工作表“填写说明”不是规则表，未读取' }]);
  });

  it('the same example saved as GBK CSV imports the same', () => {
    const text = new TextDecoder().decode(templateFile(TEMPLATE_FILES.exampleCsv)).replace(/^\uFEFF/, '');
    expect(importLocal('本院规则.csv', encodeGbk(text)).rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
  });
});

describe('the committed template files', () => {
  it('are what the generator makes from local-template.ts and the example CSV', () => {
    const generated = generateTemplateFiles(templateFile(TEMPLATE_FILES.exampleCsv));
    expect(Object.keys(generated).sort()).toEqual([TEMPLATE_FILES.exampleXlsx, TEMPLATE_FILES.templateCsv, TEMPLATE_FILES.templateXlsx].sort());
    for (const [name, bytes] of Object.entries(generated)) expect(Buffer.from(templateFile(name)).equals(Buffer.from(bytes)), name).toBe(true);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateFile(TEMPLATE_FILES.templateCsv))).toBe(localTemplateCsv());
  });

  it('the empty template imports as the template with no rules and no error', () => {
    for (const name of [TEMPLATE_FILES.templateCsv, TEMPLATE_FILES.templateXlsx]) {
      const { rules, report } = importLocal(name, templateFile(name));
      expect(report).toMatchObject({ importer: 'local-rules', rowsRead: 0 });
      expect(report.error).toBeUndefined();
      expect(rules).toEqual([]);
    }
  });

  it('the xlsx template: header row, text-formatted code columns, an instructions sheet listing every column and rule type', () => {
    const bytes = templateFile(TEMPLATE_FILES.templateXlsx);
    const book = openXlsx(bytes);
    expect(book.sheetNames).toEqual(['本院规则', '填写说明']);
    expect(book.sheet(0).rows).toEqual([{ row: 1, cells: [...LOCAL_HEADER] }]);
    const help = book.sheet(1).rows.map((r) => r.cells[0]);
    for (const c of LOCAL_COLUMNS) expect(help).toContain(c.header);
    for (const { name } of KINDS) expect(help).toContain(name.zh);
    const sheetXml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
    const codesColumn = LOCAL_HEADER.indexOf('医保编码') + 1;
    expect(sheetXml).toContain(`<col min="${codesColumn}" max="${codesColumn}" width="28" customWidth="1" style="1"/>`);
    expect(strFromU8(unzipSync(bytes)['xl/styles.xml']!)).toContain('numFmtId="49"');
  });
});

describe('rule types and values', () => {
  it('every rule kind has a Chinese name the template accepts, and the kind id works too', () => {
    for (const { kind, name } of KINDS) {
      for (const n of [kind, name.zh, ...name.synonyms]) expect(kindOf(n), n).toEqual({ ok: true, value: kind });
    }
    // Wordings of the two-libs batches are understood as well.
    expect(kindOf('限定医疗机构级别')).toEqual({ ok: true, value: 'institution-level' });
    expect(kindOf('限定职称')).toMatchObject({ ok: false, reason: expect.stringContaining('不是已有的规则类型') });
  });

  it.each([
    ['1次/7天', { maxCount: 1, periodDays: 7 }],
    ['2次/日', { maxCount: 2, periodDays: 1 }],
    ['每7天1次', { maxCount: 1, periodDays: 7 }],
    ['每周最多1次', { maxCount: 1, periodDays: 7 }],
    ['每日限2次', { maxCount: 2, periodDays: 1 }],
    ['每2周一次', { maxCount: 1, periodDays: 14 }],
  ])('频次 %s', (text, params) => expect(frequencyValue(text)).toEqual(params));

  it.each([
    ['2026-01-01', '2026-01-01'],
    ['2026/1/5', '2026-01-05'],
    ['2026.12.31', '2026-12-31'],
    ['2026年3月1日', '2026-03-01'],
    ['20260301', '2026-03-01'],
    ['46023', '2026-01-01'],
    ['2026-02-28 00:00:00', '2026-02-28'],
  ])('日期 %s', (text, iso) => expect(dateOf(text, '生效日期')).toEqual({ ok: true, value: iso }));

  it('限适应症: codes as written; words, or the 限定支付范围 sentence, read by the batches’ text parser', () => {
    expect(indicationValue('E11;E13.9')).toEqual({ ok: true, value: { icdPrefixes: ['E11', 'E13.9'] } });
    expect(indicationValue('I10;高血压')).toEqual({
      ok: true,
      value: { icdPrefixes: ['I10'], icdRanges: [{ from: 'I10', to: 'I15' }], keywords: ['高血压'], label: '高血压' },
    });
    expect(indicationValue('限成人社区获得性肺炎。')).toMatchObject({ ok: true, value: { icdRanges: [{ from: 'J12', to: 'J18' }], keywords: expect.arrayContaining(['肺炎']) } });
    expect(indicationValue(' ; ')).toMatchObject({ ok: false, reason: expect.stringContaining('ICD-10') });
  });

  it('a date that does not exist is refused', () => {
    expect(dateOf('2026-02-30', '生效日期')).toMatchObject({ ok: false, reason: expect.stringContaining('不是有效日期') });
    expect(dateOf('下个月', '失效日期')).toMatchObject({ ok: false, reason: expect.stringContaining('失效日期“下个月”') });
  });
});

describe('broken template rows are reported with their row numbers', () => {
  const lines = [
    /* 2 */ ',003112010080000,,宫颈活检术,诊疗项目,限性别,女,,严重,是,,,,,',
    /* 3 */ ',003112010080000,,宫颈活检术,诊疗项目,限职称,副主任医师,,,,,,,,',
    /* 4 */ ',,,宫颈活检术,,限性别,女,,,,,,,,',
    /* 5 */ ',002503020030000,,糖化血红蛋白测定,诊疗项目,限定频次,1次/30天,,很严重,也许,,,,,',
    /* 6 */ ',002503020030000,,糖化血红蛋白测定,,限定频次,1次/30天,,,,,,2026-13-01,2026-01-01,',
    /* 7 */ ',002503020030000,,糖化血红蛋白测定,,限定频次,1次/30天,,,,,,2026-06-01,2026-01-01,',
    /* 8 */ ',XN02ABF027V002010101389,,芬太尼透皮贴剂,,超量,,"{maxDays:7}",,,,,,,',
    /* 9 */ ',XN02ABF027V002010101389,,芬太尼透皮贴剂,,超量,,"{""maxDays"":-7}",,,,,,,',
    /* 10 */ 'dup-1,001102000050000,,住院诊查费,,限就医方式,住院,,,,,,,,',
    /* 11 */ 'dup-1,001102000040000,,门急诊留观诊查费,,限就医方式,门诊,,,,,,,,',
    /* 12 */ ',1.10200005E+14,,住院诊查费,,限就医方式,住院,,,,,,,,',
    /* 13 */ ',001102000050000,,住院诊查费,,限性别,,,,,,,,,',
    /* 14 */ ',001102000050000,,住院诊查费,,限定频次,偶尔,,,,,,,,',
    /* 15 */ ',001102000050000,,住院诊查费,,限就医方式,#N/A,,,,,,,,',
    /* 16 */ ',001102000050000,,住院诊查费,药物,限就医方式,住院,,,,,,,,',
    /* 17 */ 'my rule,001102000050000,,住院诊查费,,限就医方式,住院,,,,,,,,',
    /* 18 */ '填表说明：每行一条规则,,,,,,,,,,,,,,',
  ];
  const { rules, report } = importLocal('本院规则.csv', csv(lines));
  const reason = (row: number) => report.notUnderstood.find((i) => i.row === row)?.reason ?? '(row was not reported)';

  it('good rows still make rules; every other row is listed', () => {
    expect(rules.map((r) => r.source?.row)).toEqual([2, 10]);
    expect(report.notUnderstood.map((i) => i.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17]);
    expect(report.skipped).toMatchObject([{ row: 18, text: '填表说明：每行一条规则' }]);
    expect(report.rowsRead).toBe(16);
  });

  it.each([
    [3, /规则类型“限职称”不是已有的规则类型/],
    [4, /没有医保编码、编码前缀或项目类别/],
    [5, /严重程度“很严重”应为 严重、警告 或 提示；是否拦截“也许”应为 是 或 否/],
    [6, /生效日期“2026-13-01”不是有效日期/],
    [7, /生效日期 2026-06-01 晚于失效日期 2026-01-01/],
    [8, /参数\(JSON\)不是有效的 JSON/],
    [9, /参数不符合“超量”规则（maxDays: /],
    [11, /规则编号“dup-1”与第 10 行重复/],
    [12, /科学计数法/],
    [13, /“限性别”需要填写限定值或参数\(JSON\)/],
    [14, /限定频次的限定值“偶尔”不是次数和周期/],
    [15, /Excel 错误值 #N\/A/],
    [16, /项目类别“药物”应为 药品、诊疗项目 或 材料/],
    [17, /规则编号“my rule”不能含空格/],
  ])('row %i', (row, expected) => expect(reason(row)).toMatch(expected));

  it('the row text is kept so the 医保办 can find it', () => {
    expect(report.notUnderstood.find((i) => i.row === 3)).toMatchObject({ name: '宫颈活检术', text: expect.stringContaining('限职称 | 副主任医师') });
  });
});

describe('finding the template', () => {
  it('by its own columns, not by 规则类型 alone', () => {
    expect(isLocalRulesHeader(['医保编码', '规则类型', '限定值', '严重程度'])).toBe(true);
    expect(isLocalRulesHeader(['国家医保编码', '项目名称', '规则类型', '启用'])).toBe(true);
    // A batch sheet may say 规则类型 too; without any template-only column it stays a batch.
    expect(isLocalRulesHeader(['项目名称', '项目编码', '规则类型', '限定值'])).toBe(false);
  });

  it('in a workbook under title rows, with dates Excel stored as numbers', () => {
    const bytes = writeXlsx([
      {
        name: '本院规则',
        rows: [
          ['某市人民医院 本院医保规则'],
          [],
          ['医保编码', '项目名称', '规则类型', '限定值', '严重程度', '生效日期'],
          ['003402000210000', '减重支持系统训练', '限支付疗程', '2周', '警告', 46023],
        ],
      },
    ]);
    const { rules, report } = importLocal('本院规则.xlsx', bytes);
    expect(report.importer).toBe('local-rules');
    expect(rules).toMatchObject([{ kind: 'course', params: { maxDays: 14 }, effective: { from: '2026-01-01' }, source: { row: 4 } }]);
  });

  it('unknown columns are named in the report', () => {
    const bytes = strToU8('医保编码,规则类型,限定值,严重程度,科室负责人\n003112010080000,限性别,女,严重,张三\n');
    const { rules, report } = importLocal('本院规则.csv', bytes);
    expect(rules).toHaveLength(1);
    expect(report.warnings).toEqual([{ message: '列“科室负责人”不是模板中的列，未使用' }]);
  });
});
