import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { FileReportSchema } from '../../../rules/import/report';
import { plainCsvObjects, plainSheetRows } from './plain-reading';
import { CATALOGUE_PATH, TWO_LIBS } from './xlsx-fixture';

/**
 * What each shared batch yields. The same table is in rules/import/README.md.
 *
 * | file                                   | rows | skipped | rules made                                                                  | not understood | codes joined |
 * |----------------------------------------|-----:|--------:|-----------------------------------------------------------------------------|---------------:|-------------:|
 * | 【第一批】药品规则库(限定年龄对象)      |  282 |       0 | age 282                                                                     |              0 |        4,398 |
 * | 【第一批】药品规则库(限定性别对象)      |  481 |       0 | sex 481                                                                     |              0 |        6,472 |
 * | 【第一批】项目规则库(限定年龄对象)      |   30 |       0 | age 30                                                                      |              0 |            – |
 * | 【第一批】项目规则库(限定性别对象)      |  390 |       0 | sex 390                                                                     |              0 |            – |
 * | 【第二批】项目规则库（限定主次操作）    |  378 |       0 | duplicate-charge 7 (one per 手术组)                                          |              0 |            – |
 * | 【第三批】药品规则库（限定保险类型）    |   12 |       0 | insurance-type 12                                                           |              0 |          112 |
 * | 【第七批 】项目规则库（重复收费）       |  900 |       0 | duplicate-charge 170 (one per 主项 + 频度 + 备注)                            |              0 |            – |
 * | 【第八批-1】项目规则库（限定频次）      |   67 |       2 | frequency 67                                                                |              0 |            – |
 * | 【第八批-2】项目规则库（限定年龄）      |    1 |       0 | age 1                                                                       |              0 |            – |
 * | 【第八批-3】项目规则库（限定疗程）      |   11 |       0 | course 11, frequency 4                                                      |              0 |            – |
 * | 【第八批-4】项目规则库（限定周期）      |   14 |       0 | frequency 14                                                                |              0 |            – |
 * | 【第九批】药品限二线使用.csv            |  110 |       0 | second-line 110, indication 90, age 43, visit-type 1                        |              0 |            – |
 * | 【第十批】超互联网医院药品支付范围.csv  |   22 |       0 | visit-type 22                                                               |              0 |            – |
 * | 【第十一批】中药饮片不予支付.csv        |  153 |       0 | self-pay 2 (sole-use 116 codes, always 37)                                  |              0 |            – |
 * | 【第十二批】药品限适应症.csv            |   57 |       0 | indication 57, age 12, second-line 1, sex 1                                 |              0 |            – |
 * | 【第十三批】药品限适应症.csv            |   66 |       0 | indication 66, age 13, visit-type 8, course 3, second-line 1                |              0 |            – |
 * | 【第十四批】药品限适应症.csv            |   43 |       0 | indication 43, course 12, age 11, visit-type 2, institution-level 1, second-line 1 |       0 |            – |
 * | 【第十五批】药品限适应症.csv            |   34 |       0 | indication 34, age 6, second-line 2, sex 1                                  |              0 |            – |
 * | drug-restrictions-structured.csv        | 1423 |       0 | sex 459, indication 476, age 277, institution-level 60, visit-type 52 (31 就医 + 21 专科 急诊), second-line 46, course 20, department 3, insurance-type 11 | 12 (no limit at all) | – |
 *
 * How the numbers were established, without the importer (second describe block below):
 * rows are counted by a plain reading of the files (plain-reading.ts); one rule per distinct
 * name, code or group key is counted the same way; for the 限适应症 texts, a rule of a kind is
 * expected where the text has the kind's words, except the rows named in EXCEPTIONS, each for a
 * stated reason. The catalogue makes one rule per (drug name, limit) unless an earlier row gave
 * the same limit to the same 12-character code, and 一线 restricts nothing.
 */

interface Stated {
  file: string;
  rows: number;
  skipped: number;
  rules: Record<string, number>;
  notUnderstood: Record<string, number>;
  joined: number;
}

const s = (file: string, rows: number, rules: Record<string, number>, extra: Partial<Stated> = {}): Stated => ({
  file, rows, skipped: 0, rules, notUnderstood: {}, joined: 0, ...extra,
});

