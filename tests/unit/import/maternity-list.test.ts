import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { MATERNITY_LIST } from '../../../rules/import/drug-lists/templates';
import { listTemplateCsv } from '../../../rules/import/hospital-lists';

const csv = (rows: string[]) => strToU8(`${listTemplateCsv(MATERNITY_LIST)}${rows.join('\r\n')}\r\n`);

describe('妊娠期哺乳期用药表', () => {
  it('imports good rows and lists every broken one with its row number and reasons', () => {
    const { rules, report } = importAnyFile({
      name: '妊娠期哺乳期用药表.csv',
      bytes: csv([
        ',XL04AXL344E0,,来那度胺,禁用,禁用,,,,', // 2: fine
        ',,C09CA,沙坦类,禁用,,,,,', // 3: fine, pregnancy only
        ',XL04AXL344E0,,来那度胺,慎用,,,,,', // 4: the same drug again
        ',XJ01DHM046,,美罗培南,,,,,,', // 5: neither period
        ',XN02AA,,阿片类,禁止哺乳,,,,,', // 6: not 禁用/慎用
        ',,,华法林,禁用,,,,,', // 7: a name only
      ]),
    });
    expect(report.importer).toBe('drug-maternity');
    expect(rules.map((r) => [r.id, r.params])).toEqual([
      ['maternity-XL04AXL344E0', { pregnancy: 'contraindicated', lactation: 'contraindicated' }],
      ['maternity-XC09CA', { pregnancy: 'contraindicated' }],
    ]);
    const reasons = Object.fromEntries(report.notUnderstood.map((r) => [r.row, r.reason]));
    expect(Object.keys(reasons)).toEqual(['4', '5', '6', '7']);
    expect(reasons['4']).toContain('与第 2 行重复');
    expect(reasons['5']).toContain('妊娠期、哺乳期都为空');
    expect(reasons['6']).toContain('妊娠期“禁止哺乳”应为 禁用 或 慎用');
    expect(reasons['7']).toContain('没有医保编码、编码前缀或 ATC 分类');
  });
});
