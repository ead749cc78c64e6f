import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { filesOf } from '../../../rules/import/drug-lists/files';
import { HERB_DOSE_LIST } from '../../../rules/import/drug-lists/templates';
import { CHRONIC_DRUG_LIST } from '../../../rules/import/drug-lists/chronic-drugs';
import { herbDoseValue } from '../../../rules/import/herb-dose-value';
import { listTemplateCsv, type ListTemplate } from '../../../rules/import/hospital-lists';
import { paramsFromValue } from '../../../rules/import/local-values';
import { writeXlsx } from '../../../rules/import/xlsx-write';

/**
 * The 中药饮片最大剂量表 (no. 77) and the 门诊慢特病病种用药范围表 (no. 11): their files, examples and
 * broken rows reported with their numbers and every reason.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const headerOf = <C extends string>(t: ListTemplate<C>) => t.columns.map((c) => c.header).join(',');
const csv = <C extends string>(t: ListTemplate<C>, lines: string[]) => strToU8(`${headerOf(t)}\n${lines.join('\n')}\n`);
const reasonsOf = (report: { notUnderstood: { row: number; reason: string }[] }) => new Map(report.notUnderstood.map((n) => [n.row, n.reason]));

describe('每剂最大剂量 (list column and local template value)', () => {
  it('reads grams and the 药典 range, whose upper end is the maximum', () => {
    expect(herbDoseValue('3g')).toEqual({ ok: true, value: { maxGrams: 3 } });
    expect(herbDoseValue('1～3g')).toEqual({ ok: true, value: { maxGrams: 3, minGrams: 1 } });
    expect(herbDoseValue('1-3克')).toEqual({ ok: true, value: { maxGrams: 3, minGrams: 1 } });
    expect(herbDoseValue('0.03～0.1g')).toEqual({ ok: true, value: { maxGrams: 0.1, minGrams: 0.03 } });
    expect(herbDoseValue('每剂最大 300mg')).toEqual({ ok: true, value: { maxGrams: 0.3 } });
    expect(herbDoseValue('6')).toEqual({ ok: true, value: { maxGrams: 6 } });
  });
  it('refuses what is not grams, and a range that runs backwards', () => {
    for (const bad of ['2袋', '3～1g', '适量', '0g', '']) expect(herbDoseValue(bad).ok, bad).toBe(false);
  });
  it('the local rules template takes it as 限定值; the 慢特病 list only as its own template', () => {
    expect(paramsFromValue('herb-dose', '1～3g', ['T000100940'])).toEqual({ ok: true, value: { maxGrams: 3, minGrams: 1 } });
    expect(paramsFromValue('chronic-drug', 'M03900', ['XA10BAE001A0']).ok).toBe(false);
  });
});

describe('中药饮片最大剂量表', () => {
  const lines = [
    'T000100940,,细辛,1～3g,,散剂每次服0.5～1g,,,', // 2: fine
    'T001500639,,全蝎,3～6g,本院规定,,本院中药饮片管理规定,2026-01-01,', // 3: fine, own source and basis
    'XB01ACX010A001010100177,,西洛他唑片,200mg,,,,,', // 4: not a 饮片
    'T000700200,,丁香,2袋,,,,,', // 5: not grams
    'T000100940,,细辛,3g,,,,,', // 6: a second maximum for 细辛
    ',,麝香,0.1g,,,,,', // 7: name alone
    'T000700362,,花椒,,,,,,', // 8: no maximum
  ];
  const check = (bytes: Uint8Array, name: string) => {
    const { rules, report } = importAnyFile({ name, bytes });
    expect(report.importer).toBe('herb-max-dose');
    expect(rules.map((r) => r.id)).toEqual(['herbdose-T000100940', 'herbdose-T001500639']);
    expect(rules[0]).toMatchObject({
      kind: 'herb-dose',
      severity: 'warning',
      name: '细辛',
      basis: '《中华人民共和国药典》（2020年版）一部【用法与用量】（本院中药饮片最大剂量表）',
      text: '药典用量 每剂 1～3g：散剂每次服0.5～1g',
      match: { codes: ['T000100940'], lineKinds: ['drug'] },
      params: { maxGrams: 3, minGrams: 1 },
      source: { ruleClass: '中药饮片超量上传', row: 2 },
    });
    expect(rules[1]).toMatchObject({ basis: '本院中药饮片管理规定', params: { maxGrams: 6, minGrams: 3, source: '本院规定' }, effective: { from: '2026-01-01' } });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([4, 5, 6, 7, 8]);
    expect(reasons.get(4)).toContain('不是中药饮片编码（T 开头）');
    expect(reasons.get(5)).toContain('每剂最大剂量“2袋”应为克数或药典用量范围');
    expect(reasons.get(6)).toBe('编码“T000100940”在第 2 行已有最大剂量：同一饮片只能有一个');
    expect(reasons.get(7)).toBe('饮片“麝香”没有医保编码、编码前缀或 ATC 分类：审核按编码匹配医嘱，只有名称无法匹配');
    expect(reasons.get(8)).toBe('每剂最大剂量为空');
  };
  it('reports each broken row with its number and every reason, in CSV', () => check(csv(HERB_DOSE_LIST, lines), 'herbs.csv'));
  it('and in a workbook', () => {
    check(writeXlsx([{ name: '饮片', rows: [HERB_DOSE_LIST.columns.map((c) => c.header), ...lines.map((l) => l.split(','))] }]), 'herbs.xlsx');
  });
});

describe('门诊慢特病病种用药范围表', () => {
  it('has a template and an example that import, the same from CSV and xlsx, as one rule', () => {
    const files = filesOf('chronic-drugs');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateFile(files.templateCsv))).toBe(listTemplateCsv(CHRONIC_DRUG_LIST));
    for (const name of [files.templateCsv, files.templateXlsx]) {
      const empty = importAnyFile({ name, bytes: templateFile(name) });
      expect(empty.report, name).toMatchObject({ importer: 'chronic-drugs', rowsRead: 0, notUnderstood: [] });
      expect(empty.rules).toEqual([]);
    }
    const fromCsv = importAnyFile({ name: files.exampleCsv, bytes: templateFile(files.exampleCsv) });
    const fromXlsx = importAnyFile({ name: files.exampleXlsx, bytes: templateFile(files.exampleXlsx) });
    expect(fromCsv.report).toMatchObject({ rowsRead: 7, rowsUsed: 7, notUnderstood: [], rulesMade: { 'chronic-drug': 1 } });
    expect(fromXlsx.rules.map((r) => r.params)).toEqual(fromCsv.rules.map((r) => r.params));
    expect(fromCsv.rules[0]).toMatchObject({
      id: 'chronic-drugs',
      kind: 'chronic-drug',
      severity: 'critical',
      match: { lineKinds: ['drug'] },
      params: {
        diseases: [
          { code: 'M03900', name: '高血压病', prefixes: ['XC09CAA284A0', 'XC09DBA407A0', 'XC08CA', 'XC07AB', 'XC03'] },
          { code: 'M01600', name: '糖尿病', prefixes: ['XA10', 'XC09CAA284A0'] },
        ],
      },
    });
  });

  it('gathers the rows by 病种 (code, else name) and reports broken rows with every reason', () => {
    const lines = [
      'M03900,高血压病,,XC09,,血管紧张素类,,', // 2
      ',糖尿病,XA10BAE001A001010100001,,,盐酸二甲双胍片,,统筹区文件', // 3: a 病种 by name only
      'M03900,高血压,,,C08CA,钙通道阻滞剂,,', // 4: the same 病种 (高血压 = 高血压病)
      'M03900,冠心病,,,C01DA,硝酸酯类,,', // 5: the code names another 病种
      ',,,XA10,,,,', // 6: no 病种名称
      'M03900,高血压病,,XC09,,,,', // 7: XC09 twice for 高血压病
      '慢病03,高血压病,,,C03,,,', // 8: not a code
      ',糖尿病,,,,二甲双胍,,', // 9: no drug code
    ];
    const { rules, report } = importAnyFile({ name: 'chronic.csv', bytes: csv(CHRONIC_DRUG_LIST, lines) });
    expect(report.importer).toBe('chronic-drugs');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      basis: '统筹区文件',
      params: {
        diseases: [
          { code: 'M03900', name: '高血压病', prefixes: ['XC09', 'XC08CA'] },
          { name: '糖尿病', codes: ['XA10BAE001A001010100001'] },
        ],
      },
      source: { ruleClass: '药品超限定病种目录范围使用', row: 2 },
    });
    const reasons = reasonsOf(report);
    expect([...reasons.keys()]).toEqual([5, 6, 7, 8, 9]);
    expect(reasons.get(5)).toBe('病种编码 M03900 在前面的行名为“高血压病”，本行写作“冠心病”');
    expect(reasons.get(6)).toContain('病种名称为空');
    expect(reasons.get(7)).toBe('病种“高血压病”的“XC09”在第 2 行已列入');
    expect(reasons.get(8)).toBe('病种编码“慢病03”不是编码（如 M03900）');
    expect(reasons.get(9)).toBe('药品“二甲双胍”没有医保编码、编码前缀或 ATC 分类：审核按编码匹配医嘱，只有名称无法匹配');
    expect(report).toMatchObject({ rowsRead: 8, rowsUsed: 3 });
  });
});