const STATED: Stated[] = [
  s('【第一批】药品规则库(限定年龄对象).xlsx', 282, { age: 282 }, { joined: 4398 }),
  s('【第一批】药品规则库(限定性别对象).xlsx', 481, { sex: 481 }, { joined: 6472 }),
  s('【第一批】项目规则库(限定年龄对象).xlsx', 30, { age: 30 }),
  s('【第一批】项目规则库(限定性别对象).xlsx', 390, { sex: 390 }),
  s('【第二批】项目规则库（限定主次操作）.xlsx', 378, { 'duplicate-charge': 7 }),
  s('【第三批】药品规则库（限定保险类型）.xlsx', 12, { 'insurance-type': 12 }, { joined: 112 }),
  s('【第七批 】项目规则库（重复收费）.xlsx', 900, { 'duplicate-charge': 170 }),
  s('【第八批-1】项目规则库（限定频次）.xlsx', 67, { frequency: 67 }, { skipped: 2 }),
  s('【第八批-2】项目规则库（限定年龄）.xlsx', 1, { age: 1 }),
  s('【第八批-3】项目规则库（限定疗程）.xlsx', 11, { course: 11, frequency: 4 }),
  s('【第八批-4】项目规则库（限定周期）.xlsx', 14, { frequency: 14 }),
  s('【第九批】药品限二线使用.csv', 110, { 'second-line': 110, indication: 90, age: 43, 'visit-type': 1 }),
  s('【第十批】超互联网医院药品支付范围.csv', 22, { 'visit-type': 22 }),
  s('【第十一批】中药饮片不予支付.csv', 153, { 'self-pay': 2 }),
  s('【第十二批】药品限适应症.csv', 57, { indication: 57, age: 12, 'second-line': 1, sex: 1 }),
  s('【第十三批】药品限适应症.csv', 66, { indication: 66, age: 13, 'visit-type': 8, course: 3, 'second-line': 1 }),
  s('【第十四批】药品限适应症.csv', 43, { indication: 43, course: 12, age: 11, 'visit-type': 2, 'institution-level': 1, 'second-line': 1 }),
  s('【第十五批】药品限适应症.csv', 34, { indication: 34, age: 6, 'second-line': 2, sex: 1 }),
  s(path.basename(CATALOGUE_PATH), 1423, {
    sex: 459, indication: 476, age: 277, 'institution-level': 60, 'second-line': 46, 'visit-type': 52, department: 3, course: 20, 'insurance-type': 11,
  }, { notUnderstood: { 'the row gives no limit at all': 12 } }),
];

const pathOf = (file: string) => (file === path.basename(CATALOGUE_PATH) ? CATALOGUE_PATH : path.join(TWO_LIBS, file));
const bytesOf = (file: string) => new Uint8Array(readFileSync(pathOf(file)));
const stated = (file: string) => STATED.find((x) => x.file === file)!;
const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
const countBy = <T>(items: readonly T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {});

describe('every shared batch imports to its stated counts', () => {
  it('the table covers every file in the folder', () => {
    expect(readdirSync(TWO_LIBS).sort()).toEqual(STATED.map((x) => x.file).filter((f) => f !== path.basename(CATALOGUE_PATH)).sort());
  });

  it.each(STATED)('$file', (x) => {
    const { rules, report } = importAnyFile({ name: pathOf(x.file), bytes: bytesOf(x.file) });
    expect(FileReportSchema.parse(report)).toEqual(report);
    expect(report.error).toBeUndefined();
    expect(report.rowsRead).toBe(x.rows);
    expect(report.skipped).toHaveLength(x.skipped);
    expect(report.rulesMade).toEqual(sorted(x.rules));
    expect(countBy(report.notUnderstood, (i) => i.reason)).toEqual(x.notUnderstood);
    expect(report.codesJoined).toBe(x.joined);
    // Every row read is accounted for: it fed a rule or is listed with its reason.
    expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);
    expect(rules).toHaveLength(Object.values(x.rules).reduce((a, b) => a + b, 0));
  });
});

// ---- the same numbers from a plain reading of the files ----

const sheet = (file: string, n: number) => plainSheetRows(bytesOf(file), n);
const distinct = (values: readonly string[]) => new Set(values).size;
const total = (x: Stated) => x.rules;

