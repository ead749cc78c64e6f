import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { columnIndex, openXlsx, XlsxError, type XlsxErrorCode } from '../../../rules/import/xlsx';
import { makeXlsx, sharedFile } from './xlsx-fixture';

function errorCode(run: () => unknown): XlsxErrorCode | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof XlsxError) return e.code;
    throw e;
  }
  return undefined;
}

// Measured on the published files: non-blank rows per sheet (header included) and the last row number.
const SHARED_WORKBOOKS: [string, [string, number][]][] = [
  ['【第一批】药品规则库(限定年龄对象).xlsx', [['Sheet1', 283], ['Sheet2', 4399]]],
  ['【第一批】药品规则库(限定性别对象).xlsx', [['Sheet1', 482], ['Sheet2', 6473]]],
  ['【第一批】项目规则库(限定年龄对象).xlsx', [['Sheet1', 31]]],
  ['【第一批】项目规则库(限定性别对象).xlsx', [['Sheet1', 391]]],
  ['【第二批】项目规则库（限定主次操作）.xlsx', [['Sheet1', 379]]],
  ['【第三批】药品规则库（限定保险类型）.xlsx', [['Sheet1', 13], ['Sheet2', 113]]],
  ['【第七批 】项目规则库（重复收费）.xlsx', [['“医疗服务项目重复收费”规则对应知识点明细', 901]]],
  ['【第八批-1】项目规则库（限定频次）.xlsx', [['“医疗服务项目限定频次”规则对应知识点明细', 70]]],
  ['【第八批-2】项目规则库（限定年龄）.xlsx', [['“医疗服务项目限年龄”规则对应知识点明细', 2]]],
  ['【第八批-3】项目规则库（限定疗程）.xlsx', [['“医疗服务项目限支付疗程”规则对应知识点明细', 12]]],
  ['【第八批-4】项目规则库（限定周期）.xlsx', [['“医疗服务项目周期超频次”规则对应知识点明细', 15]]],
];

describe('xlsx reader on the published two-libs workbooks', () => {
  it.each(SHARED_WORKBOOKS)('%s: sheet names and row counts', (file, sheets) => {
    const workbook = openXlsx(sharedFile(file));
    expect(workbook.sheetNames).toEqual(sheets.map(([name]) => name));
    for (const [name, rows] of sheets) {
      const sheet = workbook.sheet(name);
      expect(sheet.rows).toHaveLength(rows);
      expect(sheet.rows.at(-1)!.row).toBe(rows);
      expect(sheet.truncated).toBe(false);
      expect(sheet.ignoredCells).toBe(0);
    }
  });

  it('reads shared strings and numeric cells as text', () => {
    const sex = openXlsx(sharedFile('【第一批】药品规则库(限定性别对象).xlsx'));
    expect(sex.sheet(0).rows[0]!.cells).toEqual(['药品通用名', '药品说明', '限定类型', '限定对象']);
    expect(sex.sheet(0).rows[1]!.cells).toEqual(['阿帕他胺片', '限转移性激素敏感性前列腺癌(mHSPC)患者。', '限定性别对象', '男']);
    expect(sex.sheet('Sheet2').rows[1]!.cells).toEqual(['阿帕他胺片', '1', 'XL02BBA326A001010102180', '限定性别对象']);
    // 第八批-4 keeps counts and periods as numbers, not shared strings.
    const period = openXlsx(sharedFile('【第八批-4】项目规则库（限定周期）.xlsx')).sheet(0);
    expect(period.rows[2]!.cells).toEqual(['2', '糖化血红蛋白测定', '1', '15', '诊疗规范：糖化血红蛋白水平反映近2-3个月的平均血糖水平。', '002503020030000']);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', () => {
    const bytes = sharedFile('【第八批-2】项目规则库（限定年龄）.xlsx');
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    expect(openXlsx(buffer).sheet(0).rows[1]!.cells[1]).toBe('职业功能训练');
  });

  it('caps rows and says so', () => {
    const sheet = openXlsx(sharedFile('【第七批 】项目规则库（重复收费）.xlsx'), { maxRows: 100 }).sheet(0);
    expect(sheet.rows).toHaveLength(100);
    expect(sheet.truncated).toBe(true);
  });
});

