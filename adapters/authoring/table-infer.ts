import { fail, ok, type Parsed } from '../../rules/parse/result';
import { cssIdent, findsExactly, nearestStableId, ownCandidates, queryAll, stableClasses, uniqueSelector } from './selector';

/**
 * From one clicked cell to the whole order table: the repeated rows it belongs to, the header row
 * naming its columns (often a separate table, as jqGrid and Element UI draw it), and the smallest
 * container holding both — which the content script will observe. Every selector is checked to
 * find exactly the rows and the header row seen here.
 */

export interface TableSelectors {
  readonly table: string;
  readonly rows: string;
  readonly headerRow?: string;
  /** An attribute that tells rows apart (id, data-row-id…), when every row has a distinct one. */
  readonly rowIdAttr?: string;
}

export interface InferredTable {
  readonly selectors: TableSelectors;
  readonly table: Element;
  readonly rows: readonly Element[];
  readonly header: Element | null;
  /** The row the click was in. */
  readonly row: Element;
}

const CELL = 'td, th, [role="gridcell"], [role="cell"], [role="columnheader"]';
const ROW = 'tr, [role="row"]';

const tagOf = (el: Element): string => el.tagName.toLowerCase();
const isCell = (el: Element): boolean => el.tagName === 'TD' || el.tagName === 'TH';

/** Column positions a row spans, counting colspans (as adapters/locate.ts counts them). */
export function rowWidth(row: Element): number {
  let width = 0;
  for (const cell of Array.from(row.children).filter(isCell)) {
    const span = Number(cell.getAttribute('colspan') ?? '1');
    width += Number.isInteger(span) && span > 0 ? span : 1;
  }
  return width;
}

/** A row of column titles: inside <thead>, or made of <th> cells only. */
export function isHeaderRow(row: Element): boolean {
  if (row.closest('thead')) return true;
  const cells = Array.from(row.children).filter(isCell);
  return cells.length > 0 && cells.every((c) => c.tagName === 'TH');
}

function hasDataCells(row: Element): boolean {
  return Array.from(row.children).some((c) => c.tagName === 'TD' || c.getAttribute('role') === 'gridcell' || c.getAttribute('role') === 'cell');
}

/**
 * The class most sibling rows share with `row` (their common kind, e.g. jqgrow, el-table__row);
 * among equals the one rarest in the page, which says most about what the rows are.
 */
function rowClass(row: Element, siblings: readonly Element[]): string | undefined {
  let best: { name: string; count: number; inPage: number } | undefined;
  for (const name of stableClasses(row)) {
    const count = siblings.filter((s) => s.classList.contains(name)).length;
    const inPage = row.ownerDocument.getElementsByClassName(name).length;
    if (!best || count > best.count || (count === best.count && inPage < best.inPage)) best = { name, count, inPage };
  }
  return best?.name;
}

/** The repeated siblings of `item` that are the same kind of thing, and the selector piece naming them. */
export function repeatedSiblings(item: Element): { items: Element[]; base: string } {
  const parent = item.parentElement;
  const siblings = parent ? Array.from(parent.children).filter((s) => s.tagName === item.tagName) : [item];
  const cls = rowClass(item, siblings);
  if (cls) {
    return { items: siblings.filter((s) => s.classList.contains(cls)), base: `${tagOf(item)}.${cssIdent(cls)}` };
  }
  const rowLike = item.tagName === 'TR' || item.getAttribute('role') === 'row';
  return { items: rowLike ? siblings.filter((s) => hasDataCells(s) && !isHeaderRow(s)) : siblings, base: tagOf(item) };
}

/**
 * A selector that, run from `scope`, finds exactly `items` in order: `base` alone, or qualified by
 * an ancestor between the items and the scope (".el-table__body-wrapper tr.el-table__row").
 */
export function groupSelector(items: readonly Element[], base: string, scope: Element): string | null {
  if (findsExactly(scope, base, items)) return base;
  const first = items[0];
  if (!first) return null;
  for (let node = first.parentElement; node && node !== scope; node = node.parentElement) {
    for (const head of ownCandidates(node, true)) {
      for (const css of [`${head} ${base}`, `${head} > ${base}`]) if (findsExactly(scope, css, items)) return css;
    }
  }
  const parentPath = first.parentElement && first.parentElement !== scope ? uniqueSelector(first.parentElement, scope) : null;
  if (parentPath) {
    const css = `${parentPath} > ${base}`;
    if (findsExactly(scope, css, items)) return css;
  }
  return null;
}

