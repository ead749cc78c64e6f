import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { language } from '../../../components/i18n';
import { exportTable } from '../../../components/review/event-facts';
import type { Table } from '../../../components/review/export/cells';
import { csvField, toCsv } from '../../../components/review/export/csv';
import { toXlsx } from '../../../components/review/export/xlsx';
import { openXlsx } from '../../../rules/import/xlsx';
import { columnName, escapeXml, sheetName } from '../../../rules/import/xlsx-write';
import type { ListedEvent } from '../../../contract/review/events';
import { decision, findingShown, realRules } from '../../hub/support/events';
import { NameBook } from '../../../components/review/names';
import { kindText } from '../../../components/review/review-i18n';
import type { ReviewDataSource } from '../../../contract/review/data-source';
import type { Names, NamesQuery } from '../../../contract/review/names';

afterEach(() => {
  language.value = 'zh-CN';
});

const unescape = (xml: string) => xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * Cells of sheet1 by reference (A1 …), read back out of the zipped workbook: numbers as numbers,
 * string cells through the shared-string table, and each cell's style index.
 */
function readSheet(bytes: Uint8Array): { files: string[]; cells: Map<string, string | number>; styles: Map<string, number>; sheetXml: string; workbook: string; stylesXml: string } {
  const files = unzipSync(bytes);
  const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const shared = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/g)].map((m) => unescape(m[1]!));
  const cells = new Map<string, string | number>();
  const styles = new Map<string, number>();
  for (const m of sheetXml.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?( t="s")?><v>([^<]*)<\/v><\/c>/g)) {
    cells.set(m[1]!, m[3] ? shared[Number(m[4])]! : Number(m[4]));
    styles.set(m[1]!, Number(m[2] ?? 0));
  }
  return { files: Object.keys(files).sort(), cells, styles, sheetXml, workbook: strFromU8(files['xl/workbook.xml']!), stylesXml: strFromU8(files['xl/styles.xml']!) };
}

/** Whether cell style `index` (cellXfs) uses a bold font. */
function isBold(stylesXml: string, index: number): boolean {
  const fonts = [...stylesXml.matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]!);
  const xfs = [...stylesXml.slice(stylesXml.indexOf('<cellXfs')).matchAll(/<xf [^>]*fontId="(\d+)"/g)].map((m) => Number(m[1]));
  return fonts[xfs[index]!]?.includes('<b/>') ?? false;
}

const [ruleA, ruleB] = realRules();

function listed(event: ListedEvent['event'], verdict?: ListedEvent['verdict']): ListedEvent {
  return { event, workstation: { id: 'a1b2c3d4e5f60718', label: '门诊3诊室' }, receivedAt: '2026-11-22T02:20:00.000Z', verdict: verdict ?? null };
}

