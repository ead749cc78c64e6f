import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { ITEM_LISTS } from '../../../rules/import/item-lists';
import { ITEM_CONTRAINDICATION_LIST, ITEM_INDICATION_LIST } from '../../../rules/import/item-lists/templates';
import { LABEL_INDICATION_LIST } from '../../../rules/import/drug-lists/templates';
import { filesOf } from '../../../rules/import/drug-lists/files';
import { paramsFromValue } from '../../../rules/import/local-values';
import type { ListTemplate } from '../../../rules/import/hospital-lists';

/**
 * The indication lists (药品说明书适应症表, 诊疗项目指征表) and the 诊疗项目禁忌症表: their examples,
 * and every broken row reported with its row number and every reason.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const headerOf = <C extends string>(t: ListTemplate<C>) => t.columns.map((c) => c.header).join(',');
const csv = <C extends string>(t: ListTemplate<C>, lines: string[]) => strToU8(`${headerOf(t)}\n${lines.join('\n')}\n`);
const reasonsOf = (report: { notUnderstood: { row: number; reason: string }[] }) => new Map(report.notUnderstood.map((n) => [n.row, n.reason]));

describe('the 诊疗项目 lists’ files', () => {
  it('import empty as their own list, and their examples whole, the same from CSV and xlsx', () => {
    const made: Record<string, Record<string, number>> = {};
    for (const l of ITEM_LISTS) {
      const files = filesOf(l.importer);
      for (const name of [files.templateCsv, files.templateXlsx]) {
        const { rules, report } = importAnyFile({ name, bytes: templateFile(name) });
        expect(report, name).toMatchObject({ importer: l.importer, rowsRead: 0, notUnderstood: [] });
        expect(rules).toEqual([]);
      }
      const fromCsv = importAnyFile({ name: files.exampleCsv, bytes: templateFile(files.exampleCsv) });
      const fromXlsx = importAnyFile({ name: files.exampleXlsx, bytes: templateFile(files.exampleXlsx) });
      expect(fromCsv.report.notUnderstood, files.exampleCsv).toEqual([]);
      const strip = (rules: typeof fromCsv.rules) => rules.map(({ source, ...rule }) => ({ ...rule, row: source?.row }));
      expect(strip(fromXlsx.rules)).toEqual(strip(fromCsv.rules));
      made[l.importer] = fromCsv.report.rulesMade;
      for (const rule of fromCsv.rules) expect(rule.match.lineKinds, rule.id).toEqual(['item']);
    }
    expect(made).toEqual({ 'item-indications': { 'indication-list': 4 }, 'item-contraindications': { contraindication: 2 } });
  });
});

describe('药品说明书适应症表', () => {
  it('makes one label-indication rule per drug and refuses a drug given indications twice', () => {
    const { rules, report } = importAnyFile({
      name: 'label.csv',
      bytes: csv(LABEL_INDICATION_LIST, [
        ',XG03DBD084,,地屈孕酮,N80;N91-N92;O20.0,,,,,', // 2: names from the ICD categories
        ',XG03DBD084A001,,地屈孕酮片,N97,女性不孕症,,,,', // 3: overlaps row 2's prefix
        ',,,甲钴胺,G60-G64,周围神经病,,,,', // 4: a name alone
        ',XC03DAF731,,非奈利酮,糖尿病肾病,,,,,', // 5: a disease name in the code column
        ',XC09CAA284,,阿利沙坦酯,I15-I10,,,,,', // 6: a range backwards
        '001204000060000,,,静脉输液,I10,,,,,', // 7: an item code in a drug list
      ]),
    });
    expect(report.importer).toBe('drug-label-indications');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      id: 'labelind-XG03DBD084',
      kind: 'indication-list',
      severity: 'warning',
      basis: '药品说明书【适应症】（本院药品说明书适应症表）',
      match: { prefixes: ['XG03DBD084'], lineKinds: ['drug'] },
      params: { purpose: 'label', icdPrefixes: ['N80', 'O20.0'], icdRanges: [{ from: 'N91', to: 'N92' }] },
      source: { ruleClass: '超说明书适应症用药' },
    });
    // Whole categories are named from the shipped ICD-10 list; a subcode keeps its code.
    expect((rules[0]!.params as { label: string }).label).toBe('N91-N92、子宫内膜异位症、O20.0');
    expect(rules[0]!.text).toContain('说明书适应症');
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6, 7]);
    expect(reasons.get(3)).toBe('药品“XG03DBD084”在第 2 行已有说明书适应症：同一药品的全部适应症请写在一行');
    expect(reasons.get(4)).toContain('只有名称无法匹配');
    expect(reasons.get(5)).toBe('“糖尿病肾病”不是 ICD-10 编码或范围；疾病名称请写在“适应症名称”列');
    expect(reasons.get(6)).toBe('ICD-10 范围“I15-I10”起点大于终点');
    expect(reasons.get(7)).toContain('是医疗服务项目编码，不是药品编码');
  });
});

describe('诊疗项目指征表', () => {
  it('takes the purpose from 指征类别 and refuses broken rows with every reason', () => {
    const { rules, report } = importAnyFile({
      name: 'items.csv',
      bytes: csv(ITEM_INDICATION_LIST, [
        ',00250302003,糖化血红蛋白测定,检验检查,E10-E14;O24;R73,糖尿病,,,,', // 2
        '003110000060000,,血液透析,治疗,N17-N19,,,,,', // 3: names from the ICD categories
        '004500000130000,,小儿斜颈推拿治疗,适应症,M43.6,斜颈,,,,', // 4
        '002503020030100,,糖化血红蛋白测定(色谱法),检验,E11,,,,,', // 5: inside row 2's prefix
        '2503020020000,,血清果糖胺测定,检验检查,E11,,,,,', // 6: lost its leading zeros
        ',0025,检验,检验检查,E11,,,,,', // 7: a prefix too short
        '002503100410000,,血清C肽测定,筛查,E11,,,,,', // 8: an unknown purpose
        'XA10BAE082A001010100000,,二甲双胍,治疗,E11;糖尿病,,,,,', // 9: a drug code and a name among the codes
        '003106020010000,,床边简易肺功能测定,检验检查,,,,,,', // 10: no diagnoses
      ]),
    });
    expect(report.importer).toBe('item-indications');
    expect(rules.map((r) => [r.id, (r.params as { purpose: string }).purpose, r.source?.ruleClass])).toEqual([
      ['itemind-00250302003', 'test', '无指征检验检查'],
      ['itemind-003110000060000', 'treatment', '无指征治疗'],
      ['itemind-004500000130000', 'item', '医疗服务项目超适应症使用'],
    ]);
    expect((rules[1]!.params as { label: string }).label).toBe('急性肾衰竭、慢性肾病');
    expect(rules[1]!.text).toBe('治疗指征：急性肾衰竭、慢性肾病（N17-N19）');
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([5, 6, 7, 8, 9, 10]);
    expect(reasons.get(5)).toBe('项目“00250302003”在第 2 行已有指征：同一项目的全部指征请写在一行');
    expect(reasons.get(6)).toContain('可能丢了前导零');
    expect(reasons.get(7)).toContain('应为 9–14 位数字');
    expect(reasons.get(8)).toBe('指征类别“筛查”应为 检验检查、治疗 或 项目适应症');
    expect(reasons.get(9)).toBe(
      '项目医保编码“XA10BAE082A001010100000”是药品编码，不是医疗服务项目编码（药品请用药品清单模板）；“糖尿病”不是 ICD-10 编码或范围；疾病名称请写在“适应症名称”列',
    );
    expect(reasons.get(10)).toBe('适应症诊断编码为空');
  });
});

describe('诊疗项目禁忌症表', () => {
  it('makes contraindication rules on item lines, 禁用 unless 慎用, and refuses repeats', () => {
    const { rules, report } = importAnyFile({
      name: 'ci.csv',
      bytes: csv(ITEM_CONTRAINDICATION_LIST, [
        '003107010100200,,平板运动试验,I71.0;I26,,,,,,', // 2
        '003107010100200,,平板运动试验,I21,急性心肌梗死,慎用,,,,', // 3
        '003107010100200,,平板运动试验,I26;I71.0,,,,,,', // 4: row 2 again
        'C14010300201010000001000456,,留置针,I26,,,,,,', // 5: a consumable code
        '003107010100200,,平板运动试验,I40,,严重,,,,', // 6: an unknown level
      ]),
    });
    expect(report.importer).toBe('item-contraindications');
    expect(rules.map((r) => [r.id, r.severity, r.match.lineKinds, (r.params as { label: string }).label])).toEqual([
      ['itemci-003107010100200-I71.0', 'critical', ['item'], 'I71.0、肺栓塞'],
      ['itemci-003107010100200-I21', 'warning', ['item'], '急性心肌梗死'],
    ]);
    expect(rules[0]!.source?.ruleClass).toBe('医疗服务项目禁忌症');
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([4, 5, 6]);
    expect(reasons.get(4)).toBe('与第 2 行重复（同一项目、同一组禁忌诊断）');
    expect(reasons.get(5)).toContain('是医用耗材编码，不是医疗服务项目编码');
    expect(reasons.get(6)).toBe('禁忌程度“严重”应为 禁用 或 慎用');
  });
});

describe('the local rules template', () => {
  it('reads an indication-list value with its purpose, and refuses one without', () => {
    expect(paramsFromValue('indication-list', 'E10-E14;O24;糖尿病;检验检查', [])).toEqual({
      ok: true,
      value: { icdRanges: [{ from: 'E10', to: 'E14' }], icdPrefixes: ['O24'], label: '糖尿病', purpose: 'test' },
    });
    const none = paramsFromValue('indication-list', 'E10-E14;糖尿病', []);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toContain('须写明一个类别');
  });
});