/** The header row naming the clicked row's columns: in its own table, else in a table nearby. */
export function findHeaderRow(row: Element, rows: readonly Element[]): Element | null {
  const width = rowWidth(row);
  if (width === 0) return null;
  const fits = (candidate: Element) => !rows.includes(candidate) && isHeaderRow(candidate) && rowWidth(candidate) === width;
  const ownTable = row.closest('table');
  if (ownTable) {
    const own = queryAll(ownTable, 'tr')?.find((tr) => tr.closest('table') === ownTable && fits(tr));
    if (own) return own;
  }
  let node = (ownTable ?? row.parentElement)?.parentElement ?? null;
  for (let level = 0; node && level < 4; level += 1, node = node.parentElement) {
    const near = queryAll(node, 'tr')?.find((tr) => (!ownTable || !ownTable.contains(tr)) && fits(tr));
    if (near) return near;
  }
  return null;
}

function commonAncestor(a: Element, b: Element): Element | null {
  for (let node: Element | null = a; node; node = node.parentElement) if (node.contains(b)) return node;
  return null;
}

const ROW_ID_ATTRS = ['id', 'data-id', 'data-rowid', 'data-row-id', 'data-key', 'data-row-key', 'row-id'];

/** An attribute present on every row with a different value on each. */
export function rowIdAttribute(rows: readonly Element[]): string | undefined {
  const names = new Set(ROW_ID_ATTRS);
  // Any data-* attribute distinct on every row names it ("data-line"); with one row only the
  // name can tell, so there it must say id or key.
  const idLike = (name: string) => /^data-.*(id|key)$/i.test(name) || (rows.length > 1 && name.startsWith('data-'));
  for (const row of rows) for (const attr of Array.from(row.attributes)) if (idLike(attr.name)) names.add(attr.name);
  for (const name of names) {
    const values = rows.map((r) => r.getAttribute(name));
    if (values.every((v) => v !== null && v.trim() !== '') && new Set(values).size === rows.length) return name;
  }
  return undefined;
}

/** The clicked cell's row, or the first data row under a clicked header. */
function dataRowOf(picked: Element): Element | null {
  const row = picked.closest(ROW);
  if (!row) return null;
  if (!isHeaderRow(row)) return row;
  const width = rowWidth(row);
  let node = row.closest('table')?.parentElement ?? row.parentElement;
  for (let level = 0; node && level < 4; level += 1, node = node.parentElement) {
    // Not a sizing row (jqGrid's jqgfirstrow): an order row shows text or holds a control.
    const body = queryAll(node, 'tr')?.find(
      (tr) => !isHeaderRow(tr) && hasDataCells(tr) && rowWidth(tr) === width && ((tr.textContent ?? '').trim() !== '' || tr.querySelector('input, select, textarea') !== null),
    );
    if (body) return body;
  }
  return null;
}

export function inferTable(picked: Element, doc: Document): Parsed<InferredTable> {
  if (!picked.closest(CELL)) return fail('not-a-cell', '请点击医嘱表格中的一个单元格');
  const row = dataRowOf(picked);
  if (!row) return fail('no-rows', '没有找到这个表头下的医嘱行');
  const { items: rows, base } = repeatedSiblings(row);
  const header = findHeaderRow(row, rows);

  let container = header ? commonAncestor(header, row) : (row.closest('table') ?? row.parentElement);
  if (!container) return fail('no-table', '无法确定医嘱表格的范围');
  // The order table is what the content script observes: a container with a steady id survives
  // re-renders of the table inside it, so step out a little to find one.
  container = nearestStableId(container, 3) ?? container;

  const tableCss = container.id && nearestStableId(container, 0) === container ? `#${cssIdent(container.id)}` : uniqueSelector(container, doc);
  if (!tableCss) return fail('no-table', '无法为医嘱表格生成唯一的选择器');
  const rowsCss = groupSelector(rows, base, container);
  if (!rowsCss) return fail('no-rows', '无法生成只匹配医嘱行的选择器');
  let headerCss: string | undefined;
  if (header) {
    headerCss = uniqueSelector(header, container) ?? undefined;
    if (!headerCss) return fail('no-header', '无法生成只匹配表头行的选择器');
  }
  const rowIdAttr = rowIdAttribute(rows);
  return ok({
    selectors: { table: tableCss, rows: rowsCss, ...(headerCss ? { headerRow: headerCss } : {}), ...(rowIdAttr ? { rowIdAttr } : {}) },
    table: container,
    rows,
    header,
    row,
  });
}

/** The live elements a table's selectors find now (the page may have re-rendered since the pick). */
export function resolveTable(doc: Document, selectors: Pick<TableSelectors, 'table' | 'rows' | 'headerRow'>): { table: Element; rows: Element[]; header: Element | null } | null {
  const table = queryAll(doc, selectors.table)?.[0];
  if (!table) return null;
  const rows = queryAll(table, selectors.rows) ?? [];
  const header = selectors.headerRow ? (queryAll(table, selectors.headerRow)?.[0] ?? null) : null;
  return { table, rows, header };
}
