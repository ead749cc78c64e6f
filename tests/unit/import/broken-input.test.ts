import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { importNhsaXlsxBatch } from '../../../rules/import/nhsa-batch';
import { IMPORT_LIMITS } from '../../../rules/import/limits';
import type { ImportOutcome } from '../../../rules/import/import-file';
import { encodeGbk, encodeUtf16le } from './encodings';
import { makeXlsx, sharedFile, TWO_LIBS } from './xlsx-fixture';
import { plainCsvRecords } from './plain-reading';

/**
 * Files a 医保办 actually picks by mistake or receives damaged. Each is refused as a whole with a
 * Chinese sentence saying what to do plus the technical detail, and gives no rules (so nothing
 * reaches the working set or the output pack), or it is read and every bad row is reported.
 */

const importNamed = (name: string, bytes: Uint8Array): ImportOutcome => importAnyFile({ name, bytes });

/** A refused file: no rules, a stable code, and a message that starts in Chinese and keeps the detail. */
function expectRefused(outcome: ImportOutcome, code: string, chinese: RegExp, detail?: RegExp) {
  expect(outcome.rules).toEqual([]);
  expect(outcome.report.errorCode).toBe(code);
  expect(outcome.report.error).toMatch(chinese);
  expect(outcome.report.error).toMatch(/^[\u4e00-\u9fff]/);
  if (detail) expect(outcome.report.error).toMatch(detail);
  expect(outcome.report.rulesMade).toEqual({});
}

const SEX_DRUGS = '【第一批】药品规则库(限定性别对象).xlsx';

/** The published workbook with its workbook.xml edited: sheets removed or reordered, as users do. */
function withSheets(file: string, edit: (sheetElements: string[]) => string[]): Uint8Array {
  const parts = unzipSync(sharedFile(file));
  const xml = strFromU8(parts['xl/workbook.xml']!);
  const elements = xml.match(/<sheet [^>]*\/>/g)!;
  const edited = xml.replace(/<sheets>[\s\S]*<\/sheets>/, `<sheets>${edit(elements).join('')}</sheets>`);
  return zipSync({ ...parts, 'xl/workbook.xml': strToU8(edited) });
}

describe('wrong sheet', () => {
  it('the rules sheet removed, only the codes sheet left: refused, naming the sheet and its columns', () => {
    const outcome = importNamed(SEX_DRUGS, withSheets(SEX_DRUGS, (s) => s.slice(1)));
    expectRefused(outcome, 'codes-only', /^工作簿只有编码表/, /"Sheet2": 药品通用名, 序号, 药品代码, 限定类型/);
  });

  it('the codes sheet first and the rules sheet second: the content decides, same rules as published', () => {
    const published = importNamed(SEX_DRUGS, sharedFile(SEX_DRUGS));
    const swapped = importNamed(SEX_DRUGS, withSheets(SEX_DRUGS, (s) => [s[1]!, s[0]!]));
    expect(swapped.report.error).toBeUndefined();
    expect(swapped.rules).toEqual(published.rules);
    expect(swapped.report.codesJoined).toBe(6472);
  });

  it('a cover sheet of notes before the rules is passed over with a warning', () => {
    const bytes = makeXlsx([
      { name: '填报说明', rows: [['本表为国家医保局两库规则'], ['请勿修改列名']] },
      { name: '规则', rows: [['项目名称', '项目编码', '限定类型', '限定对象'], ['宫颈活检术', '003112010080000', '限定性别对象', '女']] },
    ]);
    const { rules, report } = importNamed('【第一批】项目规则库(限定性别对象).xlsx', bytes);
    expect(rules).toMatchObject([{ kind: 'sex', params: { allowed: 'F' }, match: { codes: ['003112010080000'] } }]);
    expect(report.warnings.map((w) => w.message).join('\n')).toContain('"填报说明"');
  });

  it('no sheet has a header row: refused', () => {
    const bytes = makeXlsx([{ name: 'Sheet1', rows: [['阿帕他胺片', '男'], ['艾附暖宫丸', '女']] }]);
    expectRefused(importNamed('【第一批】药品规则库.xlsx', bytes), 'no-header', /^找不到表头/, /"Sheet1"/);
  });
});

