import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { buildPack, type PackMeta } from '../../../rules/import/build-pack';
import { generateListFiles, LIST_FILES } from '../../../rules/import/hospital-list-files';
import { ANTIBIOTIC_LIST, listTemplateCsv, PRESCRIBER_LIST, type ListTemplate } from '../../../rules/import/hospital-lists';
import { writeXlsx } from '../../../rules/import/xlsx-write';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { makeOrder } from '../../support/builders';

/**
 * The hospital lists of 抗菌药物分级使用管理: the 抗菌药物分级目录 (rows → antibiotic-level rules) and
 * the 医师处方权 list (rows → the pack's settings.prescribers), their templates, and every broken
 * row reported with its row number and reasons.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const templateFile = (name: string) => new Uint8Array(readFileSync(path.join(TEMPLATES, name)));
const headerOf = <C extends string>(t: ListTemplate<C>) => t.columns.map((c) => c.header).join(',');
const csv = <C extends string>(t: ListTemplate<C>, lines: string[]) => strToU8(`${headerOf(t)}\n${lines.join('\n')}\n`);
const META: PackMeta = { id: 'hospital', version: '2026.11.1', publisher: { name: '示例医院医保办' }, sourceFor: (name) => ({ title: name }) };

describe('the template files', () => {
  it('are what the generator makes from the column lists and the hand-written examples', () => {
    const generated = generateListFiles({
      antibiotic: templateFile(LIST_FILES.antibiotic.exampleCsv),
      prescribers: templateFile(LIST_FILES.prescribers.exampleCsv),
    });
    expect(Object.keys(generated).sort()).toEqual(
      [LIST_FILES.antibiotic, LIST_FILES.prescribers].flatMap((f) => [f.templateCsv, f.templateXlsx, f.exampleXlsx]).sort(),
    );
    for (const [name, bytes] of Object.entries(generated)) expect(Buffer.from(templateFile(name)).equals(Buffer.from(bytes)), name).toBe(true);
    const text = (name: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateFile(name));
    expect(text(LIST_FILES.antibiotic.templateCsv)).toBe(listTemplateCsv(ANTIBIOTIC_LIST));
    expect(text(LIST_FILES.prescribers.templateCsv)).toBe(listTemplateCsv(PRESCRIBER_LIST));
  });

  it('import empty, without an error, as their own list', () => {
    for (const [files, importer] of [[LIST_FILES.antibiotic, 'antibiotic-levels'], [LIST_FILES.prescribers, 'prescribers']] as const) {
      for (const name of [files.templateCsv, files.templateXlsx]) {
        const { rules, report, prescribers } = importAnyFile({ name, bytes: templateFile(name) });
        expect(report, name).toMatchObject({ importer, rowsRead: 0, notUnderstood: [] });
        expect(report.error, name).toBeUndefined();
        expect(rules).toEqual([]);
        expect(prescribers ?? []).toEqual([]);
      }
    }
  });
});

describe('the 抗菌药物分级目录 example', () => {
  const csvOut = importAnyFile({ name: LIST_FILES.antibiotic.exampleCsv, bytes: templateFile(LIST_FILES.antibiotic.exampleCsv) });

  it('gives one antibiotic-level rule per row, keyed by its codes or prefixes', () => {
    expect(csvOut.report).toMatchObject({ importer: 'antibiotic-levels', rowsRead: 17, rowsUsed: 17, notUnderstood: [], rulesMade: { 'antibiotic-level': 17 } });
    const levels = csvOut.rules.map((r) => (r.params as { level: string }).level);
    expect({ unrestricted: levels.filter((l) => l === 'unrestricted').length, restricted: levels.filter((l) => l === 'restricted').length, special: levels.filter((l) => l === 'special').length })
      .toEqual({ unrestricted: 2, restricted: 9, special: 6 });
    expect(csvOut.rules.find((r) => r.id === 'abx-XJ01DHM046B0')).toMatchObject({
      kind: 'antibiotic-level',
      name: '注射用美罗培南',
      severity: 'critical',
      basis: '本院抗菌药物分级管理目录（示例）',
      effective: { from: '2026-01-01' },
      match: { prefixes: ['XJ01DHM046B0'], lineKinds: ['drug'] },
      params: { level: 'special' },
      source: { ruleClass: '抗菌药物分级使用管理', row: 13 },
    });
    expect(csvOut.rules.find((r) => r.name === '甲磺酸吉米沙星片')).toMatchObject({
      id: 'abx-XJ01MAJ009A001010100453',
      match: { codes: ['XJ01MAJ009A001010100453', 'XJ01MAJ009A001010181788'] },
      params: { level: 'restricted' },
    });
  });

  it('reads the same from the xlsx copy', () => {
    const xlsxOut = importAnyFile({ name: LIST_FILES.antibiotic.exampleXlsx, bytes: templateFile(LIST_FILES.antibiotic.exampleXlsx) });
    const strip = (rules: typeof csvOut.rules) => rules.map(({ source, ...rule }) => ({ ...rule, row: source?.row }));
    expect(strip(xlsxOut.rules)).toEqual(strip(csvOut.rules));
  });
});

describe('broken rows of the 抗菌药物分级目录', () => {
  const lines = [
    'XJ01MAJ009A001010100453,,甲磺酸吉米沙星片,限制级,,,,', // 2: fine (short wording)
    ',,头孢呋辛酯片,非限制使用级,,,,', // 3: a name alone
    ',XJ01DHM046B0,注射用美罗培南,三级,,,,', // 4: not a grade
    ',XJ01DHY002B0,注射用亚胺培南西司他丁钠,无,,,,', // 5: a doctor's level, not a drug's
    'XJ01MAJ009A001010100453,,甲磺酸吉米沙星片,特殊使用级,,,,', // 6: graded again, otherwise
    ',XJ01XAW001B0,注射用盐酸万古霉素,#N/A,,,,', // 7: Excel error
    '1.10200005E+14,,某药,限制使用级,,,,', // 8: a code Excel turned into a number
    ',XJ01XAT037B0,注射用替考拉宁,特殊使用级,,2026-02-30,,', // 9: no such date
    ',XJ01CRP017B0,注射用哌拉西林钠他唑巴坦钠,限制使用级,,2026-06-01,2026-01-01,', // 10: ends before it starts
    ',,,,,,,', // blank
    '合计,,,,,,,', // trailer
  ];
  const check = (bytes: Uint8Array, name: string) => {
    const { rules, report } = importAnyFile({ name, bytes });
    expect(rules.map((r) => r.id)).toEqual(['abx-XJ01MAJ009A001010100453']);
    const reasons = new Map(report.notUnderstood.map((n) => [n.row, n.reason]));
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reasons.get(3)).toContain('“头孢呋辛酯片”没有医保编码或编码前缀');
    expect(reasons.get(4)).toContain('抗菌药物分级“三级”应为 非限制使用级、限制使用级 或 特殊使用级');
    expect(reasons.get(5)).toContain('抗菌药物分级“无”');
    expect(reasons.get(6)).toBe('编码“XJ01MAJ009A001010100453”在第 2 行已定为限制使用级，本行为特殊使用级：同一药品只能有一个分级');
    expect(reasons.get(7)).toContain('“抗菌药物分级”是 Excel 错误值 #N/A');
    expect(reasons.get(8)).toContain('科学计数法');
    expect(reasons.get(9)).toContain('生效日期“2026-02-30”不是有效日期');
    expect(reasons.get(10)).toBe('生效日期 2026-06-01 晚于失效日期 2026-01-01');
    expect(report.skipped).toMatchObject([{ text: '合计' }]);
    expect(report).toMatchObject({ rowsRead: 9, rowsUsed: 1 });
  };

  it('are each reported with the row number and every reason, in CSV', () => check(csv(ANTIBIOTIC_LIST, lines), 'abx.csv'));

  it('and in a workbook', () => {
    const rows = [ANTIBIOTIC_LIST.columns.map((c) => c.header), ...lines.map((l) => l.split(','))];
    check(writeXlsx([{ name: '目录', rows }]), 'abx.xlsx');
  });

  it('lists a repeated code with the same grade as a repeat', () => {
    const { report } = importAnyFile({ name: 'a.csv', bytes: csv(ANTIBIOTIC_LIST, [',XJ01DHM046B0,美罗培南,特殊使用级,,,,', ',XJ01DHM046B0,美罗培南,特殊级,,,,']) });
    expect(report.notUnderstood).toMatchObject([{ row: 3, reason: '编码“XJ01DHM046B0”与第 2 行重复' }]);
  });
});

describe('the 医师处方权 list', () => {
  const example = importAnyFile({ name: LIST_FILES.prescribers.exampleCsv, bytes: templateFile(LIST_FILES.prescribers.exampleCsv) });

  it('reads the example into doctors, no rules', () => {
    expect(example.report).toMatchObject({ importer: 'prescribers', rowsRead: 7, rowsUsed: 7, prescribers: 7, notUnderstood: [], rulesMade: {} });
    expect(example.rules).toEqual([]);
    expect(example.prescribers![0]).toEqual({
      id: '1024', nhsaCode: 'D110105001024', name: '王建国', department: '心血管内科', title: '主治医师', antibioticLevel: 'unrestricted', narcoticPrivilege: false,
    });
    expect(example.prescribers!.find((p) => p.id === '5001')).toMatchObject({ antibioticLevel: 'none', narcoticPrivilege: false });
    const xlsx = importAnyFile({ name: LIST_FILES.prescribers.exampleXlsx, bytes: templateFile(LIST_FILES.prescribers.exampleXlsx) });
    expect(xlsx.prescribers).toEqual(example.prescribers);
  });

  it('reports each broken row with its number and reasons', () => {
    const { prescribers, report } = importAnyFile({
      name: 'doctors.csv',
      bytes: csv(PRESCRIBER_LIST, [
        '1024,D1,王建国,心内科,主治医师,限制级,有', // 2: fine
        ',D2,无工号,心内科,,非限制使用级,', // 3
        '2048,,陈静,,,二级,', // 4
        '2050,,刘洋,,,,可以', // 5
        '3072,,赵磊,,,,', // 6
        '1024,,重复,,,特殊使用级,', // 7
        '4096,D1,代码重复,,,非限制使用级,', // 8
        '40 96,,空格,,,非限制使用级,', // 9
        '5001,,错误值,,,#REF!,', // 10
        `${'9'.repeat(65)},,过长,,,无,`, // 11
        '1.2E+11,,科学计数,,,无,', // 12
      ]),
    });
    expect(prescribers).toEqual([{ id: '1024', nhsaCode: 'D1', name: '王建国', department: '心内科', title: '主治医师', antibioticLevel: 'restricted', narcoticPrivilege: true }]);
    const reasons = new Map(report.notUnderstood.map((n) => [n.row, n.reason]));
    expect([...reasons.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(reasons.get(3)).toBe('工号为空');
    expect(reasons.get(4)).toContain('抗菌药物处方权“二级”应为');
    expect(reasons.get(5)).toBe('麻精药品处方权“可以”应为 有 或 无');
    expect(reasons.get(6)).toBe('抗菌药物处方权、麻精药品处方权都为空，此行不起作用');
    expect(reasons.get(7)).toBe('“1024”与第 2 行的医师重复');
    expect(reasons.get(8)).toBe('“D1”与第 2 行的医师重复');
    expect(reasons.get(9)).toContain('工号“40 96”不能含空格');
    expect(reasons.get(10)).toContain('Excel 错误值 #REF!');
    expect(reasons.get(11)).toContain('超过 64 个字符');
    expect(reasons.get(12)).toContain('科学计数法');
    expect(report.prescribers).toBe(1);
  });
});

describe('the lists in a pack', () => {
  const file = (name: string) => ({ name, bytes: templateFile(name) });

  it('put the doctors into settings and the grades into rules, and the engine judges with both', () => {
    const { pack } = buildPack([file(LIST_FILES.antibiotic.exampleCsv), file(LIST_FILES.prescribers.exampleCsv)], META);
    expect(pack.settings.prescribers).toHaveLength(7);
    expect(pack.rules.filter((r) => r.kind === 'antibiotic-level')).toHaveLength(17);
    const gemifloxacin = { id: '1', code: 'XJ01MAJ009A001010100453', name: '甲磺酸吉米沙星片', kind: 'drug' as const };
    const order = (id: string) => makeOrder({ prescriber: { id }, lines: [gemifloxacin] });
    expect(evaluate(compilePack(pack), order('1031')).findings).toMatchObject([{ kind: 'antibiotic-level', message: expect.stringContaining('仅有非限制使用级处方权') }]);
    expect(evaluate(compilePack(pack), order('D110105002050')).findings).toEqual([]);
  });

  it('take a doctor listed again in a later file from that file, and say so', () => {
    const later = { name: 'zz-update.csv', bytes: csv(PRESCRIBER_LIST, ['1031,,李明,心血管内科,主治医师,限制使用级,无']) };
    const { pack, report } = buildPack([file(LIST_FILES.prescribers.exampleCsv), later], META);
    expect(pack.settings.prescribers).toHaveLength(7);
    expect(pack.settings.prescribers!.find((p) => p.id === '1031')).toMatchObject({ antibioticLevel: 'restricted', title: '主治医师' });
    expect(report.files[1]!.warnings).toContainEqual({ message: '医师 1031 在先导入的名单中也有，按本文件为准' });
  });

  it('leave the settings alone when no row of a list could be read', () => {
    const broken = { name: 'doctors.csv', bytes: csv(PRESCRIBER_LIST, [',,,,,限制使用级,']) };
    const { pack, report } = buildPack([broken, file(LIST_FILES.antibiotic.exampleCsv)], META);
    expect(pack.settings.prescribers).toBeUndefined();
    expect(report.files.find((f) => f.file === 'doctors.csv')).toMatchObject({ rowsRead: 1, rowsUsed: 0, prescribers: 0 });
  });
});