describe('xlsx reader errors', () => {
  it('a truncated zip is not a readable zip', () => {
    const bytes = sharedFile('【第八批-3】项目规则库（限定疗程）.xlsx');
    expect(errorCode(() => openXlsx(bytes.slice(0, Math.floor(bytes.length / 2))))).toBe('not-zip');
  });

  it('a text file renamed .xlsx is not a zip', () => {
    const text = strToU8('药品通用名,限定类型\n阿帕他胺片,限定性别对象\n');
    expect(errorCode(() => openXlsx(text))).toBe('not-zip');
    expect(errorCode(() => openXlsx(new Uint8Array(0)))).toBe('not-zip');
  });

  it('a zip without a workbook is not an xlsx', () => {
    const zip = zipSync({ 'readme.txt': strToU8('hello'), 'word/document.xml': strToU8('<w:document/>') });
    expect(errorCode(() => openXlsx(zip))).toBe('not-xlsx');
  });

  it('names a missing sheet, by name or position', () => {
    const workbook = openXlsx(makeXlsx([{ name: '规则', rows: [['项目名称']] }]));
    expect(errorCode(() => workbook.sheet('代码'))).toBe('missing-sheet');
    expect(errorCode(() => workbook.sheet(1))).toBe('missing-sheet');
    expect(() => workbook.sheet('代码')).toThrow(/"规则"/);
  });

  it('an empty sheet, or one of blank cells only, is reported as empty', () => {
    const workbook = openXlsx(
      makeXlsx([
        { name: 'empty', xml: '' },
        { name: 'blank', xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>  </t></is></c><c r="B1"/></row><row r="2"/>' },
      ]),
    );
    expect(errorCode(() => workbook.sheet('empty'))).toBe('empty-sheet');
    expect(errorCode(() => workbook.sheet('blank'))).toBe('empty-sheet');
  });

  it('malformed sheet XML is reported as corrupt, not thrown raw', () => {
    const workbook = openXlsx(makeXlsx([{ name: 'bad', xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"' }]));
    expect(errorCode(() => workbook.sheet('bad'))).toBe('corrupt');
  });

  it('refuses a part larger than the limit before inflating it', () => {
    const bytes = sharedFile('【第八批-3】项目规则库（限定疗程）.xlsx');
    expect(errorCode(() => openXlsx(bytes, { maxPartBytes: 1000 }))).toBe('too-large');
  });
});

describe('xlsx reader on awkward sheets', () => {
  it('a sheet declaring all 16,384 columns is read within the column cap', () => {
    const xml =
      '<row r="1" spans="1:16384"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>项目编码</t></is></c>' +
      '<c r="XFC1"/><c r="XFD1" t="inlineStr"><is><t>far away</t></is></c></row>' +
      '<row r="2" spans="1:16384"><c r="A2" t="inlineStr"><is><t>新生儿护理</t></is></c><c r="B2" t="inlineStr"><is><t>001201000070000</t></is></c><c r="XFD2"><v>7</v></c></row>';
    const sheet = openXlsx(makeXlsx([{ name: 'wide', before: '<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="9"/></cols>', xml }])).sheet('wide');
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['项目名称', '项目编码'],
      ['新生儿护理', '001201000070000'],
    ]);
    expect(sheet.ignoredCells).toBe(2);
    const wider = openXlsx(makeXlsx([{ name: 'wide', xml }]), { maxColumns: 16_384 }).sheet(0);
    expect(wider.rows[0]!.cells).toHaveLength(16_384);
    expect(wider.rows[0]!.cells[16_383]).toBe('far away');
  });

  it('reads garbage and unusual cells without failing', () => {
    const shared =
      '<si><t>阿帕他胺片</t></si>' +
      '<si><r><rPr><b/></rPr><t>限</t></r><r><t xml:space="preserve">男性 </t></r><rPh sb="0" eb="1"><t>げん</t></rPh></si>' +
      '<si><t>A&amp;B &lt;x&gt; &#x4E2D;&#25991; &bogus; _x000D_end</t></si>' +
      '<si/>';
    const xml =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
      // out-of-range and non-numeric shared indexes, an empty shared string, a boolean, an error and a formula string
      '<row r="2"><c r="A2" t="s"><v>999</v></c><c r="B2" t="s"><v>abc</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="str"><f>A1</f><v>公式</v></c></row>' +
      // cells without references follow the previous cell; CDATA and comments inside values
      '<row r="3"><c t="inlineStr"><is><t><![CDATA[<raw> & text]]></t></is></c><c><v>  42 </v></c><!-- note --><c r="E3"><v>1.5E-3</v></c></row>' +
      // a row without a number follows the previous row
      '<row><c r="A4" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>';
    const sheet = openXlsx(makeXlsx([{ name: 'odd', xml }], { sharedStrings: shared })).sheet(0);
    expect(sheet.rows).toEqual([
      { row: 1, cells: ['阿帕他胺片', '限男性 ', 'A&B <x> 中文 &bogus; \rend'] },
      { row: 2, cells: ['', '', '', 'TRUE', '#N/A', '公式'] },
      { row: 3, cells: ['<raw> & text', '42', '', '', '1.5E-3'] },
      { row: 4, cells: ['富文本'] },
    ]);
  });

  it('reads namespace-prefixed parts and sheet paths given from the root', () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const zip = zipSync({
      '_rels/.rels': strToU8(`<Relationships><Relationship Id="r1" Type="${rel}/officeDocument" Target="/book/main.xml"/></Relationships>`),
      'book/main.xml': strToU8(`<x:workbook xmlns:x="${ns}" xmlns:r="${rel}"><x:sheets><x:sheet name="规则 &amp; 代码" sheetId="1" r:id="s1"/></x:sheets></x:workbook>`),
      'book/_rels/main.xml.rels': strToU8(`<Relationships><Relationship Id="s1" Type="${rel}/worksheet" Target="/book/sheets/one.xml"/></Relationships>`),
      'book/sheets/one.xml': strToU8(`<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>子宫造影</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`),
    });
    const workbook = openXlsx(zip);
    expect(workbook.sheetNames).toEqual(['规则 & 代码']);
    expect(workbook.sheet(0).rows).toEqual([{ row: 3, cells: ['', '子宫造影'] }]);
  });

  it('turns cell references into column positions', () => {
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('Z9')).toBe(25);
    expect(columnIndex('AA10')).toBe(26);
    expect(columnIndex('XFD1')).toBe(16_383);
    expect(columnIndex('12')).toBeUndefined();
    expect(columnIndex('ABCD1')).toBeUndefined();
  });
});