describe('missing required header', () => {
  it('a rules sheet with 限定类型 but no 限定对象 / 说明 column', () => {
    const bytes = makeXlsx([
      { name: 'Sheet1', rows: [['药品通用名', '限定类型'], ['阿帕他胺片', '限定性别对象']] },
      { name: 'Sheet2', rows: [['药品通用名', '国标代码'], ['阿帕他胺片', 'XL02BBA326A001010102180']] },
    ]);
    expectRefused(importNamed('【第一批】药品规则库(限定性别对象).xlsx', bytes), 'missing-columns', /^缺少必需的列/, /no 限定对象/);
  });

  it('no 限定类型, and neither the headers nor the file name say what is restricted', () => {
    const bytes = makeXlsx([{ name: '规则', rows: [['项目名称', '项目编码', '说明'], ['宫颈活检术', '003112010080000', '女性泌尿生殖系统相关诊疗操作']] }]);
    expectRefused(importNamed('本院规则.xlsx', bytes), 'missing-columns', /^缺少必需的列/, /no 限定类型 column/);
  });

  it('a batch CSV without med_codes, and the catalogue without its limit columns', () => {
    const batch = strToU8('batch,published_at,rule_class,gz_code,item_name,constraint\n12,2026-05-20,药品限适应症,GZ1,阿瑞匹坦注射液,限放化疗。\n');
    // Without med_codes the header is not a batch CSV's: nothing tells what the file is.
    expectRefused(importNamed('【第十二批】药品限适应症.csv', batch), 'unknown-format', /^无法识别的文件/, /header: batch, published_at/);
    const catalogue = strToU8('药品编码,药品名称\nZA06CAX04380,小儿咳嗽宁糖浆\n');
    expectRefused(importNamed('drug-restrictions-structured.csv', catalogue), 'unknown-format', /^无法识别的文件/);
  });
});

const GARBAGE_SHEET =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>项目编码</t></is></c><c r="C1" t="inlineStr"><is><t>限定类型</t></is></c><c r="D1" t="inlineStr"><is><t>限定对象</t></is></c></row>' +
  // a formula with its cached value: read as the value
  '<row r="2"><c r="A2" t="inlineStr"><is><t>宫颈活检术</t></is></c><c r="B2" t="inlineStr"><is><t>003112010080000</t></is></c><c r="C2" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D2" t="str"><f>IF(TRUE,"女","男")</f><v>女</v></c></row>' +
  // a formula saved without a cached value (written by a script, never recalculated)
  '<row r="3"><c r="A3" t="inlineStr"><is><t>输精管造影</t></is></c><c r="B3" t="inlineStr"><is><t>002101030290000</t></is></c><c r="C3" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D3"><f>VLOOKUP(A3,Sheet9!A:B,2,0)</f></c></row>' +
  // an error value left by a broken formula
  '<row r="4"><c r="A4" t="inlineStr"><is><t>阴茎海绵体造影</t></is></c><c r="B4" t="inlineStr"><is><t>002101030280000</t></is></c><c r="C4" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D4" t="e"><f>VLOOKUP(A4,X!A:B,2,0)</f><v>#N/A</v></c></row>' +
  // a number where text belongs
  '<row r="5"><c r="A5" t="inlineStr"><is><t>子宫颈裂伤修补术</t></is></c><c r="B5" t="inlineStr"><is><t>003314000180000</t></is></c><c r="C5" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D5"><v>1</v></c></row>' +
  // a 15-digit code Excel turned into a number shown in scientific notation
  '<row r="6"><c r="A6" t="inlineStr"><is><t>荧光检查(宫颈)</t></is></c><c r="B6"><v>3.1120100103E+12</v></c><c r="C6" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D6" t="inlineStr"><is><t>女</t></is></c></row>' +
  // …and one kept as a plain number: the leading zeros are gone
  '<row r="7"><c r="A7" t="inlineStr"><is><t>宫颈活检术(阴道壁活检)</t></is></c><c r="B7"><v>3112010080100</v></c><c r="C7" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D7" t="inlineStr"><is><t>女</t></is></c></row>' +
  // an error value as the name
  '<row r="8"><c r="A8" t="e"><v>#REF!</v></c><c r="B8" t="inlineStr"><is><t>003112010080200</t></is></c><c r="C8" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D8" t="inlineStr"><is><t>女</t></is></c></row>';

