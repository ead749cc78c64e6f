import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePackText } from '../../rules/pack/load';
import { ImportReportSchema } from '../../rules/import/report';
import { encodeGbk } from '../unit/import/encodings';
import { makeXlsx } from '../unit/import/xlsx-fixture';
import { ROOT, run, tempDir, TWO_LIBS } from './pack-run';

/**
 * `preflight pack import` with files a 医保办 gets wrong: exit 2, the file named with the Chinese
 * reason on stderr, and no pack or report written (an earlier pack.json stays as it was).
 */

const dir = tempDir('preflight-import-broken-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const GOOD = path.join(TWO_LIBS, '【第八批-3】项目规则库（限定疗程）.xlsx');

const cfb = (stream: string) => {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  [...stream].forEach((ch, i) => (bytes[512 + i * 2] = ch.charCodeAt(0)));
  return bytes;
};

/** Twenty-odd megabytes of real-looking sheet rows, stored without compression. */
function twentyMegabytes(): Uint8Array {
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>项目编码</t></is></c><c r="C1" t="inlineStr"><is><t>限定类型</t></is></c></row>';
  const row = '<row><c t="inlineStr"><is><t>宫颈活检术</t></is></c><c t="inlineStr"><is><t>003112010080000</t></is></c><c t="inlineStr"><is><t>限定性别对象</t></is></c></row>';
  return makeXlsx([{ name: 'Sheet1', xml: header + row.repeat(150_000) }], { level: 0 });
}

const BROKEN: [string, () => Uint8Array, RegExp][] = [
  ['改名的文本.xlsx', () => strToU8('药品通用名,限定类型,限定对象\n阿帕他胺片,限定性别对象,男\n'), /改名的文本\.xlsx: 扩展名是 Excel，但文件内容是文本/],
  ['只有编码表.xlsx', () => makeXlsx([{ name: 'Sheet2', rows: [['药品通用名', '序号', '国标代码'], ['阿帕他胺片', '1', 'XL02BBA326A001010102180']] }]), /只有编码表\.xlsx: 工作簿只有编码表/],
  ['缺少列.xlsx', () => makeXlsx([{ name: 'Sheet1', rows: [['药品通用名', '限定类型'], ['阿帕他胺片', '限定性别对象']] }]), /缺少列\.xlsx: 缺少必需的列/],
  ['空文件.csv', () => new Uint8Array(0), /空文件\.csv: 文件是空的/],
  ['加密.xlsx', () => cfb('EncryptedPackage'), /加密\.xlsx: 文件设置了打开密码/],
  ['旧版.xls', () => cfb('Workbook'), /旧版\.xls: 这是旧版 Excel 97-2003/],
  ['文档.xlsx', () => zipSync({ 'word/document.xml': strToU8('<w:document/>') }), /文档\.xlsx: 这是压缩包，但不是 Excel 工作簿.*Word document/],
  ['引号.csv', () => strToU8('batch,item_name\n10,"芬太尼透皮贴剂\n'), /引号\.csv: 文件不是规范的 CSV/],
  ['会议记录.csv', () => strToU8('日期,内容\n2026-11-01,讨论规则\n'), /会议记录\.csv: 无法识别的文件/],
  ['二十兆.xlsx', twentyMegabytes, /二十兆\.xlsx: 文件过大，超过导入上限；.*（2\d\.\d MB, the limit is 16\.0 MB）/],
];

describe('preflight pack import refuses broken files and writes nothing', () => {
  // One run with every broken file beside a good one (spawning the CLI is slow on shared machines).
  it('names each broken file with its reason, exits 2, leaves the earlier pack and writes no report', { timeout: 180_000 }, async () => {
    const files = BROKEN.map(([name, make]) => {
      writeFileSync(at(name), make());
      return at(name);
    });
    writeFileSync(at('existing.json'), 'earlier pack');
    const before = readdirSync(dir).sort();
    const r = await run(['pack', 'import', GOOD, ...files, '-o', at('existing.json'), '--report', at('existing.report.json')]);
    expect(r.code, r.stderr).toBe(2);
    for (const [name, , message] of BROKEN) expect(r.stderr, name).toMatch(message);
    expect(r.stderr).toContain(`nothing written: ${BROKEN.length} file(s) could not be imported`);
    expect(r.stdout).toBe('');
    expect(readFileSync(at('existing.json'), 'utf8')).toBe('earlier pack');
    expect(readdirSync(dir).sort()).toEqual(before); // no report, no temporary files
  });

  it('creates no output file when the only input is broken', { timeout: 120_000 }, async () => {
    writeFileSync(at('只有编码表-2.xlsx'), BROKEN[1]![1]());
    const r = await run(['pack', 'import', at('只有编码表-2.xlsx'), '-o', at('fresh.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/只有编码表-2\.xlsx: 工作簿只有编码表（名称和编码），缺少规则表.*（sheets read: "Sheet2": 药品通用名, 序号, 国标代码）/);
    expect(existsSync(at('fresh.json'))).toBe(false);
  });
});

describe('preflight pack import reads what it can', () => {
  it('a batch CSV saved as GBK, and the local rules example, into one pack with a report', { timeout: 120_000 }, async () => {
    const internet = readFileSync(path.join(TWO_LIBS, '【第十批】超互联网医院药品支付范围.csv'), 'utf8').replace(/^\uFEFF/, '');
    writeFileSync(at('【第十批】GBK.csv'), encodeGbk(internet));
    const example = path.join(ROOT, 'rules/import/templates/local-rules-example.xlsx');
    const r = await run(['pack', 'import', at('【第十批】GBK.csv'), example, '-o', at('local.json'), '--report', at('local.report.json'), '--version', '2026.12.1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('【第十批】GBK.csv: 22 rows, 22 rules (visit-type 22), 0 not understood, 0 skipped');
    expect(r.stdout).toContain('local-rules-example.xlsx: 13 rows, 13 rules');
    const loaded = parsePackText(readFileSync(at('local.json'), 'utf8'));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.pack.rules.find((x) => x.id === 'hosp-pn-inpatient')).toMatchObject({ kind: 'visit-type', basis: '本院药事管理与药物治疗学委员会决议（2026年第1次）' });
    const report = ImportReportSchema.parse(JSON.parse(readFileSync(at('local.report.json'), 'utf8')));
    expect(report.files.map((f) => [f.importer, f.warnings.length > 0])).toEqual([
      ['nhsa-batch-csv', true],
      ['local-rules', true],
    ]);
    expect(report.files[0]!.warnings[0]!.message).toContain('GBK');
  });
});
