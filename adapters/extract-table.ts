import type { z } from 'zod';
import { OrderLineSchema } from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import { fieldName, readField, type Expect } from './extract-field';
import { columnIndex, missingColumnDetail, readColumns, safeQuery, safeQueryAll, type ColumnMap, type LocateContext } from './locate';
import { problem } from './problems';
import { LINE_FIELDS, type LineField, type SiteProfile } from './profile-schema';
import { rowKeyOf } from './row-key';
import { lineKindFromCode } from './transforms';

/**
 * The order table through a site profile: finding it and its header (which configured columns
 * it has), and reading one row into an order line — for the whole table and again for a single
 * row the doctor edited. Problems are returned next to the line, never thrown.
 */

export type OrderLineInput = z.input<typeof OrderLineSchema>;

export interface TableContext {
  /** The container the content script observes, or null when the page does not have it. */
  readonly table: Element | null;
  readonly columns?: ColumnMap;
  /** Line fields whose column header is gone. */
  readonly missingColumns: ReadonlySet<LineField>;
  readonly problems: ProfileProblem[];
}

/** Finds the order table and its header; reports a missing table, header row or column. */
export function locateTable(root: ParentNode, profile: SiteProfile): TableContext {
  const found = safeQuery(root, profile.orders.table);
  if (!found.ok) {
    return { table: null, missingColumns: new Set(), problems: [problem('bad-selector', `医嘱表格：${found.detail}`, { field: 'lines' })] };
  }
  if (!found.value) {
    const message = `未找到医嘱表格（${profile.orders.table}），页面可能已改版`;
    return { table: null, missingColumns: new Set(), problems: [problem('table-missing', message, { field: 'lines' })] };
  }
  return readTableHeader(found.value, profile);
}

/** Reads the header of a found table: which configured columns it has. */
export function readTableHeader(table: Element, profile: SiteProfile): TableContext {
  const { orders } = profile;
  const missingColumns = new Set<LineField>();
  if (!orders.headerRow) return { table, missingColumns, problems: [] };
  let scope: ParentNode = table;
  if (orders.headerTable) {
    const headerTable = safeQuery(table.ownerDocument, orders.headerTable);
    if (!headerTable.ok) return { table, missingColumns, problems: [problem('bad-selector', `表头表格：${headerTable.detail}`, { field: 'lines' })] };
    if (headerTable.value) scope = headerTable.value;
  }
  const header = safeQuery(scope, orders.headerRow);
  if (!header.ok) return { table, missingColumns, problems: [problem('bad-selector', `表头：${header.detail}`, { field: 'lines' })] };
  if (!header.value) {
    for (const name of LINE_FIELDS) {
      const field = orders.fields[name];
      if (field && 'column' in field) missingColumns.add(name);
    }
    const message = `未找到医嘱表头（${orders.headerTable ? `${orders.headerTable} ` : ''}${orders.headerRow}），页面可能已改版`;
    return { table, missingColumns, problems: [problem('header-missing', message, { field: 'lines' })] };
  }
  const columns = readColumns(header.value);
  const problems: ProfileProblem[] = [];
  for (const name of LINE_FIELDS) {
    const field = orders.fields[name];
    if (!field || !('column' in field)) continue;
    if (columnIndex(columns, field.column, field.nth) === undefined) {
      missingColumns.add(name);
      const message = `${fieldName(`lines.${name}`)}：${missingColumnDetail(field.column)}`;
      problems.push(problem('column-missing', message, { field: `lines.${name}` }));
    }
  }
  return { table, columns, missingColumns, problems };
}

export interface RowOptions {
  /** Position among the table's rows (from 0); looked up when absent. */
  readonly index?: number;
  /** Header positions; read from the row's table when absent. */
  readonly columns?: ColumnMap;
}

/** Where a line id came from: the row's own id, its values (`rowKey`), or its position. */
export type RowKeying = 'id' | 'content' | 'position';

export interface RowResult {
  readonly lineId: string;
  readonly keyed: RowKeying;
  /** The line, or null for an empty row or one that cannot be checked (see problems). */
  readonly line: OrderLineInput | null;
  /** Neither a code nor a name: a blank row the doctor has not filled in yet. */
  readonly empty: boolean;
  readonly problems: ProfileProblem[];
  /** Line fields whose element this row has. */
  readonly found: ReadonlySet<LineField>;
}

type LineValues = { -readonly [K in LineField]?: unknown };

const LINE_EXPECT: Readonly<Record<LineField, Expect>> = {
  code: 'string',
  name: 'string',
  kind: 'line-kind',
  spec: 'string',
  dose: 'number',
  doseUnit: 'string',
  frequency: 'string',
  days: 'days',
  quantity: 'number',
  unit: 'string',
  route: 'string',
  selfPay: 'boolean',
  group: 'string',
  price: 'number',
  approvalNo: 'string',
  date: 'date',
};

