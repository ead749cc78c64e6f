import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { prescriptionRules } from '../../../rules/import/demo-pack';
import { PackSettingsSchema } from '../../../rules/pack/settings';

const rule = prescriptionRules().find((r) => r.id === 'rx-drug-count')!;
const pack = makePack([rule]);
// Distinct 西药 ingredient segments (X + ATC level 4 + 通用名): each line is another medicine.
const drug = (id: string, ingredient = `XA0${id}AA${id}01`, extra: object = {}) => ({ id, code: `${ingredient}A001010100001`, name: `药品${id}`, kind: 'drug' as const, ...extra });
const drugs = (n: number) => Array.from({ length: n }, (_, i) => drug(String(i + 1)));
const findingsOf = (lines: object[], encounter: object = {}, settings?: object) =>
  check(settings ? makePack([rule], { settings: PackSettingsSchema.parse(settings) }) : pack, makeOrder({ encounter, lines: lines as never })).findings;

describe('drug-count (药品种类超标)', () => {
  it('lets five drugs through and flags the sixth, once, marking the drugs over the limit and not the five within it', () => {
    expect(findingsOf(drugs(5))).toEqual([]);
    const findings = findingsOf(drugs(7));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'drug-count', lineId: '6', severity: 'warning', relatedLineIds: ['6', '7'] });
    expect(findings[0]!.message).toContain('共 7 种');
    expect(findings[0]!.message).toContain('不得超过 5 种');
    expect(findings[0]!.basis).toContain('处方管理办法');
    expect(findings[0]!.actions.map((a) => a.type)).toEqual(['confirm', 'remove-line']);
  });

  it('counts 门诊 and 急诊 prescriptions only (住院医嘱 are not 处方), and nothing when the visit type is unknown', () => {
    expect(findingsOf(drugs(6), { visitType: 'emergency' })).toHaveLength(1);
    expect(findingsOf(drugs(6), { visitType: 'inpatient' })).toEqual([]);
    expect(findingsOf(drugs(6), { visitType: undefined })).toEqual([]);
  });

  it('does not count 饮片 (T codes), 配方颗粒, items, or a second strength of one medicine', () => {
    const lines = [
      ...drugs(5),
      { id: 'h', code: 'T001700368', name: '黄芪', kind: 'drug' },
      { id: 'g', code: 'ZZ0000000000000000001', name: '黄芪配方颗粒', kind: 'drug' },
      { id: 'i', code: '001102000010000', name: '普通门诊诊查费', kind: 'item' },
      // Line 5's medicine in another strength: same 通用名 segment, other 剂型/规格 digits.
      { id: '5b', code: 'XA05AA501A002010200001', name: '药品5（另一规格）', kind: 'drug' },
    ];
    expect(findingsOf(lines)).toEqual([]);
  });

  it('does not count the 溶媒 of an infusion group, but counts a solution given on its own', () => {
    const infusion = (id: string, group: string, name: string) => ({ ...drug(id), name, group });
    const lines = [
      infusion('1', '1', '0.9%氯化钠注射液'), infusion('2', '1', '注射用头孢曲松钠'),
      infusion('3', '2', '5%葡萄糖注射液'), infusion('4', '2', '注射用泮托拉唑钠'),
      infusion('5', '3', '0.9%氯化钠注射液'), infusion('6', '3', '注射用炎琥宁'),
      drug('7'),
    ];
    expect(findingsOf(lines)).toEqual([]);
    const standalone = [...drugs(5), { ...drug('6'), name: '5%葡萄糖注射液' }];
    expect(findingsOf(standalone)).toMatchObject([{ lineId: '6' }]);
  });

  it('counts each prescription (处方号) on its own', () => {
    const lines = drugs(8).map((l, i) => ({ ...l, prescription: i < 4 ? 'RX1' : 'RX2' }));
    expect(findingsOf(lines)).toEqual([]);
    const six = drugs(8).map((l, i) => ({ ...l, prescription: i < 6 ? 'RX1' : 'RX2' }));
    expect(findingsOf(six)).toMatchObject([{ lineId: '6', relatedLineIds: ['6'] }]);
  });

  it('takes the limit from the pack settings, 5 when a pack predates the setting', () => {
    expect(PackSettingsSchema.parse({}).prescriptionMaxDrugs).toBe(5);
    expect(findingsOf(drugs(5), {}, { prescriptionMaxDrugs: 4 })).toMatchObject([{ lineId: '5' }]);
    expect(findingsOf(drugs(6), {}, { prescriptionMaxDrugs: 6 })).toEqual([]);
  });

  it('counts 自费 lines too: the limit is the prescription’s, whoever pays', () => {
    expect(findingsOf(drugs(6).map((l) => ({ ...l, selfPay: true })))).toHaveLength(1);
  });
});