describe('the stated numbers agree with a plain reading of the workbooks', () => {
  it('data rows are the sheet rows under the header (第八批-1 ends with 合计 and 备注 lines)', () => {
    for (const x of STATED.filter((f) => f.file.endsWith('.xlsx'))) {
      expect(sheet(x.file, 1).length - 1 - x.skipped, x.file).toBe(x.rows);
    }
    const tail = sheet('【第八批-1】项目规则库（限定频次）.xlsx', 1).slice(-2).map((r) => r.find((c) => c !== ''));
    expect(tail.map((t) => t!.slice(0, 2))).toEqual(['合计', '备注']);
  });

  it('drug batches join every row of their code sheet', () => {
    for (const file of ['【第一批】药品规则库(限定年龄对象).xlsx', '【第一批】药品规则库(限定性别对象).xlsx', '【第三批】药品规则库（限定保险类型）.xlsx']) {
      const codes = sheet(file, 2).slice(1);
      expect(codes.length, file).toBe(stated(file).joined);
      // …and the names in the code sheet are exactly the rule rows' names: none left over.
      expect(new Set(codes.map((r) => r[0]))).toEqual(new Set(sheet(file, 1).slice(1).map((r) => r[0])));
    }
  });

  it('one rule per drug name or item code of sheet 1', () => {
    for (const [file, column, kind] of [
      ['【第一批】药品规则库(限定年龄对象).xlsx', 0, 'age'],
      ['【第一批】药品规则库(限定性别对象).xlsx', 0, 'sex'],
      ['【第一批】项目规则库(限定年龄对象).xlsx', 1, 'age'],
      ['【第一批】项目规则库(限定性别对象).xlsx', 2, 'sex'],
      ['【第三批】药品规则库（限定保险类型）.xlsx', 0, 'insurance-type'],
      ['【第八批-1】项目规则库（限定频次）.xlsx', 4, 'frequency'],
      ['【第八批-2】项目规则库（限定年龄）.xlsx', 3, 'age'],
      ['【第八批-4】项目规则库（限定周期）.xlsx', 5, 'frequency'],
    ] as const) {
      const x = stated(file);
      const keys = sheet(file, 1).slice(1, 1 + x.rows).map((r) => r[column]!);
      expect(distinct(keys), file).toBe(total(x)[kind]);
    }
  });

  it('第二批: one group rule per 限定值域 (手术组); 第七批: one pair rule per 主项编码 + 频度 + 备注', () => {
    const groups = sheet('【第二批】项目规则库（限定主次操作）.xlsx', 1).slice(1).map((r) => r[4]!);
    expect(distinct(groups)).toBe(stated('【第二批】项目规则库（限定主次操作）.xlsx').rules['duplicate-charge']);
    const pairs = sheet('【第七批 】项目规则库（重复收费）.xlsx', 1).slice(1).filter((r) => r[3] && r[5]).map((r) => `${r[3]}|${r[1]}|${r[6] ?? ''}`);
    expect(distinct(pairs)).toBe(stated('【第七批 】项目规则库（重复收费）.xlsx').rules['duplicate-charge']);
  });

  it('第八批-3: every 备注 gives a course; those with an interval or a weekly count also a frequency', () => {
    const notes = sheet('【第八批-3】项目规则库（限定疗程）.xlsx', 1).slice(1).map((r) => r[2]!);
    expect(notes.filter((n) => /不超过/.test(n)).length).toBe(11);
    expect(notes.filter((n) => /间隔|每周/.test(n)).length).toBe(4);
  });
});

/** Words that announce a limit of each kind in a 限定支付范围 text. */
const KIND_WORDS: Record<string, RegExp> = {
  age: /岁|儿童|成人|成年|青少年|新生儿/,
  'visit-type': /住院|门诊|急诊/,
  course: /不超过\s*\d+\s*(天|日|周|个月)/,
  sex: /女性|男性|妇女/,
  'institution-level': /[一二三]级(及|或)?以上|[一二三]级(医疗机构|医院)|三甲/,
  'second-line': /二线/,
};