function rowContext(row: Element, profile: SiteProfile, opts: RowOptions): { index: number; columns?: ColumnMap } {
  if (opts.index !== undefined && (opts.columns || !profile.orders.headerRow)) return { index: opts.index, columns: opts.columns };
  let table: Element | null = null;
  try {
    table = row.closest(profile.orders.table);
  } catch {
    table = null;
  }
  const tableCtx = table ? readTableHeader(table, profile) : undefined;
  const rows = table ? safeQueryAll(table, profile.orders.rows) : undefined;
  const index = opts.index ?? (rows?.ok ? Math.max(0, rows.value.indexOf(row)) : 0);
  return { index, columns: opts.columns ?? tableCtx?.columns };
}

/** The row's own id (`rowId`), when the profile names one and the row has it. */
function ownIdOf(row: Element, profile: SiteProfile, columns: ColumnMap | undefined): string | undefined {
  const idField = profile.orders.rowId;
  if (!idField) return undefined;
  return readField<string>(idField, { scope: row, columns }, 'string', { path: 'lines.id' }).value;
}

/** Stands in for the line id while the row is read: the key may depend on what is read. */
const PENDING = '\u0000row';

/**
 * The row's line id: its own id; else the key its values make (`rowKey`); else its position — "#n"
 * when the profile names an id the row lacks, so it cannot collide with page ids such as jqGrid's
 * "1", "2", "3".
 */
function lineIdFor(ownId: string | undefined, values: LineValues, profile: SiteProfile, index: number): { lineId: string; keyed: RowKeying } {
  if (ownId !== undefined) return { lineId: ownId, keyed: 'id' };
  const fields = profile.orders.rowKey;
  const key = fields ? rowKeyOf(values, fields) : undefined;
  if (key !== undefined) return { lineId: key, keyed: 'content' };
  return { lineId: profile.orders.rowId ? `#${index + 1}` : String(index + 1), keyed: 'position' };
}

/** Reads one order row: used for the whole table and again for a single row the doctor edited. */
export function extractRow(row: Element, profile: SiteProfile, opts: RowOptions = {}): RowResult {
  const { index, columns } = rowContext(row, profile, opts);
  const ownId = ownIdOf(row, profile, columns);
  const ctx: LocateContext = { scope: row, columns };
  const prefix = `第${index + 1}行 `;
  const values: LineValues = {};
  const found = new Set<LineField>();
  const problems: ProfileProblem[] = [];
  const readInto = (name: LineField): void => {
    const field = profile.orders.fields[name];
    if (!field) return;
    const read = readField(field, ctx, LINE_EXPECT[name], { path: `lines.${name}`, lineId: ownId ?? PENDING, prefix });
    if (read.found) found.add(name);
    if (read.value !== undefined) values[name] = read.value;
    problems.push(...read.problems);
  };
  // Code and name first: a blank row (the doctor's next empty line) needs no further reading.
  readInto('code');
  readInto('name');
  const blank = (): RowResult => ({ ...lineIdFor(ownId, {}, profile, index), line: null, empty: true, problems: [], found });
  if (values.code === undefined && values.name === undefined) return blank();
  for (const name of LINE_FIELDS) if (name !== 'code' && name !== 'name') readInto(name);
  const code = typeof values.code === 'string' ? values.code.replace(/\s+/g, '') : undefined;
  const name = typeof values.name === 'string' ? values.name : undefined;
  if (!code && !name) return blank();
  const { lineId, keyed } = lineIdFor(ownId, { ...values, ...(code ? { code } : {}) }, profile, index);
  const settled = problems.map((p) => (p.lineId === PENDING ? { ...p, lineId } : p));
  if (!code) {
    settled.push(problem('row-code-missing', `${prefix}「${name}」缺少医保编码，无法审核`, { field: 'lines.code', lineId }));
    return { lineId, keyed, line: null, empty: false, problems: settled, found };
  }
  const kind = (values.kind as string | undefined) ?? lineKindFromCode(code) ?? profile.orders.defaultKind ?? 'drug';
  const line = buildLine({ ...values, code, kind }, lineId);
  const checked = OrderLineSchema.safeParse(line);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = String(issue.path[0] ?? '');
      settled.push(problem('field-invalid', `${prefix}${fieldName(`lines.${key}`)}：${issue.message}`, { field: `lines.${key}`, lineId }));
      delete (line as Record<string, unknown>)[key];
    }
  }
  return { lineId, keyed, line, empty: false, problems: settled, found };
}

function buildLine(values: LineValues, id: string): OrderLineInput {
  const line: Record<string, unknown> = { id };
  for (const name of LINE_FIELDS) if (values[name] !== undefined) line[name] = values[name];
  return line as OrderLineInput;
}