describe('CSV', () => {
  it('starts with a UTF-8 BOM, ends lines with CRLF and quotes every text field', () => {
    const csv = toCsv({ header: ['科室', '金额'], rows: [['心血管内科', 36.5], ['呼吸内科', null]] });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('"科室","金额"\r\n"心血管内科",36.5\r\n"呼吸内科",\r\n');
    // The BOM in bytes, as Excel sees the file.
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('doubles quotes and keeps commas and line breaks inside the field', () => {
    expect(csvField('说明："限二线"，见附件,第2条\n换行')).toBe('"说明：""限二线""，见附件,第2条\n换行"');
  });

  it('defuses text that a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvField('=HYPERLINK("http://x","点我")')).toBe(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(csvField('+86 10 1234')).toBe(`"'+86 10 1234"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('XLSX', () => {
  it('is a zip with the SpreadsheetML parts Excel needs', () => {
    const { files, workbook } = readSheet(toXlsx({ header: ['a'], rows: [] }, '医保审核事件'));
    expect(files).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(workbook).toContain('<sheet name="医保审核事件" sheetId="1" r:id="rId1"/>');
  });

  it('writes Chinese text as strings, numbers as numbers, and escapes markup', () => {
    const table: Table = {
      header: ['规则', '涉及金额', '意见'],
      rows: [
        [ruleA!.id, 98.5, '<b>误报</b> & "编码对照"'],
        ['第二行', 0, null],
      ],
    };
    const bytes = toXlsx(table);
    const { cells, styles, sheetXml, stylesXml } = readSheet(bytes);
    expect(cells.get('A1')).toBe('规则');
    expect(cells.get('B1')).toBe('涉及金额');
    expect(cells.get('A2')).toBe(ruleA!.id);
    expect(cells.get('B2')).toBe(98.5);
    expect(cells.get('C2')).toBe('<b>误报</b> & "编码对照"');
    expect(cells.get('B3')).toBe(0);
    expect(cells.has('C3')).toBe(false);
    expect(sheetXml).not.toContain('<b>');
    // Header row bold and frozen, the rest plain.
    expect(['A1', 'B1', 'C1'].map((ref) => isBold(stylesXml, styles.get(ref)!))).toEqual([true, true, true]);
    expect(isBold(stylesXml, styles.get('A2')!)).toBe(false);
    expect(sheetXml).toContain('state="frozen"');
    // The import's own reader reads it back: one writer, one reader, the same text.
    expect(openXlsx(bytes).sheet(0).rows.map((r) => r.cells)).toEqual([['规则', '涉及金额', '意见'], [ruleA!.id, '98.5', '<b>误报</b> & "编码对照"'], ['第二行', '0']]);
  });

  it('drops characters XML cannot hold at all', () => {
    expect(escapeXml('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    const { cells } = readSheet(toXlsx({ header: ['x'], rows: [['坏\u0001字符']] }));
    expect(cells.get('A2')).toBe('坏字符');
  });

  it('names columns past Z and sheets within Excel limits', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    const wide = Array.from({ length: 30 }, (_, i) => `列${i}`);
    const { cells } = readSheet(toXlsx({ header: wide, rows: [] }));
    expect(cells.get('AD1')).toBe('列29');
    expect(sheetName('a/b:c*d?[e]')).toBe('a b c d  e');
    expect(sheetName('很长的工作表名称'.repeat(5))).toHaveLength(31);
    expect(sheetName('   ')).toBe('Sheet1');
  });
});

describe('the exported event table', () => {
  const shown = findingShown(ruleA!, { at: '2026-11-21T16:30:00.000Z', context: { department: '心血管内科', prescriberId: 'D0012' }, amountAtRisk: 98.5 });
  const continued = decision(ruleB!, 'continued', { at: '2026-11-22T02:16:00.000Z', reasonCode: '患者同意自费' });
  const events = [listed(shown, { verdict: '误报', comment: '=1+1 诊断已补录', reviewer: 'f00dfeedf00dfeed', at: '2026-11-23T01:00:00.000Z' }), listed(continued)];

  it('has Chinese headers and labels, times in the hospital zone', () => {
    const table = exportTable(events, 'Asia/Shanghai');
    expect(table.header.slice(0, 7)).toEqual(['时间', '事件类型', '规则名称', '规则编号', '规则类型', '级别', '医保编码']);
    const [first, second] = table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i]])));
    // 16:30 UTC on the 21st is half past midnight on the 22nd in Beijing.
    expect(first!['时间']).toBe('2026-11-22 00:30:00');
    expect(first!['事件类型']).toBe('提示');
    // Without names the rule is called by its kind (the record carries no order to name the drug); the id has its own column.
    expect(first!['规则名称']).toBe(kindText(ruleA!.kind));
    expect(first!['规则编号']).toBe(ruleA!.id);
    expect(first!['医保编码']).toBe(ruleA!.code);
    expect(first!['涉及金额']).toBe(98.5);
    expect(first!['科室']).toBe('心血管内科');
    expect(first!['复核结论']).toBe('误报');
    expect(first!['工作站']).toBe('门诊3诊室');
    expect(second!['医生处理']).toBe('继续提交');
    expect(second!['理由']).toBe('患者同意自费');
    expect(second!['复核结论']).toBeUndefined();
  });

  it('shows 报告误报 with its rule and the doctor’s note', () => {
    const { finding: _f, decision: _d, ...rest } = continued as Extract<ListedEvent['event'], { type: 'decision' }>;
    const objection = { ...rest, type: 'objection' as const, finding: { ruleId: ruleB!.id, kind: ruleB!.kind, severity: 'warning' as const }, reason: '患者为男性，页面录入有误' };
    const table = exportTable([listed(objection)], 'Asia/Shanghai');
    const row = Object.fromEntries(table.header.map((h, i) => [h, table.rows[0]![i]]));
    expect(row['事件类型']).toBe('报告误报');
    expect(row['规则编号']).toBe(ruleB!.id);
    expect(row['理由']).toBe('患者为男性，页面录入有误');
  });

  it('names the rule, the doctor and the workstation when the book knows them, ids beside', async () => {
    const names: Names = {
      rules: { [ruleA!.id]: { name: ruleA!.name, kind: ruleA!.kind } },
      prescribers: { D0012: { name: '张伟', department: '心血管内科' } },
      workstations: {},
    };
    const asked: NamesQuery[] = [];
    const book = new NameBook({ names: async (query: NamesQuery) => (asked.push(query), names) } as unknown as ReviewDataSource);
    await book.load({ rules: [ruleA!.id, ruleB!.id], prescribers: ['D0012'] });
    const table = exportTable(events, 'Asia/Shanghai', book);
    const [first, second] = table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i]])));
    expect(first!['规则名称']).toBe(`${ruleA!.name}（${kindText(ruleA!.kind)}）`);
    expect(first!['规则编号']).toBe(ruleA!.id);
    expect(first!['医生']).toBe('张伟');
    expect(first!['医生编号']).toBe('D0012');
    // A rule the packs do not name is called by its kind, never by its bare id.
    expect(second!['规则名称']).toBe(kindText(ruleB!.kind));
    expect(second!['规则名称']).not.toBe(ruleB!.id);
    // Asked once, for every id at once.
    expect(asked).toHaveLength(1);
  });

  it('switches headers and labels to English, keeping data as written', () => {
    language.value = 'en';
    const table = exportTable(events, 'Asia/Shanghai');
    expect(table.header[0]).toBe('Time');
    expect(table.rows[1]![table.header.indexOf('Reason')]).toBe('Patient agrees to pay');
    expect(table.rows[0]![table.header.indexOf('Department')]).toBe('心血管内科');
  });

  it('round-trips through both writers with the same cells', () => {
    const table = exportTable(events, 'Asia/Shanghai');
    const { cells, sheetXml } = readSheet(toXlsx(table));
    const commentColumn = columnName(table.header.indexOf('复核意见'));
    // A string cell, never a formula: the comment cannot run when the file is opened.
    expect(cells.get(`${commentColumn}2`)).toBe('=1+1 诊断已补录');
    expect(sheetXml).not.toMatch(/<f[ >]/);
    expect(toCsv(table)).toContain(`"'=1+1 诊断已补录"`);
    expect(toCsv(table).split('\r\n')).toHaveLength(4);
  });
});