const ONE_ALTERNATIVE = 'the age is stated in one numbered alternative only: one rule would refuse the others';
const ALL_AGES = 'the alternatives name both adults and children: no age is excluded';
const FIRST_PRESCRIPTION = '二级及以上 says who writes the first prescription, not where the drug is paid';
/** Rows whose text has a kind's words but rightly gives no rule of that kind. */
const EXCEPTIONS: Record<string, Record<string, [string, string][]>> = {
  '【第九批】药品限二线使用.csv': {
    age: [
      ['艾曲泊帕乙醇胺片', ONE_ALTERNATIVE], ['奥马珠单抗注射液', ONE_ALTERNATIVE], ['巴瑞替尼片', ONE_ALTERNATIVE], ['氟唑帕利胶囊', ONE_ALTERNATIVE],
      ['赛帕利单抗注射液', ONE_ALTERNATIVE], ['乌帕替尼缓释片', ONE_ALTERNATIVE], ['乌司奴单抗注射液', ONE_ALTERNATIVE], ['注射用奥马珠单抗', ONE_ALTERNATIVE],
    ],
    'institution-level': [['度拉糖肽注射液', FIRST_PRESCRIPTION], ['聚乙二醇洛塞那肽注射液', FIRST_PRESCRIPTION], ['利司那肽注射液', FIRST_PRESCRIPTION]],
  },
  '【第十二批】药品限适应症.csv': {
    age: [['阿加糖酶α注射用浓溶液', '适用于成人、儿童和青少年: every age'], ['尼替西农胶囊', ALL_AGES], ['熊去氧胆酸口服混悬液', '1月龄至18岁 in one alternative (months are not an age rule)']],
    'institution-level': [['度拉糖肽注射液', FIRST_PRESCRIPTION], ['聚乙二醇洛塞那肽注射液', FIRST_PRESCRIPTION], ['利司那肽注射液', FIRST_PRESCRIPTION]],
  },
  '【第十三批】药品限适应症.csv': {
    age: [['艾曲泊帕乙醇胺片', ONE_ALTERNATIVE], ['注射用培妥罗凝血素α', ALL_AGES], ['注射用重组人凝血因子Ⅷ', ALL_AGES], ['注射用重组人凝血因子Ⅸ', ALL_AGES]],
  },
  '【第十四批】药品限适应症.csv': {
    age: [['瑞舒伐他汀依折麦布片(I)', ONE_ALTERNATIVE], ['沙库巴曲缬沙坦钠片', ONE_ALTERNATIVE], ['依洛尤单抗注射液', ONE_ALTERNATIVE], ['依折麦布阿托伐他汀钙片(Ⅱ)', ONE_ALTERNATIVE]],
    'visit-type': [['银杏叶提取物注射液', '住院 binds the first of two alternatives only']],
  },
  '【第十五批】药品限适应症.csv': {
    age: [['醋酸兰瑞肽缓释注射液(预充式)', ONE_ALTERNATIVE]],
  },
};

