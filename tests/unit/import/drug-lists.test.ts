import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { buildPack, type PackMeta } from '../../../rules/import/build-pack';
import { DRUG_LISTS } from '../../../rules/import/drug-lists';
import { DRUG_LIST_FILES, filesOf, generateDrugListFiles } from '../../../rules/import/drug-lists/files';
import { AGE_USE_LIST, CONTRAINDICATION_LIST, DRUG_ITEM_LIST, INTERACTION_LIST, MAX_DOSE_LIST } from '../../../rules/import/drug-lists/templates';
import { listTemplateCsv, type ListTemplate } from '../../../rules/import/hospital-lists';
import { writeXlsx } from '../../../rules/import/xlsx-write';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { makeOrder } from '../../support/builders';

/**
 * The hospital's drug lists (药品相互作用表, 药品禁忌症表, 儿童与老年人用药表, 药品最大日剂量表,
 * 药品与诊疗项目对照表): their template files, their examples, and every broken row reported with
 * its row number and every reason.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const headerOf = <C extends string>(t: ListTemplate<C>) => t.columns.map((c) => c.header).join(',');
const csv = <C extends string>(t: ListTemplate<C>, lines: string[]) => strToU8(`${headerOf(t)}\n${lines.join('\n')}\n`);
const reasonsOf = (report: { notUnderstood: { row: number; reason: string }[] }) => new Map(report.notUnderstood.map((n) => [n.row, n.reason]));
const META: PackMeta = { id: 'hospital', version: '2026.11.1', publisher: { name: '示例医院医保办' }, sourceFor: (name) => ({ title: name }) };

describe('the template files', () => {
  it('are what the generator makes from the column lists and the hand-written examples', () => {
    const generated = generateDrugListFiles(templateFile);
    expect(Object.keys(generated).sort()).toEqual(Object.values(DRUG_LIST_FILES).flatMap((f) => [f!.templateCsv, f!.templateXlsx, f!.exampleXlsx]).sort());
    for (const [name, bytes] of Object.entries(generated)) expect(Buffer.from(templateFile(name)).equals(Buffer.from(bytes)), name).toBe(true);
    for (const l of DRUG_LISTS) {
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateFile(filesOf(l.importer).templateCsv))).toBe(listTemplateCsv(l.template));
    }
  });

  it('import empty, without an error, each as its own list', () => {
    for (const l of DRUG_LISTS) {
      for (const name of [filesOf(l.importer).templateCsv, filesOf(l.importer).templateXlsx]) {
        const { rules, report } = importAnyFile({ name, bytes: templateFile(name) });
        expect(report, name).toMatchObject({ importer: l.importer, rowsRead: 0, notUnderstood: [] });
        expect(report.error, name).toBeUndefined();
        expect(rules).toEqual([]);
      }
    }
  });

  it('have an example each that imports whole, the same from CSV and xlsx', () => {
    const made: Record<string, Record<string, number>> = {};
    for (const l of DRUG_LISTS) {
      const files = filesOf(l.importer);
      const fromCsv = importAnyFile({ name: files.exampleCsv, bytes: templateFile(files.exampleCsv) });
      const fromXlsx = importAnyFile({ name: files.exampleXlsx, bytes: templateFile(files.exampleXlsx) });
      expect(fromCsv.report.notUnderstood, files.exampleCsv).toEqual([]);
      expect(fromCsv.report.rowsUsed).toBe(fromCsv.report.rowsRead);
      const strip = (rules: typeof fromCsv.rules) => rules.map(({ source, ...rule }) => ({ ...rule, row: source?.row }));
      expect(strip(fromXlsx.rules)).toEqual(strip(fromCsv.rules));
      made[l.importer] = fromCsv.report.rulesMade;
    }
    expect(made).toEqual({
      'drug-interactions': { 'drug-interaction': 4 },
      'drug-contraindications': { contraindication: 3 },
      'drug-age-use': { age: 4 },
      'drug-max-dose': { quantity: 4 },
      'drug-items': { 'drug-item': 2 },
      'drug-maternity': { maternity: 3 },
      'drug-label-indications': { 'indication-list': 1 },
      'herb-max-dose': { 'herb-dose': 8 },
    });
  });
});

describe('药品相互作用表', () => {
  const lines = [
    ',XG04BET001,,他达拉非,,XC02KXL363,,利奥西呱,禁用,7,低血压,,,', // 2: fine
    ',XC01DXW128,,维立西呱,,,,利奥西呱,禁用,,,,,', // 3: B by name alone
    ',XB01AFA319,,艾多沙班,,,B01AC,抗血小板药,,,,,,', // 4: no level
    ',XB01AFA319,,艾多沙班,,,B01AC06,阿司匹林,严重,,,,,', // 5: ATC level 5, unknown level
    ',XC02KXL363,,利奥西呱,,XG04BET001,,他达拉非,慎用,,,,,', // 6: row 2 the other way round
    ',XC02KXL363,,利奥西呱,,XC02KXL363,,利奥西呱,禁用,,,,,', // 7: one drug twice
    '001204000060000,,,静脉输液,,XC02KXL363,,利奥西呱,禁用,一周,,,,', // 8: an item code, days in words
    ',,抗血小板,抗血小板药,,XB01AFA319,,艾多沙班,慎用,,,,2026-02-30,', // 9: not an ATC code, no such date
    ',XN02A,,阿片类,,,N05BA;N05CD,苯二氮䓬类,慎用,,,,,', // 10: fine (ATC in the prefix column works too)
    ',,,,,,,,,,,,,', // blank
    '合计,,,,,,,,,,,,,', // trailer
  ];
  const check = (bytes: Uint8Array, name: string) => {
    const { rules, report } = importAnyFile({ name, bytes });
    expect(rules.map((r) => r.id)).toEqual(['ddi-XG04BET001-XC02KXL363', 'ddi-XN02A-XN05BA']);
    expect(rules[0]).toMatchObject({
      kind: 'drug-interaction',
      severity: 'critical',
      basis: '本院药品相互作用表',
      match: { prefixes: ['XG04BET001', 'XC02KXL363'], lineKinds: ['drug'] },
      params: { a: { prefixes: ['XG04BET001'], label: '他达拉非' }, b: { prefixes: ['XC02KXL363'], label: '利奥西呱' }, level: 'contraindicated', note: '低血压', historyDays: 7 },
      source: { ruleClass: '药品相互作用', row: 2 },
    });
    expect(rules[1]).toMatchObject({ severity: 'warning', params: { b: { prefixes: ['XN05BA', 'XN05CD'] }, level: 'caution', historyDays: 0 } });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(reasons.get(3)).toBe('药品B“利奥西呱”没有医保编码、编码前缀或 ATC 分类：审核按编码匹配医嘱，只有名称无法匹配');
    expect(reasons.get(4)).toBe('相互作用程度为空，应为 禁用 或 慎用');
    expect(reasons.get(5)).toBe('药品B ATC分类“B01AC06”是第 5 级（具体药物）：医保西药编码只含到第 4 级（5 位），请改填该药品的医保编码或编码前缀；相互作用程度“严重”应为 禁用 或 慎用');
    expect(reasons.get(6)).toBe('与第 2 行为同一对药品');
    expect(reasons.get(7)).toContain('药品A与药品B相同');
    expect(reasons.get(8)).toBe('药品A医保编码“001204000060000”是医疗服务项目编码，不是药品编码；回溯天数“一周”应为 0 到 365 的整数天数');
    expect(reasons.get(9)).toBe('药品A ATC分类“抗血小板”不是 ATC 编码（如 B01AC、G04BE、N02A）；生效日期“2026-02-30”不是有效日期');
    expect(report.skipped).toMatchObject([{ text: '合计' }]);
    expect(report).toMatchObject({ importer: 'drug-interactions', rowsRead: 9, rowsUsed: 2 });
  };

  it('reports each broken row with its number and every reason, in CSV', () => check(csv(INTERACTION_LIST, lines), 'ddi.csv'));

  it('and in a workbook', () => {
    const rows = [INTERACTION_LIST.columns.map((c) => c.header), ...lines.map((l) => l.split(','))];
    check(writeXlsx([{ name: '相互作用', rows }]), 'ddi.xlsx');
  });
});

describe('药品禁忌症表', () => {
  it('reads ICD codes, ranges and the level, and refuses what is not a code', () => {
    const { rules, report } = importAnyFile({
      name: 'ci.csv',
      bytes: csv(CONTRAINDICATION_LIST, [
        ',XB01ACX010,,西洛他唑,I50,心力衰竭,,,,,', // 2: fine, 禁用 by default
        ',XM01AXA267,,艾拉莫德,K25-K28;K92.2,消化性溃疡,禁止,,,,', // 3: fine
        ',XB01ACB040,,贝前列素钠,出血,出血,禁用,,,,', // 4: a name in the code column
        ',XB01ACX010,,西洛他唑,,心力衰竭,,,,,', // 5: no codes
        ',XC03DAF731,,非奈利酮,E28-E27,,禁用,,,,', // 6: a range backwards
        ',XB01ACX010,,西洛他唑,I50,心衰,禁用,,,,', // 7: row 2 again
        ',XJ01MAJ009,,吉米沙星,G70.0,重症肌无力,小心,,,,', // 8: unknown level
      ]),
    });
    expect(rules.map((r) => [r.id, r.params])).toEqual([
      ['ci-XB01ACX010-I50', { icdRanges: [], icdPrefixes: ['I50'], label: '心力衰竭', level: 'contraindicated' }],
      ['ci-XM01AXA267-K25', { icdRanges: [{ from: 'K25', to: 'K28' }], icdPrefixes: ['K92.2'], label: '消化性溃疡', level: 'contraindicated' }],
    ]);
    expect(rules[0]).toMatchObject({ severity: 'critical', text: '心力衰竭（I50）患者禁用', source: { ruleClass: '药品禁忌症' } });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([4, 5, 6, 7, 8]);
    expect(reasons.get(4)).toBe('“出血”不是 ICD-10 编码或范围；疾病名称请写在“禁忌诊断名称”列');
    expect(reasons.get(5)).toBe('禁忌诊断编码为空');
    expect(reasons.get(6)).toBe('ICD-10 范围“E28-E27”起点大于终点');
    expect(reasons.get(7)).toBe('与第 2 行重复（同一药品、同一组禁忌诊断）');
    expect(reasons.get(8)).toBe('禁忌程度“小心”应为 禁用 或 慎用');
  });
});

describe('儿童与老年人用药表', () => {
  it('turns the avoided ages into the ages the drug may be given at, one side only', () => {
    const { rules, report } = importAnyFile({
      name: 'age.csv',
      bytes: csv(AGE_USE_LIST, [
        ',XR05DAK058,,可待因,儿童,不满12岁,禁用,,,,', // 2
        ',XR06ADX134,,异丙嗪,,18岁以下,禁用,,,,', // 3: 以下 includes the number, with a warning
        ',,N05BA,苯二氮䓬类,老年人,,慎用,,,,', // 4: 老年人 by law, 60 and over
        ',XG03DBJ032,,甲地孕酮,,超过65岁,慎用,,,,', // 5
        ',XM01AEX094,,布洛芬,新生儿,,禁用,,,,', // 6
        ',XJ01MAJ009,,吉米沙星,儿童,,禁用,,,,', // 7: 儿童 by the pack's own age
        ',XN02AAQ033,,羟考酮,,6至12岁,禁用,,,,', // 8: two-sided
        ',XG03DBJ032,,甲地孕酮,老年人,不满18岁,慎用,,,,', // 9: population and ages disagree
        ',XC03DAF731,,非奈利酮,,,禁用,,,,', // 10: neither ages nor population
        ',XR05DAK058,,可待因,,12岁及以下,禁用,,,,', // 11: row 2 again (same side)
        ',XR05DAK058,,可待因,儿童,不满12岁,,,,,', // 12: no level
      ]),
    });
    expect(Object.fromEntries(rules.map((r) => [r.id, r.params]))).toEqual({
      'agelist-XR05DAK058-young': { group: 'range', minYears: 12, use: 'contraindicated', population: '不满12岁儿童' },
      'agelist-XR06ADX134-young': { group: 'range', minYears: 19, use: 'contraindicated', population: '18岁及以下' },
      'agelist-XN05BA-old': { group: 'range', maxYears: 59, use: 'caution', population: '60岁及以上老年人' },
      'agelist-XG03DBJ032-old': { group: 'range', maxYears: 65, use: 'caution', population: '超过65岁' },
      'agelist-XM01AEX094-young': { group: 'range', minDays: 29, use: 'contraindicated', population: '出生28天内新生儿' },
      'agelist-XJ01MAJ009-young': { group: 'adult', use: 'contraindicated', population: '儿童' },
    });
    expect(rules.map((r) => [r.severity, r.source?.ruleClass])).toEqual([
      ['critical', '药品儿童禁用'], ['critical', '药品儿童禁用'], ['warning', '老年人用药安全'], ['warning', '老年人用药安全'], ['critical', '药品儿童禁用'], ['critical', '药品儿童禁用'],
    ]);
    expect(report.warnings).toContainEqual({ row: 3, message: '年龄范围“18岁以下”按含本数理解（18 岁也提示）；若不含，请写“不满18岁”' });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([8, 9, 10, 11, 12]);
    expect(reasons.get(8)).toContain('有两侧界限');
    expect(reasons.get(9)).toBe('适用人群“老年人”与年龄范围“不满18岁”不符');
    expect(reasons.get(10)).toBe('年龄范围和适用人群都为空');
    expect(reasons.get(11)).toBe('与第 2 行重复（同一药品、同一人群只写一行）');
    expect(reasons.get(12)).toBe('用药程度为空，应为 禁用 或 慎用');
  });
});

describe('药品最大日剂量表', () => {
  it('reads the number and a unit the engine converts, and refuses the rest', () => {
    const { rules, report } = importAnyFile({
      name: 'dose.csv',
      bytes: csv(MAX_DOSE_LIST, [
        ',XB01ACX010,西洛他唑,200mg,,,,', // 2
        'XC03DAF731A001010105001,,非奈利酮,每日最大20 毫克,,,,', // 3
        ',XC02KXL363,利奥西呱,7.5,,,,', // 4: no unit
        ',XB01AFA319,艾多沙班,六十mg,,,,', // 5
        ',XB01AFA319,艾多沙班,60勺,,,,', // 6: a unit the parser does not know
        ',XB01ACX010,西洛他唑,300mg,,,,', // 7: the same drug again
        'XB01ACX010A001010100177,,西洛他唑片,,,,,', // 8: empty
      ]),
    });
    expect(rules.map((r) => [r.id, r.params])).toEqual([
      ['maxdose-XB01ACX010', { maxDailyDose: { value: 200, unit: 'mg', fromLabel: true } }],
      ['maxdose-XC03DAF731A001010105001', { maxDailyDose: { value: 20, unit: '毫克', fromLabel: true } }],
    ]);
    expect(rules[0]).toMatchObject({ severity: 'critical', source: { ruleClass: '超说明书用量开药' } });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([4, 5, 6, 7, 8]);
    expect(reasons.get(4)).toBe('每日最大剂量“7.5”应为数值和单位，如 200mg、4g、8片');
    expect(reasons.get(6)).toContain('单位“勺”无法识别');
    expect(reasons.get(7)).toBe('编码“XB01ACX010”在第 2 行已有最大日剂量：同一药品只能有一个');
    expect(reasons.get(8)).toBe('每日最大剂量为空');
  });
});

describe('药品与诊疗项目对照表', () => {
  it('reads 15-digit item codes and their names, and refuses mangled codes', () => {
    const { rules, report } = importAnyFile({
      name: 'items.csv',
      bytes: csv(DRUG_ITEM_LIST, [
        ',XB01AXA223B0,注射用奥扎格雷钠,001204000060000;001204000070000,静脉输液;小儿头皮静脉输液,,,,', // 2
        ',XC01EBG072B0,葛根素注射液,1204000060000,静脉输液,,,,', // 3: lost its leading zeros
        ',XA16AXW071B0,注射用乌司他丁,XB05BAF160B002010103282,,,,,', // 4: a drug code
        ',XB05AAR021B0,人血白蛋白,,,,,,', // 5: no items
        ',XB01AXA223B0,注射用奥扎格雷钠,001204000060000,静脉输液,,,,', // 6: the same drug again
      ]),
    });
    expect(rules.map((r) => [r.id, r.params])).toEqual([
      ['drugitem-XB01AXA223B0', { items: ['001204000060000', '001204000070000'], itemLabel: '静脉输液或小儿头皮静脉输液' }],
    ]);
    expect(rules[0]).toMatchObject({ severity: 'warning', source: { ruleClass: '药品与医疗服务项目不符' } });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6]);
    expect(reasons.get(3)).toContain('可能丢了前导零');
    expect(reasons.get(4)).toBe('“XB05BAF160B002010103282”是药品编码，不是诊疗项目编码');
    expect(reasons.get(5)).toBe('须同日收取的诊疗项目编码为空');
    expect(reasons.get(6)).toContain('在第 2 行已有对照项目');
  });
});

describe('the lists in a pack', () => {
  it('give rules the engine judges: a 禁用 pair on one order', () => {
    const files = DRUG_LISTS.map((l) => filesOf(l.importer).exampleCsv).map((name) => ({ name, bytes: templateFile(name) }));
    const { pack } = buildPack(files, META);
    // 21 drug rules and the 8 herbs of the 中药饮片最大剂量表.
    expect(pack.rules).toHaveLength(29);
    const order = makeOrder({
      lines: [
        { id: '1', code: 'XG04BET001A001010100299', name: '他达拉非片', kind: 'drug' },
        // Dosed within the 说明书's 7.5 mg a day, so the 最大日剂量 list has nothing to say.
        { id: '2', code: 'XC02KXL363A001010104021', name: '利奥西呱片', kind: 'drug', dose: 2.5, doseUnit: 'mg', frequency: 'tid' },
      ],
    });
    expect(evaluate(compilePack(pack), order).findings).toMatchObject([
      { kind: 'drug-interaction', lineId: '2', severity: 'critical', message: expect.stringContaining('利奥西呱片 与 他达拉非片 禁止合用') },
    ]);
  });
});
