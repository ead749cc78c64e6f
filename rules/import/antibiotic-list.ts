import { ANTIBIOTIC_LEVEL_ZH, parseAntibioticLevel, type DrugLevel } from '../kinds/antibiotic-levels';
import { lostLeadingZeros, numericCodeProblem, splitCodes } from './codes';
import type { CsvRead } from './csv-input';
import { ANTIBIOTIC_LIST, type AntibioticColumn } from './hospital-lists';
import { baseName, type ImportOutcome } from './import-file';
import { eachListRow, listTableFromCsv, listTableFromSheets, type ListRow, type ListTableRead } from './list-table';
import { dateOf } from './local-values';
import { FileReportBuilder } from './report';
import { idPart, RuleCollector, type RuleSeed } from './rule-collector';
import type { WorkbookRead } from './workbook-sheets';

/**
 * Imports the hospital's 抗菌药物分级目录 (hospital-lists.ts ANTIBIOTIC_LIST): one row, one graded
 * antibiotic, one `antibiotic-level` rule keyed by its codes or prefixes like every other rule, so
 * the engine finds it by lookup. Its id follows the first code (`abx-<code>`), so a new edition of
 * the list updates the same rule. A row that cannot become a rule is listed with its row number
 * and every reason at once, never dropped.
 */

export const ANTIBIOTIC_LIST_BASIS = '本院抗菌药物分级管理目录';
const RULE_CLASS = '抗菌药物分级使用管理';
const LAW =
  '《抗菌药物临床应用管理办法》：医师经培训考核后授予相应级别的抗菌药物处方权，按处方权开具相应级别的抗菌药物（第二十四条）；特殊使用级抗菌药物不得在门诊使用（第二十七条）。';

/** Where an earlier row put a code or prefix, and at which grade. */
type Seen = Map<string, { row: number; level: DrugLevel }>;

function readRow(fileName: string, r: ListRow<AntibioticColumn>, seen: Seen, report: FileReportBuilder): RuleSeed | undefined {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const name = r.cell('name');
  const levelCell = r.cell('level');
  const parsed = parseAntibioticLevel(levelCell);
  const level: DrugLevel | undefined = parsed === undefined || parsed === 'none' ? undefined : parsed;
  if (!levelCell) reasons.push('抗菌药物分级为空');
  else if (!level) reasons.push(`抗菌药物分级“${levelCell}”应为 非限制使用级、限制使用级 或 特殊使用级`);

  const codes = splitCodes(r.cell('codes'));
  const prefixes = splitCodes(r.cell('prefixes'));
  for (const code of [...codes, ...prefixes]) {
    const problem = numericCodeProblem(code);
    if (problem) reasons.push(problem);
    else if (lostLeadingZeros(code)) warnings.push(`编码“${code}”只有 ${code.length} 位数字，可能丢了前导零；请核对`);
  }
  if (codes.length + prefixes.length === 0) {
    reasons.push(name ? `“${name}”没有医保编码或编码前缀：审核按编码匹配医嘱，只有名称无法匹配，请填写国家医保编码或其前 12 位` : '没有医保编码或编码前缀');
  }
  for (const key of [...codes, ...prefixes]) {
    const earlier = seen.get(key);
    if (!earlier) continue;
    reasons.push(
      earlier.level === level
        ? `编码“${key}”与第 ${earlier.row} 行重复`
        : `编码“${key}”在第 ${earlier.row} 行已定为${ANTIBIOTIC_LEVEL_ZH[earlier.level]}，本行为${levelCell}：同一药品只能有一个分级`,
    );
  }
  const from = dateOf(r.cell('from'), '生效日期');
  const to = dateOf(r.cell('to'), '失效日期');
  if (!from.ok) reasons.push(from.reason);
  if (!to.ok) reasons.push(to.reason);
  if (from.ok && to.ok && from.value && to.value && from.value > to.value) reasons.push(`生效日期 ${from.value} 晚于失效日期 ${to.value}`);

  if (reasons.length > 0 || !level) {
    report.notUnderstoodRow({ row: r.row, ...(name ? { name } : {}), text: r.text, reason: reasons.join('；') });
    return undefined;
  }
  for (const w of warnings) report.warn(w, r.row);
  for (const key of [...codes, ...prefixes]) seen.set(key, { row: r.row, level });
  const effective = from.ok && to.ok && (from.value || to.value) ? { ...(from.value ? { from: from.value } : {}), ...(to.value ? { to: to.value } : {}) } : undefined;
  const note = r.cell('note');
  return {
    id: `abx-${idPart(codes[0] ?? prefixes[0]!)}`,
    draft: { kind: 'antibiotic-level', params: { level } },
    ...(name ? { name } : {}),
    basis: r.cell('basis') || ANTIBIOTIC_LIST_BASIS,
    text: note ? `${LAW}${note}` : LAW,
    source: { ruleClass: RULE_CLASS, file: fileName, row: r.row },
    ...(codes.length ? { codes } : {}),
    ...(prefixes.length ? { prefixes } : {}),
    lineKinds: ['drug'],
    ...(effective ? { fields: { effective } } : {}),
    rows: [r.row],
  };
}

function importTable(path: string, read: ListTableRead<AntibioticColumn>): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'antibiotic-levels');
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  report.batch = ANTIBIOTIC_LIST.title;
  for (const w of read.warnings) report.warn(w);
  const collector = new RuleCollector(report);
  const seen: Seen = new Map();
  const seeds = eachListRow(ANTIBIOTIC_LIST, read.table, report, ['codes', 'prefixes'], (row) => readRow(fileName, row, seen, report));
  for (const seed of seeds) collector.add(seed);
  report.detected = seeds.length > 0 ? 'antibiotic-level' : undefined;
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}

export const importAntibioticListCsv = (path: string, read: CsvRead): ImportOutcome => importTable(path, listTableFromCsv(ANTIBIOTIC_LIST, read));

export const importAntibioticListSheets = (path: string, read: WorkbookRead): ImportOutcome => importTable(path, listTableFromSheets(ANTIBIOTIC_LIST, read));