describe('garbage cells', () => {
  const { rules, report } = importNamed('【第二十一批】项目规则库（限定性别）.xlsx', makeXlsx([{ name: '知识点明细', xml: GARBAGE_SHEET }]));
  const issue = (row: number) => report.notUnderstood.find((i) => i.row === row);

  it('a cached formula value is read; the good rows still make rules', () => {
    expect(report.error).toBeUndefined();
    expect(rules.map((r) => [r.match.codes, r.params])).toEqual([
      [['003112010080000'], { allowed: 'F' }],
      [['3112010080100'], { allowed: 'F' }],
    ]);
    expect(report).toMatchObject({ rowsRead: 7, rowsUsed: 2 });
    expect(report.notUnderstood.map((i) => i.row)).toEqual([3, 4, 5, 6, 8]);
  });

  it('each bad cell is reported on its row with what it held', () => {
    expect(issue(3)).toMatchObject({ name: '输精管造影', reason: expect.stringContaining('neither 男 nor 女') });
    expect(issue(4)).toMatchObject({ name: '阴茎海绵体造影', text: '#N/A', reason: expect.stringContaining('Excel 错误值 #N/A') });
    expect(issue(5)).toMatchObject({ text: '1', reason: expect.stringContaining('"1"') });
    expect(issue(6)).toMatchObject({ text: '3.1120100103E+12', reason: expect.stringContaining('科学计数法') });
    expect(issue(8)).toMatchObject({ text: '#REF!', reason: expect.stringContaining('Excel 错误值 #REF!') });
    expect(issue(8)!.name).toBeUndefined();
  });

  it('a code that lost its leading zeros still makes its rule, with a warning to check it', () => {
    expect(report.warnings).toContainEqual({ row: 7, message: expect.stringMatching(/3112010080100.*13 位.*前导零/) });
  });

  it('a drug name merged down over its codes joins every code, not only the first', () => {
    const codeRows =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>药品通用名</t></is></c><c r="B1" t="inlineStr"><is><t>序号</t></is></c><c r="C1" t="inlineStr"><is><t>国标代码</t></is></c></row>' +
      ['XL02BBA326A001010102180', 'XL02BBA326A001010178537', 'XL02BBA326A001020278537']
        .map((code, i) => `<row r="${i + 2}">${i === 0 ? '<c r="A2" t="inlineStr"><is><t>阿帕他胺片</t></is></c>' : ''}<c r="B${i + 2}"><v>${i + 1}</v></c><c r="C${i + 2}" t="inlineStr"><is><t>${code}</t></is></c></row>`)
        .join('');
    const bytes = makeXlsx([
      { name: 'Sheet1', rows: [['药品通用名', '药品说明', '限定类型', '限定对象'], ['阿帕他胺片', '限转移性激素敏感性前列腺癌(mHSPC)患者。', '限定性别对象', '男']] },
      { name: 'Sheet2', xml: codeRows, after: '<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>' },
    ]);
    const merged = importNamed(SEX_DRUGS, bytes);
    expect(merged.rules[0]!.match.codes).toEqual(['XL02BBA326A001010102180', 'XL02BBA326A001010178537', 'XL02BBA326A001020278537']);
    expect(merged.report.codesJoined).toBe(3);
    expect(merged.report.warnings.map((w) => w.message).join('\n')).toMatch(/合并单元格.*2 个单元格/);
  });

  it('a code sheet row with a name but no code is reported, not dropped silently', () => {
    const bytes = makeXlsx([
      { name: 'Sheet1', rows: [['药品通用名', '药品说明', '限定类型', '限定对象'], ['阿帕他胺片', '', '限定性别对象', '男']] },
      { name: 'Sheet2', rows: [['药品通用名', '序号', '国标代码'], ['阿帕他胺片', '1', 'XL02BBA326A001010102180'], ['阿帕他胺片', '2', '']] },
    ]);
    const { report: r } = importNamed(SEX_DRUGS, bytes);
    expect(r.warnings).toContainEqual({ row: 3, message: expect.stringContaining('有名称“阿帕他胺片”但没有编码') });
  });
});