describe('the stated numbers agree with a plain reading of the batch CSVs', () => {
  const csvs = STATED.filter((x) => /第.+批.*\.csv$/.test(x.file));

  it('rows are the CSV records', () => {
    for (const x of csvs) expect(plainCsvObjects(bytesOf(x.file)).length, x.file).toBe(x.rows);
  });

  it.each(Object.keys(EXCEPTIONS))('%s: a rule of a kind where the text has its words, except the listed rows', (file) => {
    const rows = plainCsvObjects(bytesOf(file));
    const x = stated(file);
    for (const [kind, words] of Object.entries(KIND_WORDS)) {
      if (file.includes('第九批') && kind === 'second-line') continue; // every 第九批 row is second-line by its class
      const exceptions = (EXCEPTIONS[file]![kind] ?? []).map(([name]) => name);
      const withWords = rows.filter((r) => words.test(r.constraint!)).map((r) => r.item_name!);
      expect(exceptions.every((name) => withWords.includes(name)), `${file} ${kind}`).toBe(true);
      expect(withWords.length - exceptions.length, `${file} ${kind}`).toBe(x.rules[kind] ?? 0);
    }
  });

  it('第九批: every row is second-line; all but the bare "限二线用药。" rows name a disease', () => {
    const rows = plainCsvObjects(bytesOf('【第九批】药品限二线使用.csv'));
    const x = stated('【第九批】药品限二线使用.csv');
    expect(rows.every((r) => /二线/.test(r.rule_class!))).toBe(true);
    expect(x.rules['second-line']).toBe(rows.length);
    expect(rows.length - rows.filter((r) => r.constraint === '限二线用药。').length).toBe(x.rules.indication);
  });

  it('第十二–十五批: every 限适应症 row names a disease, so each gives one indication rule', () => {
    for (const x of csvs.filter((c) => c.file.includes('限适应症'))) expect(x.rules.indication, x.file).toBe(x.rows);
  });

  it('第十批: one internet rule per drug; 第十一批: one rule per 饮片 condition', () => {
    expect(stated('【第十批】超互联网医院药品支付范围.csv').rules['visit-type']).toBe(plainCsvObjects(bytesOf('【第十批】超互联网医院药品支付范围.csv')).length);
    const herbal = plainCsvObjects(bytesOf('【第十一批】中药饮片不予支付.csv'));
    const soleUse = herbal.filter((r) => /单独使用/.test(r.constraint!));
    const never = herbal.filter((r) => /不得纳入/.test(r.constraint!));
    expect(soleUse.length + never.length).toBe(herbal.length);
    expect(stated('【第十一批】中药饮片不予支付.csv').rules['self-pay']).toBe(2);
    const { rules } = importAnyFile({ name: '【第十一批】中药饮片不予支付.csv', bytes: bytesOf('【第十一批】中药饮片不予支付.csv') });
    const codes = (rows: Record<string, string>[]) => new Set(rows.flatMap((r) => r.med_codes!.split(';'))).size;
    expect(rules.map((r) => [r.params, r.match.codes?.length])).toEqual([
      [expect.objectContaining({ condition: 'sole-use' }), codes(soleUse)],
      [expect.objectContaining({ condition: 'always' }), codes(never)],
    ]);
  });
});

describe('the stated numbers agree with a plain reading of the catalogue', () => {
  const rows = plainCsvObjects(bytesOf(path.basename(CATALOGUE_PATH)));
  const x = stated(path.basename(CATALOGUE_PATH));
  const COLUMNS: [string, string][] = [
    ['险种限制', 'insurance-type'], ['机构限制', 'institution-level'], ['就医限制', 'visit-type'], ['专科限制', 'department'], ['性别限制', 'sex'],
    ['年龄限制', 'age'], ['疾病限制', 'indication'], ['阶梯限制', 'second-line'], ['疗程限制', 'course'],
  ];

  it('rows read, and the rows that give no limit at all', () => {
    expect(rows.length).toBe(x.rows);
    expect(rows.filter((r) => COLUMNS.every(([c]) => !r[c]!.trim())).length).toBe(x.notUnderstood['the row gives no limit at all']);
  });

  // 专科限制 "(急诊)" is an emergency or rescue use, checked as a visit type, not a department;
  // "(营养)" is the 营养风险筛查 condition: part of the row's 疾病限制 indication, or one of its own.
  const isNutrition = (column: string, value: string) => column === '专科限制' && value === '(营养)';
  const kindOf = (column: string, kind: string, value: string) =>
    column === '专科限制' && /急诊|急救|抢救/.test(value) ? 'visit-type' : isNutrition(column, value) ? 'indication' : kind;
  const withNutrition = (r: Record<string, string>, column: string, value: string) =>
    column === '疾病限制' && r['专科限制']!.trim() === '(营养)' ? `${value}+营养` : value;

  it.each(COLUMNS.map(([, kind]) => kind))('%s: one rule per (drug name, limit), a 12-character code given the same limit earlier adds none', (kind) => {
    const given = new Set<string>();
    const made = new Set<string>();
    for (const [column, columnKind] of COLUMNS) {
      for (const r of rows) {
        const value = r[column]!.trim();
        if (!value || value === '一线' || kindOf(column, columnKind, value) !== kind) continue;
        if (isNutrition(column, value) && r['疾病限制']!.trim()) continue;
        const limit = withNutrition(r, column, value);
        const key = `${column}|${limit}|${r['药品编码']!.slice(0, 12)}`;
        if (given.has(key)) continue;
        given.add(key);
        made.add(`${column}|${r['药品名称']}|${limit}`);
      }
    }
    expect(made.size).toBe(x.rules[kind]);
  });
});
