import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { herbKey } from '../../../rules/kinds/herb-names';
import { herbRules } from '../../../rules/import/knowledge-rules';
import { EIGHTEEN_INCOMPATIBLE, HERB_FAMILIES, NINETEEN_ANTAGONISTIC } from '../../../rules/data/herb-incompatibility';
import { readCsv } from '../../../scripts/icd/read-csv';
import { SHARED_DATA } from '../indication/shared-data';

const pack = makePack(herbRules());
// 饮片 codes: real ones from 两库 第十一批 where the herb is listed there, else T + 药典 (00) +
// 功效分类 + a made-up 名称码 (the matcher reads names; only the T prefix matters).
const herb = (id: string, name: string, code = `T0000${id.padStart(5, '0')}`) => ({ id, code, name, kind: 'drug' as const, dose: 10, doseUnit: 'g', frequency: 'bid', days: 7, quantity: 140, unit: 'g' });
const findingsOf = (...lines: ReturnType<typeof herb>[]) => check(pack, makeOrder({ encounter: { department: '中医科' }, lines })).findings;

/** Family of a name as the rules see it, or undefined. */
const familyIndex = new Map<string, string[]>();
for (const [family, members] of Object.entries(HERB_FAMILIES)) {
  for (const member of members) familyIndex.set(herbKey(member), [...(familyIndex.get(herbKey(member)) ?? []), family]);
}
const familiesOf = (name: string) => familyIndex.get(herbKey(name)) ?? [];

describe('herb names (herb-names.ts)', () => {
  it('drop processing marks, brackets, cut suffixes and a dose written into the name', () => {
    const cases: [string, string][] = [
      ['制川乌', '川乌'], ['川乌(制)', '川乌'], ['生草乌', '草乌'], ['炙甘草', '甘草'], ['蜜炙甘草', '甘草'], ['甘草片', '甘草'],
      ['法半夏', '半夏'], ['姜半夏', '半夏'], ['清半夏', '半夏'], ['生半夏', '半夏'], ['人参片', '人参'], ['红参片', '红参'],
      ['醋京大戟', '京大戟'], ['醋甘遂', '甘遂'], ['炒白芍', '白芍'], ['酒白芍', '白芍'], ['炒瓜蒌子', '瓜蒌子'],
      ['煅赤石脂', '赤石脂'], ['醋五灵脂', '五灵脂'], ['甘草 10g', '甘草'], ['甘草（内蒙）', '甘草'], ['甘草配方颗粒', '甘草'],
    ];
    for (const [name, key] of cases) expect(herbKey(name), name).toBe(key);
  });

  it('keep herbs that only look alike apart: 白附子 is not 附子, 水半夏 not 半夏, 土贝母 not 贝母, 生姜 stays 生姜', () => {
    for (const name of ['白附子', '水半夏', '土贝母', '半夏曲', '太子参', '桂枝', '生姜', '姜黄', '乌梅', '乌药', '何首乌', '草乌叶', '人参叶']) {
      expect(familiesOf(name), name).toEqual([]);
    }
    expect(familiesOf('黑顺片')).toEqual(['乌头']);
    expect(familiesOf('白附片')).toEqual(['乌头']);
    expect(familiesOf('天花粉')).toEqual(['瓜蒌']);
  });

  it('place exactly the expected herbs of 两库 第十一批 (153 real 饮片 names) in a family', () => {
    const batch = readCsv(path.join(SHARED_DATA, 'nhsa-two-libs', '【第十一批】中药饮片不予支付.csv')).map((r) => r['item_name']!);
    expect(batch).toHaveLength(153);
    const placed = Object.fromEntries(batch.filter((n) => familiesOf(n).length > 0).map((n) => [n, familiesOf(n).join('/')]));
    expect(placed).toEqual({
      丁香: '丁香', 人参片: '人参', 红参: '人参', 红参片: '人参', 川贝母: '贝母', 肉桂: '肉桂',
      白糖参: '人参', 朝鲜红参: '人参', 西洋参: '西洋参', 野山参: '人参', 移山参: '人参',
    });
  });

  it('pairs name families that exist', () => {
    for (const pair of [...EIGHTEEN_INCOMPATIBLE, ...NINETEEN_ANTAGONISTIC]) {
      expect(HERB_FAMILIES[pair.a], pair.a).toBeDefined();
      expect(HERB_FAMILIES[pair.b], pair.b).toBeDefined();
    }
    expect(EIGHTEEN_INCOMPATIBLE).toHaveLength(18);
    expect(NINETEEN_ANTAGONISTIC).toHaveLength(9);
  });
});

describe('herb-incompatibility (十八反、十九畏)', () => {
  it('flags the second herb of a 十八反 pair, naming both, with the double-signature confirmation', () => {
    const findings = findingsOf(herb('1', '海藻'), herb('2', '党参'), herb('3', '炙甘草'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'herb-incompatibility', lineId: '3', severity: 'warning', relatedLineIds: ['1', '3'], ruleId: 'tcm-eighteen-incompatible' });
    expect(findings[0]!.message).toContain('炙甘草 与 海藻');
    expect(findings[0]!.message).toContain('十八反');
    expect(findings[0]!.message).toContain('藻戟遂芫俱战草');
    expect(findings[0]!.actions).toEqual([{ type: 'confirm', label: '已双签名确认' }, { type: 'remove-line', label: '删除此行' }]);
  });

  it('flags 半夏 of any processing with 附子 of any cut, in either order', () => {
    expect(findingsOf(herb('1', '黑顺片'), herb('2', '法半夏'))).toMatchObject([{ lineId: '2', relatedLineIds: ['1', '2'] }]);
    expect(findingsOf(herb('1', '姜半夏'), herb('2', '制附子'))).toMatchObject([{ lineId: '2' }]);
    expect(findingsOf(herb('1', '水半夏'), herb('2', '制附子'))).toEqual([]);
  });

  it('flags 十九畏: 人参畏五灵脂 with the real 第十一批 code of 红参', () => {
    const findings = findingsOf(herb('1', '红参', 'T001700353'), herb('2', '醋五灵脂'));
    expect(findings).toMatchObject([{ ruleId: 'tcm-nineteen-antagonistic', lineId: '2' }]);
    expect(findings[0]!.message).toContain('十九畏');
  });

  it('names every earlier partner in one finding on the line', () => {
    const findings = findingsOf(herb('1', '海藻'), herb('2', '甘遂'), herb('3', '甘草'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ lineId: '3', relatedLineIds: ['1', '2', '3'] });
    expect(findings[0]!.message).toContain('海藻、甘遂');
  });

  it('leaves a clean decoction alone, and two forms of one herb are no pair', () => {
    expect(findingsOf(herb('1', '甘草'), herb('2', '炙甘草'), herb('3', '党参'), herb('4', '黄芪', 'T001700368'))).toEqual([]);
  });

  it('reads only 饮片 lines (T codes): a 中成药 named like a herb is not matched', () => {
    const order = makeOrder({ lines: [herb('1', '藜芦'), { id: '2', code: 'ZC01AAD0001010100001', name: '丹参片', kind: 'drug' }] });
    expect(check(pack, order).findings.filter((f) => f.kind === 'herb-incompatibility')).toEqual([]);
  });
});
