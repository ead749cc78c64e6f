import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { CsvError, decodeText, parseCsvText, readCsv, recordObject } from '../../../rules/import/csv';
import { sharedFile } from './xlsx-fixture';

const hex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));

describe('csv reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsvText('a,"b,c","say ""限"" now"\r\n1,"two\nlines",\n')).toEqual([
      ['a', 'b,c', 'say "限" now'],
      ['1', 'two\nlines', ''],
    ]);
  });

  it('drops a BOM and numbers records as a spreadsheet would', () => {
    const table = readCsv(strToU8('\uFEFFname,code\n\n阿胶,T001700233\n\n丁香,T000700200'));
    expect(table.header).toEqual(['name', 'code']);
    expect(table.records).toEqual([
      { row: 3, fields: ['阿胶', 'T001700233'] },
      { row: 5, fields: ['丁香', 'T000700200'] },
    ]);
    expect(recordObject(table.header, { row: 9, fields: ['只有名称'] })).toEqual({ name: '只有名称', code: '' });
  });

  it('reads GB18030 files when the bytes are not UTF-8', () => {
    // "药品编码,药品名称,性别限制,疾病限制\nXG02CXA070B0,醋酸阿托西班注射液,女,(妊娠|早产)\n" saved as GB18030.
    const gbk = hex(
      'd2a9c6b7b1e0c2eb2cd2a9c6b7c3fbb3c62cd0d4b1f0cfded6c62cbcb2b2a1cfded6c60a5847303243584130373042302cb4d7cbe1b0a2cdd0cef7b0e0d7a2c9e4d2ba2cc5ae2c28c8d1c9ef7cd4e7b2fa290a',
    );
    const table = readCsv(gbk);
    expect(table.header).toEqual(['药品编码', '药品名称', '性别限制', '疾病限制']);
    expect(table.records[0]!.fields).toEqual(['XG02CXA070B0', '醋酸阿托西班注射液', '女', '(妊娠|早产)']);
    expect(decodeText(strToU8('限放化疗。'))).toBe('限放化疗。');
  });

  it('reads the published batch CSV with quoted constraints', () => {
    const table = readCsv(sharedFile('【第十三批】药品限适应症.csv'));
    expect(table.header).toEqual(['batch', 'published_at', 'rule_class', 'gz_code', 'item_name', 'constraint', 'detect_logic', 'med_codes', 'attachment_file', 'row']);
    expect(table.records).toHaveLength(66);
    expect(recordObject(table.header, table.records[0]!).constraint).toBe(
      '限重度炎症及感染的患者。需经营养风险筛查,明确具有营养风险,且不能经饮食或使用"肠内营养剂"补充足够营养的住院患者方予支付。',
    );
  });

  it('refuses an unclosed quote and an empty file', () => {
    expect(() => parseCsvText('a,"b\n')).toThrow(CsvError);
    expect(() => readCsv(strToU8('\n \n'))).toThrow(/no header/);
  });
});
