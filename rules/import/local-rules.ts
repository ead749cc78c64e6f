import { kindDefinition, type PackRuleKind } from '../kinds';
import { KIND_NAMES } from '../kinds/names';
import { zodErrors } from '../pack/load';
import { splitCodes, numericCodeProblem, lostLeadingZeros } from './codes';
import type { CsvRead } from './csv-input';
import { baseName, type ImportOutcome } from './import-file';
import { isLocalRulesHeader, LOCAL_COLUMNS, readLocalHeader, type LocalColumn, type LocalHeader } from './local-template';
import {
  dateOf, kindOf, lineKindsOf, paramsFromValue, severityOf, VALUE_OPTIONAL, yesNoOf, type Reading,
} from './local-values';
import { FileReportBuilder } from './report';
import { RuleCollector, idPart, type RuleSeed } from './rule-collector';
import type { RuleDraft } from './restriction-text';
import { firstText, isExcelError, isTrailerRow, looksLikeCode } from './trailer';
import type { WorkbookRead } from './workbook-sheets';

/**
 * Imports the hospital's own rules written in the local rules template (local-template.ts): one
 * row, one rule of an existing kind, its params checked by that kind's schema. A row that cannot
 * become a rule is listed with its row number and every reason, never dropped.
 */

export const LOCAL_BASIS = '本院医保管理规定';

interface TableRow {
  row: number;
  cells: readonly string[];
}

interface LocalTable {
  header: LocalHeader;
  rows: TableRow[];
  /** Sheet name for workbooks. */
  sheet?: string;
}

/** The first sheet with the template's header in its first 10 rows. */
export function findLocalRulesTable(sheets: readonly { name: string; rows: readonly TableRow[] }[]): LocalTable | undefined {
  for (const sheet of sheets) {
    const at = sheet.rows.slice(0, 10).findIndex((r) => isLocalRulesHeader(r.cells));
    if (at !== -1) return { header: readLocalHeader(sheet.rows[at]!.cells), rows: sheet.rows.slice(at + 1), sheet: sheet.name };
  }
  return undefined;
}

const JSON_OBJECT = (text: string): Reading<Record<string, unknown>> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `参数(JSON)不是有效的 JSON（${(e as Error).message}）` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: '参数(JSON)应为 {…} 形式的对象' };
  return { ok: true, value: value as Record<string, unknown> };
};

interface RowResult {
  seed?: RuleSeed;
  reasons: string[];
  warnings: string[];
}

