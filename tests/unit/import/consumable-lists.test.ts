import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { CONSUMABLE_FILES, generateConsumableFiles } from '../../../rules/import/consumables/files';
import { CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST } from '../../../rules/import/consumables/template';
import { listTemplateCsv } from '../../../rules/import/hospital-lists';
import { consumableItemValue, consumableQuantityValue } from '../../../rules/import/consumables/values';
import { openXlsx } from '../../../rules/import/xlsx';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { check, makeOrder, makePack } from '../../support/builders';

/**
 * The hospital's 医用耗材 lists (rules/import/consumables): the committed examples and templates,
 * and every kind of broken row reported with its row number and reason.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const importFile = (name: string, bytes: Uint8Array) => importAnyFile({ name, bytes });
const LISTS = { items: CONSUMABLE_ITEMS_LIST, limits: CONSUMABLE_LIMITS_LIST } as const;
type List = keyof typeof LISTS;
const headerOf = (list: List) => LISTS[list].columns.map((c) => c.header);
const csvOf = (list: List, lines: string[]) => strToU8(`${headerOf(list).join(',')}\n${lines.join('\n')}\n`);
const withoutFile = (rules: RuleInput[]) => rules.map((r) => ({ ...r, source: { ...r.source, file: '' } }));

const INFUSION_SET = 'C14010100101010000001000123';
const CANNULA = 'C14010300201010000001000456';

describe('the committed examples', () => {
  const pairs = importFile(CONSUMABLE_FILES.items.exampleCsv, templateFile(CONSUMABLE_FILES.items.exampleCsv));
  const limits = importFile(CONSUMABLE_FILES.limits.exampleCsv, templateFile(CONSUMABLE_FILES.limits.exampleCsv));

  it('项目与耗材对照: 4 rows → 3 须同时收取 rules and 1 重复收费 pair, every row used', () => {
    expect(pairs.report).toMatchObject({ importer: 'consumable-items', rowsRead: 4, rowsUsed: 4, notUnderstood: [], warnings: [] });
    expect(pairs.report.rulesMade).toEqual({ 'consumable-item': 3, 'duplicate-charge': 1 });
    const set = pairs.rules.find((r) => r.id === `local-consumable-item-${INFUSION_SET}`)!;
    expect(set).toMatchObject({
      kind: 'consumable-item',
      severity: 'warning',
      match: { codes: [INFUSION_SET] },
      params: { items: ['001204000060000', '001204000070000'], itemLabel: '静脉输液或小儿头皮静脉输液', within: 'day' },
      basis: '本院医用耗材收费管理规定（示例）',
    });
    const pair = pairs.rules.find((r) => r.kind === 'duplicate-charge')!;
    // The rule matches both sides: the order kind sees only the lines its rule matches.
    expect(pair).toMatchObject({
      severity: 'critical',
      match: { codes: ['001201000130000', 'C15010100501010000001000111'] },
      params: { mode: 'pair', main: ['001201000130000'], secondary: ['C15010100501010000001000111'] },
    });
  });

  it('耗材限定: 6 rows → one rule per filled limit, of the existing kinds where they have the shape', () => {
    expect(limits.report).toMatchObject({ importer: 'consumable-limits', rowsRead: 6, rowsUsed: 6, notUnderstood: [], warnings: [] });
    expect(limits.report.rulesMade).toEqual({ age: 2, 'consumable-quantity': 5, department: 1, indication: 1, sex: 1 });
    const byId = new Map(limits.rules.map((r) => [r.id, r]));
    expect(byId.get(`local-consumable-quantity-${CANNULA}`)).toMatchObject({ severity: 'critical', params: { max: 1, unit: '支', per: 'day' } });
    expect(byId.get('local-age-C13010100601010000001000222')).toMatchObject({ params: { group: 'newborn' } });
    expect(byId.get('local-age-C14010200301010000001000789')).toMatchObject({ params: { group: 'child' } });
    expect(byId.get('local-sex-C12020100101010000001000654')).toMatchObject({ severity: 'critical', params: { allowed: 'F' } });
    expect(byId.get('local-department-C07010100101010000001000987')).toMatchObject({ severity: 'warning', params: { keywords: ['肾内', '血液净化'] } });
    expect(byId.get('local-indication-C14010500401010000001000321')).toMatchObject({ params: { icdRanges: [{ from: 'E10', to: 'E14' }] } });
  });

  it('the xlsx examples give the same rules as the CSVs', () => {
    for (const [list, csv] of [['items', pairs], ['limits', limits]] as const) {
      const xlsx = importFile(CONSUMABLE_FILES[list].exampleXlsx, templateFile(CONSUMABLE_FILES[list].exampleXlsx));
      expect(withoutFile(xlsx.rules)).toEqual(withoutFile(csv.rules));
      expect(xlsx.report.warnings).toEqual([{ message: `工作表“填写说明”不是${LISTS[list].title}表，未读取` }]);
    }
  });

  it('the imported rules check orders: 留置针 over its day, 输液器 without 静脉输液', () => {
    const pack = makePack([...pairs.rules, ...limits.rules] as never);
    const cannula = { id: '1', code: CANNULA, name: '一次性使用静脉留置针', kind: 'material' as const, quantity: 2, unit: '支' };
    const infusion = { id: '2', code: '001204000060000', name: '静脉输液', kind: 'item' as const, quantity: 1 };
    const findings = check(pack, makeOrder({ lines: [cannula, infusion] })).findings;
    expect(findings.map((f) => [f.kind, f.lineId])).toEqual([['consumable-quantity', '1']]);
    const set = { id: '3', code: INFUSION_SET, name: '一次性使用输液器（带针）', kind: 'material' as const, quantity: 1, unit: '套' };
    expect(check(pack, makeOrder({ lines: [set] })).findings.map((f) => [f.kind, f.lineId])).toEqual([['consumable-item', '3']]);
  });
});

describe('the committed template files', () => {
  it('are what the generator makes from template.ts and the example CSVs', () => {
    const generated = generateConsumableFiles({ items: templateFile(CONSUMABLE_FILES.items.exampleCsv), limits: templateFile(CONSUMABLE_FILES.limits.exampleCsv) });
    for (const list of ['items', 'limits'] as const) {
      const files = CONSUMABLE_FILES[list];
      expect(Object.keys(generated)).toEqual(expect.arrayContaining([files.exampleXlsx, files.templateCsv, files.templateXlsx]));
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateFile(files.templateCsv))).toBe(listTemplateCsv(LISTS[list]));
    }
    expect(Object.keys(generated)).toHaveLength(6);
    for (const [name, bytes] of Object.entries(generated)) expect(Buffer.from(templateFile(name)).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it('the empty templates import as their list, with no rules and no error', () => {
    for (const [list, importer] of [['items', 'consumable-items'], ['limits', 'consumable-limits']] as const) {
      for (const name of [CONSUMABLE_FILES[list].templateCsv, CONSUMABLE_FILES[list].templateXlsx]) {
        const { rules, report } = importFile(name, templateFile(name));
        expect(report, name).toMatchObject({ importer, rowsRead: 0 });
        expect(report.error).toBeUndefined();
        expect(rules).toEqual([]);
      }
    }
  });

  it('the xlsx templates: the header, text-formatted code columns and a 填写说明 sheet naming every column', () => {
    for (const list of ['items', 'limits'] as const) {
      const bytes = templateFile(CONSUMABLE_FILES[list].templateXlsx);
      const book = openXlsx(bytes);
      expect(book.sheetNames).toEqual([LISTS[list].title, '填写说明']);
      expect(book.sheet(0).rows).toEqual([{ row: 1, cells: headerOf(list) }]);
      const help = book.sheet(1).rows.map((r) => r.cells[0]);
      for (const c of LISTS[list].columns) expect(help).toContain(c.header);
      const sheetXml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
      expect(sheetXml).toContain('<col min="1" max="1" width="30" customWidth="1" style="1"/>');
    }
  });
});

describe('broken rows are reported with their row number and every reason', () => {
  const reasonsOf = (list: List, lines: string[]) => {
    const { rules, report } = importFile(`${list}.csv`, csvOf(list, lines));
    return { rules, byRow: new Map(report.notUnderstood.map((n) => [n.row, n.reason])), report };
  };

  it('耗材限定', () => {
    const { rules, byRow, report } = reasonsOf('limits', [
      `${CANNULA},,留置针,每日1支,,,,,,,,,,,`,
      `,,无编码的耗材,每日1支,,,,,,,,,,,`,
      `001204000060000,,项目编码写错列,每日1支,,,,,,,,,,,`,
      `XN07XXD130E002010102774,,药品编码,每日1支,,,,,,,,,,,`,
      `C1401,,位数不对,每日1支,,,,,,,,,,,`,
      `${CANNULA},,没有限定,,,,,,,,,,,,`,
      `${CANNULA},,没有计数范围,2支,,,,,,,,,,,`,
      `${CANNULA},,性别写错,,不限,,,,,,,,,,`,
      `${CANNULA},,年龄写错,,,很小,,,,,,,,,`,
      `${CANNULA},,疾病为空号,,,,,;,,,,,,,`,
      `${CANNULA},,日期倒置,每日1支,,,,,,,,,2026-12-31,2026-01-01,`,
      `${CANNULA},,公式出错,#N/A,,,,,,,,,,,`,
      `1.40103E+26,,科学计数法,每日1支,,,,,,,,,,,`,
      `${CANNULA},,严重程度写错,每日1支,,,,,很严重,,,,,,`,
    ]);
    expect(report.rowsRead).toBe(14);
    expect(rules.map((r) => r.id)).toEqual([`local-consumable-quantity-${CANNULA}`]);
    expect(byRow.get(3)).toContain('没有耗材医保编码或耗材编码前缀');
    expect(byRow.get(4)).toContain('是医疗服务项目编码，不是耗材编码');
    expect(byRow.get(5)).toContain('是药品编码，不是耗材编码');
    expect(byRow.get(6)).toContain('不是 C 开头的 27 位');
    expect(byRow.get(7)).toContain('没有填写任何限定');
    expect(byRow.get(8)).toContain('没有写明计数范围');
    expect(byRow.get(9)).toBe('限性别“不限”无法识别，应写 男 或 女');
    expect(byRow.get(10)).toContain('限年龄“很小”无法识别');
    expect(byRow.get(11)).toContain('ICD-10');
    expect(byRow.get(12)).toContain('生效日期 2026-12-31 晚于失效日期 2026-01-01');
    expect(byRow.get(13)).toContain('Excel 错误值 #N/A');
    expect(byRow.get(14)).toContain('科学计数法');
    expect(byRow.get(15)).toContain('严重程度“很严重”');
    expect(byRow.size).toBe(13);
  });

  it('项目与耗材对照', () => {
    const { rules, byRow } = reasonsOf('items', [
      `${INFUSION_SET},输液器,001204000060000,静脉输液,须同时收取,,,,,,,,`,
      `${INFUSION_SET},输液器,,静脉输液,须同时收取,,,,,,,,`,
      `${INFUSION_SET},输液器,1204000060000,静脉输液,须同时收取,,,,,,,,`,
      `${INFUSION_SET},输液器,001204000060000,静脉输液,有关,,,,,,,,`,
      `${INFUSION_SET},输液器,001204000060000,静脉输液,,,,,,,,,`,
      `${INFUSION_SET},输液器,001204000060000,静脉输液,须同时收取,每周,,,,,,,`,
      `${INFUSION_SET},输液器,001204000060000 静脉输液,,须同时收取,,,,,,,,`,
      `${INFUSION_SET},输液器,${CANNULA},留置针,须同时收取,,,,,,,,`,
      `,输液器,001204000060000,静脉输液,须同时收取,,,,,,,,`,
      `${INFUSION_SET},输液器,001204000060000,静脉输液,须同时收取,,,可能,,,,,`,
    ]);
    expect(rules.map((r) => r.kind)).toEqual(['consumable-item']);
    expect(byRow.get(3)).toContain('没有诊疗项目医保编码');
    expect(byRow.get(4)).toContain('丢了前导零');
    expect(byRow.get(5)).toContain('关系“有关”应为 须同时收取 或 项目已含');
    expect(byRow.get(6)).toContain('没有填写关系');
    expect(byRow.get(7)).toContain('时间范围“每周”应为 同日 或 同次就诊');
    expect(byRow.get(8)).toContain('“静脉输液”不是 15 位项目编码');
    expect(byRow.get(9)).toContain('不是 15 位医疗服务项目编码');
    expect(byRow.get(10)).toContain('没有耗材医保编码');
    expect(byRow.get(11)).toContain('是否拦截“可能”');
    expect(byRow.size).toBe(9);
  });

  it('a 项目已含 row with a 时间范围 imports with a warning naming the row', () => {
    const { rules, report } = importFile('items.csv', csvOf('items', [`${INFUSION_SET},输液器,001204000060000,静脉输液,项目已含,同次就诊,,,,,,,`]));
    expect(rules.map((r) => r.kind)).toEqual(['duplicate-charge']);
    expect(report.warnings).toEqual([{ row: 2, message: '时间范围只用于“须同时收取”；项目已含时按同日判断重复收费' }]);
  });
});

describe('telling the lists apart', () => {
  it('by their headers, whatever the file is called; other headers stay unknown', () => {
    expect(importFile('a.csv', csvOf('items', [])).report.importer).toBe('consumable-items');
    expect(importFile('b.csv', csvOf('limits', [])).report.importer).toBe('consumable-limits');
    // A limits list needs a limit column: 耗材医保编码 and a name alone are no rule table.
    expect(importFile('c.csv', strToU8('耗材医保编码,耗材名称\nC14010100101010000001000123,输液器\n')).report.importer).toBe('unknown');
  });
});

describe('the short values', () => {
  it.each([
    ['每日2支', { max: 2, unit: '支', per: 'day' }],
    ['2支/日', { max: 2, unit: '支', per: 'day' }],
    ['每天不超过两支', { max: 2, unit: '支', per: 'day' }],
    ['每次住院1根', { max: 1, unit: '根', per: 'visit' }],
    ['住院期间限 1 套', { max: 1, unit: '套', per: 'visit' }],
    ['每次就诊2个', { max: 2, unit: '个', per: 'visit' }],
    ['每次2个', { max: 2, unit: '个', per: 'line' }],
    ['每日0.5L', { max: 0.5, unit: 'L', per: 'day' }],
    ['每日3', { max: 3, per: 'day' }],
  ])('数量上限 %s', (text, value) => expect(consumableQuantityValue(text)).toEqual({ ok: true, value }));

  it('refuses a quantity without what it is counted over, or without a number', () => {
    expect(consumableQuantityValue('2支')).toMatchObject({ ok: false, reason: expect.stringContaining('没有写明计数范围') });
    expect(consumableQuantityValue('每日若干')).toMatchObject({ ok: false, reason: expect.stringContaining('应写数量和单位') });
    expect(consumableQuantityValue('每日0支')).toMatchObject({ ok: false, reason: expect.stringContaining('应大于 0') });
  });

  it('reads item codes, a name and 同次就诊; refuses other codes', () => {
    expect(consumableItemValue('001204000060000;001204000070000;静脉输液')).toEqual({
      ok: true,
      value: { items: ['001204000060000', '001204000070000'], itemLabel: '静脉输液', within: 'day' },
    });
    expect(consumableItemValue('001204000060000 同次就诊')).toEqual({ ok: true, value: { items: ['001204000060000'], within: 'visit' } });
    expect(consumableItemValue('静脉输液')).toMatchObject({ ok: false, reason: expect.stringContaining('没有 15 位医疗服务项目编码') });
  });

  it('the local rules template takes the two kinds with the same values', () => {
    const header = '规则编号,医保编码,项目名称,项目类别,规则类型,限定值,严重程度';
    const text = `${header}\n,${CANNULA},留置针,材料,耗材数量超标,每日1支,\n,${INFUSION_SET},输液器,材料,医用耗材与医疗服务项目不符,001204000060000;静脉输液,\n,${CANNULA},留置针,材料,耗材数量超标,2支,\n`;
    const { rules, report } = importFile('本院规则.csv', strToU8(text));
    expect(rules.map((r) => [r.kind, r.params])).toEqual([
      ['consumable-quantity', { max: 1, unit: '支', per: 'day' }],
      ['consumable-item', { items: ['001204000060000'], itemLabel: '静脉输液', within: 'day' }],
    ]);
    expect(report.notUnderstood).toEqual([expect.objectContaining({ row: 4, reason: expect.stringContaining('没有写明计数范围') })]);
  });
});