/** Rows of a sex-item sheet, as XML, numbered from 2. */
function itemRows(count: number, from = 2): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = from + i;
    const code = String(3112010080000 + i).padStart(15, '0');
    out.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>宫颈活检术${i}</t></is></c><c r="B${r}" t="inlineStr"><is><t>${code}</t></is></c><c r="C${r}" t="inlineStr"><is><t>限定性别对象</t></is></c><c r="D${r}" t="inlineStr"><is><t>女</t></is></c></row>`,
    );
  }
  return out.join('');
}
const ITEM_HEADER =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>国标代码</t></is></c><c r="C1" t="inlineStr"><is><t>限定类型</t></is></c><c r="D1" t="inlineStr"><is><t>限定对象</t></is></c></row>';
const ITEM_FILE = '【第一批】项目规则库(限定性别对象).xlsx';

/** Runs `work`, returning its result with the time it took and the heap it left behind. */
function measured<T>(work: () => T): { result: T; ms: number; heapGrowth: number } {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
}

/**
 * Time limits are generous: CI machines are shared and slow. What they guard is the order of
 * magnitude (seconds, not minutes), and a refusal by size must not parse anything.
 */
const HEAVY = { timeout: 240_000 };
/** One item row without references: Excel numbers such rows and cells in order. */
const UNNUMBERED_ROW =
  '<row><c t="inlineStr"><is><t>宫颈活检术(阴道囊肿穿刺术)</t></is></c><c t="inlineStr"><is><t>003112010080200</t></is></c>' +
  '<c t="inlineStr"><is><t>限定性别对象</t></is></c><c t="inlineStr"><is><t>女</t></is></c></row>';
let bigRowsXml: string | undefined;
/** 100,010 item rows, over 20 MB of sheet XML, built once for the tests that need a big sheet. */
const bigRows = () => (bigRowsXml ??= ITEM_HEADER + UNNUMBERED_ROW.repeat(IMPORT_LIMITS.maxRows + 10));

describe('huge sheets and large files', () => {
  it('a sheet declaring all 16,384 columns and 1,048,576 rows, with styled empty rows to the bottom, imports its real rows', HEAVY, () => {
    const blank: string[] = [];
    for (let r = 5; r < 1_048_576; r++) blank.push(`<row r="${r}" s="1" customFormat="1"/>`);
    const xml =
      ITEM_HEADER.replace('</row>', '<c r="XFD1" t="inlineStr"><is><t>备用列</t></is></c></row>') +
      itemRows(3) +
      blank.join('') +
      '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>';
    const bytes = makeXlsx([{ name: 'Sheet1', before: '<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="9" style="1"/></cols>', xml }], { level: 1 });
    const { result, ms } = measured(() => importNamed(ITEM_FILE, bytes));
    expect(result.report.error).toBeUndefined();
    expect(result.rules).toHaveLength(3);
    expect(result.report.rowsRead).toBe(3);
    expect(result.report.warnings.map((w) => w.message).join('\n')).toContain('第 64 列以后的 2 个单元格未读取');
    expect(ms).toBeLessThan(60_000);
  });

  it(`a 20 MB workbook is refused by its size before anything is inflated (limit ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB)`, HEAVY, () => {
    const bytes = makeXlsx([{ name: 'Sheet1', xml: bigRows() }], { level: 0 });
    expect(bytes.length).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    const { result, ms, heapGrowth } = measured(() => importNamed(ITEM_FILE, bytes));
    expectRefused(result, 'file-too-large', /^文件过大，超过导入上限/, /2\d\.\d MB, the limit is 16\.0 MB/);
    expect(ms).toBeLessThan(2000);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
  });

  it('the same rows compressed to a small file are refused at the row limit, in bounded time', HEAVY, () => {
    const bytes = makeXlsx([{ name: 'Sheet1', xml: bigRows() }], { level: 1 });
    expect(bytes.length).toBeLessThan(IMPORT_LIMITS.maxFileBytes);
    const { result, ms } = measured(() => importNamed(ITEM_FILE, bytes));
    expectRefused(result, 'too-many-rows', /^行数超过导入上限/, /more than 100000 non-blank rows/);
    expect(ms).toBeLessThan(90_000);
  });

  it('a large sheet within the limits imports every row', HEAVY, () => {
    const bytes = makeXlsx([{ name: 'Sheet1', xml: ITEM_HEADER + itemRows(10_000) }], { level: 1 });
    const { result, ms } = measured(() => importNamed(ITEM_FILE, bytes));
    expect(result.report).toMatchObject({ rowsRead: 10_000, rowsUsed: 10_000, rulesMade: { sex: 10_000 } });
    expect(ms).toBeLessThan(60_000);
  });

  it('a part that inflates beyond the part limit is refused before it is inflated', () => {
    const bytes = makeXlsx([{ name: 'Sheet1', xml: ITEM_HEADER + itemRows(2000) }]);
    const outcome = importNhsaXlsxBatch({ name: ITEM_FILE, bytes }, { maxPartBytes: 100_000 });
    expectRefused(outcome, 'part-too-large', /^工作表解压后过大/, /larger than 100000 bytes/);
  });
});

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** An OLE compound file naming `stream` in its directory, as Excel writes .xls and encrypted .xlsx. */
function compoundFile(stream: string): Uint8Array {
  const bytes = new Uint8Array(4096);
  bytes.set(CFB);
  [...stream].forEach((ch, i) => (bytes[1024 + i * 2] = ch.charCodeAt(0)));
  return bytes;
}

describe('files that are not what their name says', () => {
  it('a text file renamed .xlsx', () => {
    const text = strToU8('药品通用名,限定类型,限定对象\n阿帕他胺片,限定性别对象,男\n');
    expectRefused(importNamed('规则.xlsx', text), 'text-as-xlsx', /^扩展名是 Excel，但文件内容是文本/, /not a zip archive/);
    expectRefused(importNamed('规则.xlsx', encodeUtf16le('药品通用名\t限定类型\n')), 'text-as-xlsx', /改了扩展名/);
  });

  it('a zip that is not a workbook says what it is', () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expectRefused(importNamed('规则.xlsx', docx), 'not-xlsx', /^这是压缩包，但不是 Excel 工作簿/, /Word document/);
    const bundle = zipSync({ '两库/【第八批-3】项目规则库（限定疗程）.xlsx': sharedFile('【第八批-3】项目规则库（限定疗程）.xlsx') });
    expectRefused(importNamed('两库.zip', bundle), 'not-xlsx', /不是 Excel 工作簿/, /unzip it and import those/);
  });

  it('a truncated download is not a readable workbook', () => {
    const bytes = sharedFile('【第八批-3】项目规则库（限定疗程）.xlsx');
    expectRefused(importNamed('【第八批-3】项目规则库（限定疗程）.xlsx', bytes.slice(0, bytes.length >> 1)), 'not-zip', /^不是有效的 Excel 工作簿.*未完整下载/);
  });

  it('a password-protected workbook, an old .xls, an HIS export that is HTML, an empty file, a picture', () => {
    expectRefused(importNamed('规则.xlsx', compoundFile('EncryptedPackage')), 'encrypted', /^文件设置了打开密码/, /EncryptedPackage/);
    expectRefused(importNamed('规则.xls', compoundFile('Workbook')), 'legacy-xls', /^这是旧版 Excel 97-2003（\.xls）文件/);
    expectRefused(importNamed('规则.csv', compoundFile('Workbook')), 'legacy-xls', /另存为 \.xlsx/);
    expectRefused(importNamed('导出.xls', strToU8('<html><body><table><tr><td>药品通用名</td></tr></table></body></html>')), 'html-table', /^这是网页（HTML）格式的表格/);
    expectRefused(importNamed('规则.xlsx', new Uint8Array(0)), 'empty-file', /^文件是空的/, /0 bytes/);
    expectRefused(importNamed('规则.csv', new Uint8Array(0)), 'empty-file', /^文件是空的/);
    expectRefused(importNamed('规则.csv', strToU8('\n\r\n  \n')), 'empty-file', /^文件是空的/, /no header row/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expectRefused(importNamed('规则.csv', png), 'binary-file', /^不是 CSV 文本，也不是 Excel 工作簿/);
  });

  it('a CSV with a quote left open', () => {
    expectRefused(importNamed('【第十批】超互联网医院药品支付范围.csv', strToU8('batch,item_name\n10,"芬太尼透皮贴剂\n')), 'csv-syntax', /^文件不是规范的 CSV/, /quoted field is not closed/);
  });
});

describe('CSV saved by Excel in China', () => {
  const INTERNET = '【第十批】超互联网医院药品支付范围.csv';
  const utf8Text = new TextDecoder().decode(sharedFile(INTERNET));
  const asUtf8 = importNamed(INTERNET, sharedFile(INTERNET));

  it('GBK (Excel "CSV (逗号分隔)") is decoded and gives the same rules, with a note', () => {
    const gbk = importNamed(INTERNET, encodeGbk(utf8Text.replace(/^\uFEFF/, '')));
    expect(gbk.report.error).toBeUndefined();
    expect(gbk.rules).toEqual(asUtf8.rules);
    expect(gbk.report.warnings[0]!.message).toMatch(/已按 GBK\/GB18030 读取.*CSV UTF-8/);
  });

  it('the catalogue in GBK gives the same rules as in UTF-8', () => {
    const lines = readFileSync(path.resolve(TWO_LIBS, '..', 'drug-restrictions-structured.csv'), 'utf8').split('\n').slice(0, 120).join('\n');
    const utf8 = importNamed('drug-restrictions-structured.csv', strToU8(lines));
    const gbk = importNamed('drug-restrictions-structured.csv', encodeGbk(lines.replace(/^\uFEFF/, '')));
    expect(utf8.rules.length).toBeGreaterThan(100);
    expect(gbk.rules).toEqual(utf8.rules);
  });

  it('Excel "Unicode 文本" (UTF-16, tab-separated) is read as well', () => {
    const tsv = plainCsvRecords(sharedFile(INTERNET)).map((r) => r.join('\t')).join('\r\n');
    const unicode = importNamed(INTERNET, encodeUtf16le(tsv));
    expect(unicode.rules).toEqual(asUtf8.rules);
    expect(unicode.report.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([expect.stringContaining('UTF-16'), expect.stringContaining('制表符')]));
  });

  it('bytes in neither UTF-8 nor GBK: refused with the advice to save as UTF-8 CSV', () => {
    const latin1 = new Uint8Array([0xe9, 0x2c, 0xe8, 0x2c, 0x63, 0x6f, 0x64, 0x65, 0x0a, 0x31, 0x2c, 0x32, 0x2c, 0x33, 0x0a]);
    const outcome = importNamed('导出.csv', latin1);
    expectRefused(outcome, 'unknown-format', /请另存为“CSV UTF-8（逗号分隔）”/);
    expect(outcome.report.warnings.map((w) => w.message).join()).toContain('无法解码');
  });
});

describe('total and note lines under the table', () => {
  it('a batch CSV ending in 合计 and 说明 lines: skipped and listed, the rows before them intact', () => {
    const INTERNET = '【第十批】超互联网医院药品支付范围.csv';
    const withTail = strToU8(`${new TextDecoder().decode(sharedFile(INTERNET)).trimEnd()}\r\n合计,,,,,,,,,\r\n说明：数据来源于国家医保局,,,,,,,,,\r\n`);
    const { rules, report } = importNamed(INTERNET, withTail);
    expect(report).toMatchObject({ rowsRead: 22, rowsUsed: 22, notUnderstood: [] });
    expect(report.skipped.map((s) => s.text)).toEqual(['合计', '说明：数据来源于国家医保局']);
    expect(rules).toHaveLength(22);
  });

  it('the catalogue with a 合计 line', () => {
    const lines = readFileSync(path.resolve(TWO_LIBS, '..', 'drug-restrictions-structured.csv'), 'utf8').split('\n').slice(0, 11);
    const { report } = importNamed('drug-restrictions-structured.csv', strToU8(`${lines.join('\n')}\n合计：共10种药品,,,,,,,,,,,,,\n`));
    expect(report).toMatchObject({ rowsRead: 10, skipped: [{ row: 12, text: '合计：共10种药品' }] });
  });

  it('a workbook with 合计 and a merged 说明 line under the rules', () => {
    const bytes = makeXlsx([
      {
        name: 'Sheet1',
        xml:
          ITEM_HEADER +
          itemRows(2) +
          '<row r="4"><c r="A4" t="inlineStr"><is><t>合计</t></is></c><c r="B4"><v>2</v></c></row>' +
          '<row r="5"><c r="A5" t="inlineStr"><is><t>说明：本表依据国家医保局两库整理</t></is></c></row>',
        after: '<mergeCells count="1"><mergeCell ref="A5:D5"/></mergeCells>',
      },
    ]);
    const { report } = importNamed(ITEM_FILE, bytes);
    expect(report).toMatchObject({ rowsRead: 2, rulesMade: { sex: 2 }, notUnderstood: [] });
    expect(report.skipped.map((s) => s.row)).toEqual([4, 5]);
  });
});