function readRow(fileName: string, header: LocalHeader, row: TableRow, ids: Map<string, number>): RowResult {
  const cell = (column: LocalColumn) => {
    const index = header.columns[column];
    return index === undefined ? '' : (row.cells[index] ?? '').trim();
  };
  const reasons: string[] = [];
  const warnings: string[] = [];
  const take = <T>(reading: Reading<T>): T | undefined => {
    if (reading.ok) return reading.value;
    reasons.push(reading.reason);
    return undefined;
  };

  for (const spec of LOCAL_COLUMNS) {
    const value = cell(spec.column);
    if (isExcelError(value)) reasons.push(`“${spec.header}”是 Excel 错误值 ${value}（公式出错或引用失效）`);
  }
  if (reasons.length) return { reasons, warnings };

  const kind = take(kindOf(cell('kind')));
  const codes = splitCodes(cell('codes'));
  const prefixes = splitCodes(cell('prefixes'));
  for (const code of [...codes, ...prefixes]) {
    const problem = numericCodeProblem(code);
    if (problem) reasons.push(problem);
    else if (lostLeadingZeros(code)) warnings.push(`编码“${code}”只有 ${code.length} 位数字，可能是 15 位项目编码丢了前导零；请核对`);
  }
  const lineKinds = take(lineKindsOf(cell('lineKinds'))) ?? [];
  if (codes.length + prefixes.length + lineKinds.length === 0) reasons.push('没有医保编码、编码前缀或项目类别，规则不知道用于哪些明细');
  const severity = take(severityOf(cell('severity')));
  const interruptive = take(yesNoOf(cell('interruptive'), '是否拦截'));
  const enabled = take(yesNoOf(cell('enabled'), '启用'));
  const from = take(dateOf(cell('from'), '生效日期'));
  const to = take(dateOf(cell('to'), '失效日期'));
  if (from && to && from > to) reasons.push(`生效日期 ${from} 晚于失效日期 ${to}`);

  let params: Record<string, unknown> | undefined;
  if (kind) params = paramsOf(kind, cell('value'), cell('params'), codes, reasons);

  const ownId = cell('id');
  if (ownId && /\s/.test(ownId)) reasons.push(`规则编号“${ownId}”不能含空格`);
  const id = ownId || `local-${kind ?? 'rule'}-${idPart(codes[0] ?? prefixes[0] ?? (cell('name') || `row${row.row}`))}`;
  if (ownId) {
    const earlier = ids.get(ownId);
    if (earlier !== undefined) reasons.push(`规则编号“${ownId}”与第 ${earlier} 行重复`);
    else ids.set(ownId, row.row);
  }
  if (reasons.length || !kind || !params) return { reasons, warnings };

  // A 重复收费 pair is judged over the lines its rule matches: the secondary items must be among
  // them, or the rule never sees the line it is about.
  const matchCodes = kind === 'duplicate-charge' && params['mode'] === 'pair' ? [...new Set([...codes, ...(params['secondary'] as string[])])] : codes;
  const name = cell('name');
  const text = cell('text');
  const effective = from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
  const fields: RuleSeed['fields'] = {
    ...(severity ? { severity } : {}),
    ...(interruptive !== undefined ? { interruptive } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(effective ? { effective } : {}),
  };
  const seed: RuleSeed = {
    id,
    draft: { kind, params } as RuleDraft,
    ...(name ? { name } : {}),
    basis: cell('basis') || LOCAL_BASIS,
    ...(text ? { text } : {}),
    source: { file: fileName, row: row.row },
    ...(matchCodes.length ? { codes: matchCodes } : {}),
    ...(prefixes.length ? { prefixes } : {}),
    ...(lineKinds.length ? { lineKinds } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    rows: [row.row],
  };
  return { seed, reasons, warnings };
}

/** 限定值 and 参数(JSON) together, then the kind's own params schema, with its field paths. */
function paramsOf(kind: PackRuleKind, value: string, json: string, codes: readonly string[], reasons: string[]): Record<string, unknown> | undefined {
  let params: Record<string, unknown> = {};
  if (value || !json) {
    if (!value && !json && !VALUE_OPTIONAL.has(kind)) {
      reasons.push(`“${KIND_NAMES[kind].zh}”需要填写限定值或参数(JSON)`);
      return undefined;
    }
    const fromValue = paramsFromValue(kind, value, codes);
    if (!fromValue.ok) {
      reasons.push(fromValue.reason);
      return undefined;
    }
    params = fromValue.value;
  }
  if (json) {
    const parsed = JSON_OBJECT(json);
    if (!parsed.ok) {
      reasons.push(parsed.reason);
      return undefined;
    }
    params = { ...params, ...parsed.value };
  }
  const checked = kindDefinition(kind)!.params.safeParse(params);
  if (!checked.success) {
    const why = zodErrors(checked.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
    reasons.push(`参数不符合“${KIND_NAMES[kind].zh}”规则（${why}）`);
    return undefined;
  }
  return params;
}

function importTable(path: string, table: LocalTable, warnings: readonly string[]): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'local-rules');
  const collector = new RuleCollector(report);
  report.batch = '本院规则';
  for (const w of warnings) report.warn(w);
  for (const h of table.header.unknown) report.warn(`列“${h}”不是模板中的列，未使用`);
  const ids = new Map<string, number>();
  const kinds = new Set<string>();
  for (const row of table.rows) {
    const identifies = (['codes', 'prefixes'] as const).some((c) => {
      const i = table.header.columns[c];
      return i !== undefined && looksLikeCode(row.cells[i] ?? '');
    });
    if (isTrailerRow(row.cells, identifies)) {
      report.skip({ row: row.row, text: firstText(row.cells), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const result = readRow(fileName, table.header, row, ids);
    const nameIndex = table.header.columns.name;
    const name = nameIndex === undefined ? '' : (row.cells[nameIndex] ?? '').trim();
    if (!result.seed) {
      report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), text: row.cells.filter((c) => c.trim() !== '').join(' | '), reason: result.reasons.join('；') });
      continue;
    }
    for (const w of result.warnings) report.warn(w, row.row);
    kinds.add(result.seed.draft.kind);
    collector.add(result.seed);
  }
  report.detected = [...kinds].join(', ') || undefined;
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}

function failed(path: string, code: Parameters<FileReportBuilder['fail']>[0], detail: string): ImportOutcome {
  const report = new FileReportBuilder(baseName(path), 'local-rules');
  report.fail(code, detail);
  return { rules: [], report: report.build([]) };
}

const REQUIRED_HEADER = '规则类型 plus at least one of 规则编号, 参数(JSON), 严重程度, 是否拦截, 生效日期, 失效日期, 启用';

export function importLocalRulesCsv(path: string, read: CsvRead): ImportOutcome {
  if (!read.ok) return failed(path, read.code, read.detail);
  const rows = [{ row: 1, cells: read.table.header }, ...read.table.records.map((r) => ({ row: r.row, cells: r.fields }))];
  const table = findLocalRulesTable([{ name: '', rows }]);
  if (!table) return failed(path, 'missing-columns', `the local rules template needs ${REQUIRED_HEADER}; header: ${read.table.header.join(', ')}`);
  return importTable(path, table, read.warnings);
}

export function importLocalRulesSheets(path: string, read: WorkbookRead): ImportOutcome {
  if (!read.ok) return failed(path, read.code, read.detail);
  const table = findLocalRulesTable(read.sheets);
  if (!table) return failed(path, 'missing-columns', `no sheet has the local rules template header (${REQUIRED_HEADER})`);
  const others = read.sheets.filter((s) => s.name !== table.sheet).map((s) => `工作表“${s.name}”不是规则表，未读取`);
  return importTable(path, table, [...read.warnings, ...others]);
}
