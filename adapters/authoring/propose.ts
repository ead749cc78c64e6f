import { DEFAULT_ROW_KEY } from '../row-key';
import { controlIn, locate, readColumns, readElement, type ColumnMap } from '../locate';
import type { FieldLocator, RowField, Transform } from '../profile-schema';
import { cleanText } from '../transforms';
import { fail, ok, type Parsed } from '../../rules/parse/result';
import { getAt, setAt, transformsFor, withWriteBack, writableField, type DraftProfile } from './draft';
import type { ListBlock, PickField } from './fields';
import { labelRefusal } from './label-check';
import { labelLocatorFor, labelWording } from './label-locator';
import { cssIdent, nearestStableId, queryAll, uniqueSelector } from './selector';
import { groupSelector, inferTable, repeatedSiblings, resolveTable, type InferredTable } from './table-infer';

/**
 * One click → one change to the draft profile. Each proposal names how it locates the element
 * ("#clinicNo", "年龄 旁边", "列「天数」"), so the panel can say what was understood.
 */

export interface Proposal {
  readonly draft: DraftProfile;
  /** Short, for the panel: what the click was understood as. */
  readonly summary: string;
}

const CELL = 'td, th';

// --- page fields ------------------------------------------------------------------------------------

/** A css selector from stable attributes only (id, name, data-*), no class paths. */
function stableAttributeSelector(el: Element, doc: Document): string | null {
  const css = uniqueSelector(el, doc, { maxDepth: 1 });
  if (!css) return null;
  return css.startsWith('#') || css.includes('[') ? css : null;
}

export function pageLocatorFor(el: Element, doc: Document): { locator: FieldLocator; summary: string } | null {
  const stable = stableAttributeSelector(el, doc);
  if (stable) return { locator: { css: stable }, summary: stable };
  const label = labelLocatorFor(el, doc);
  if (label) return { locator: label.within ? { label: label.label, within: label.within } : { label: label.label }, summary: `「${label.label}」旁边的值` };
  const path = uniqueSelector(el, doc);
  return path ? { locator: { css: path }, summary: path } : null;
}

function withTransforms(locator: FieldLocator, transform: Transform[] | undefined): FieldLocator {
  return transform ? ({ ...locator, transform } as FieldLocator) : locator;
}

function proposePage(field: PickField, el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  const found = pageLocatorFor(el, doc);
  if (!found) return fail('no-selector', '无法为这个元素生成唯一的定位方式，请点击它外面一层');
  const locator = withTransforms(found.locator, transformsFor(draft, field));
  return ok({ draft: setAt(draft, field.path, locator), summary: found.summary });
}

// --- the order table --------------------------------------------------------------------------------

function withTable(draft: DraftProfile, table: InferredTable): DraftProfile {
  const { selectors } = table;
  const orders = (getAt(draft, ['orders']) as Record<string, unknown> | undefined) ?? {};
  const next: Record<string, unknown> = {
    ...orders,
    table: selectors.table,
    rows: selectors.rows,
    defaultKind: orders['defaultKind'] ?? 'drug',
    fields: orders['fields'] ?? {},
  };
  if (selectors.headerRow) next['headerRow'] = selectors.headerRow;
  else delete next['headerRow'];
  // Rows without an id are keyed by what they say, not by position (SPA grids redraw them).
  if (selectors.rowIdAttr) {
    next['rowId'] = { attr: selectors.rowIdAttr };
    delete next['rowKey'];
  } else {
    delete next['rowId'];
    next['rowKey'] = [...DEFAULT_ROW_KEY];
  }
  return setAt(draft, ['orders'], next);
}

function tableSummary(table: InferredTable): string {
  const header = table.header ? `，表头 ${readColumns(table.header).headers.filter((h) => h.text).length} 列` : '，无表头';
  return `${table.selectors.table}：${table.rows.length} 行${header}`;
}

/** The table the draft describes, if its selectors still find it and hold `el`. */
function draftTableHolding(el: Element, draft: DraftProfile, doc: Document): InferredTable | null {
  const table = getAt(draft, ['orders', 'table']);
  const rows = getAt(draft, ['orders', 'rows']);
  const headerRow = getAt(draft, ['orders', 'headerRow']);
  if (typeof table !== 'string' || typeof rows !== 'string') return null;
  const live = resolveTable(doc, { table, rows, ...(typeof headerRow === 'string' ? { headerRow } : {}) });
  const row = live?.rows.find((r) => r.contains(el));
  if (!live || !row) return null;
  return { selectors: { table, rows, ...(typeof headerRow === 'string' ? { headerRow } : {}) }, table: live.table, rows: live.rows, header: live.header, row };
}

function proposeTable(el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  const table = inferTable(el, doc);
  if (!table.ok) return table;
  return ok({ draft: withTable(draft, table.value), summary: tableSummary(table.value) });
}

// --- columns ----------------------------------------------------------------------------------------

/** The header wording over `cell`, with `nth` when the header repeats it (单位 … 单位). */
function columnOf(cell: Element, row: Element, columns: ColumnMap, header: Element): { column: string; nth?: number } | null {
  let index = -1;
  let position = 0;
  for (const c of Array.from(row.children).filter((x) => x.tagName === 'TD' || x.tagName === 'TH')) {
    if (c === cell) index = position;
    const span = Number(c.getAttribute('colspan') ?? '1');
    position += Number.isInteger(span) && span > 0 ? span : 1;
  }
  const entry = columns.headers.find((h) => h.index === index);
  if (!entry || !entry.text) return null;
  const headerCell = Array.from(header.children).filter((x) => x.tagName === 'TD' || x.tagName === 'TH')[columns.headers.indexOf(entry)];
  const wording = labelWording(headerCell?.textContent ?? '');
  if (!wording) return null;
  const same = columns.headers.filter((h) => h.text === entry.text);
  const nth = same.indexOf(entry) + 1;
  return same.length > 1 ? { column: wording, nth } : { column: wording };
}

/** A css selector inside the row that finds `el` there and at most one element in every other row. */
function rowCss(el: Element, table: InferredTable, within: Element = table.row): string | null {
  const others = table.rows.filter((r) => r !== table.row);
  return uniqueSelector(el, within, { allowIds: false, atMostOneIn: others });
}

export function columnLocatorFor(el: Element, table: InferredTable): { locator: RowField; summary: string } | null {
  const cell = el.closest(CELL);
  if (table.header && cell && cell.parentElement === table.row) {
    const columns = readColumns(table.header);
    const column = columnOf(cell, table.row, columns, table.header);
    if (column) {
      const wholeCell = el === cell || readElement(cell) === readElement(el);
      const inner = wholeCell ? null : uniqueSelector(el, cell, { allowIds: false });
      const locator: RowField = inner ? { ...column, css: inner } : column;
      const check = locate(locator, { scope: table.row, columns });
      const foundEl = check.ok && check.value?.kind === 'element' ? check.value.element : null;
      if (foundEl && (foundEl === el || readElement(foundEl) === readElement(el))) {
        return { locator, summary: `列「${column.column}」${column.nth ? `（第${column.nth}个）` : ''}${inner ? ` 内 ${inner}` : ''}` };
      }
    }
  }
  const css = rowCss(el, table);
  return css ? { locator: { css }, summary: `行内 ${css}` } : null;
}

/** Two fields read from one cell ("80mg"): the number and the unit are split by transforms. */
function sharedCellTransform(field: PickField, locator: RowField, draft: DraftProfile): Transform[] {
  const partner = field.id === 'lines.doseUnit' ? 'dose' : field.id === 'lines.unit' ? 'quantity' : null;
  if (!partner || !('column' in locator) || locator.css) return [];
  const other = getAt(draft, ['orders', 'fields', partner]) as RowField | undefined;
  const same = other && 'column' in other && String(other.column) === String(locator.column) && (other.nth ?? 1) === (locator.nth ?? 1) && !other.css;
  return same ? ['unit'] : [];
}

function proposeColumn(field: PickField, el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  let table = draftTableHolding(el, draft, doc);
  let next = draft;
  let prefix = '';
  if (!table) {
    // The first column pick also tells where the table is.
    const inferred = inferTable(el, doc);
    if (!inferred.ok) return fail(inferred.reason, `${inferred.detail}（先指定医嘱表格，或点击表格中的单元格）`);
    table = inferred.value;
    next = withTable(draft, table);
    prefix = `医嘱表格 ${tableSummary(table)}；`;
  }
  const found = columnLocatorFor(el, table);
  if (!found) return fail('no-selector', '无法在医嘱行内唯一定位这个元素');
  const locator = withTransforms(found.locator, transformsFor(next, field, sharedCellTransform(field, found.locator, next))) as RowField;
  next = setAt(next, field.path, locator);
  // 改为 7 天 and the like can write back only into a control the doctor could edit too.
  const writable = writableField(field);
  if (writable) next = withWriteBack(next, writable, isEditable(el));
  return ok({ draft: next, summary: `${prefix}${found.summary}` });
}

function isEditable(el: Element): boolean {
  const control = controlIn(el.closest(CELL) ?? el) ?? controlIn(el);
  if (!control || (control.tagName === 'INPUT' && (control as HTMLInputElement).type === 'hidden')) return false;
  return !control.hasAttribute('readonly') && !control.hasAttribute('disabled');
}

/** A column chosen from the header list instead of clicked (hidden columns, such as 医保编码 in jqGrid). */
export function proposeColumnByName(field: PickField, header: { column: string; nth?: number }, draft: DraftProfile): Parsed<Proposal> {
  if (typeof getAt(draft, ['orders', 'headerRow']) !== 'string') return fail('no-header', '先指定带表头的医嘱表格');
  const base: RowField = header.nth && header.nth > 1 ? { column: header.column, nth: header.nth } : { column: header.column };
  const locator = withTransforms(base, transformsFor(draft, field, sharedCellTransform(field, base, draft))) as RowField;
  return ok({ draft: setAt(draft, field.path, locator), summary: `列「${header.column}」` });
}

/** The header cells of the draft's table as they read now, for the column chooser. */
export function headerChoices(draft: DraftProfile, doc: Document): Array<{ column: string; nth?: number; label: string }> {
  const table = getAt(draft, ['orders', 'table']);
  const rows = getAt(draft, ['orders', 'rows']);
  const headerRow = getAt(draft, ['orders', 'headerRow']);
  if (typeof table !== 'string' || typeof rows !== 'string' || typeof headerRow !== 'string') return [];
  const header = resolveTable(doc, { table, rows, headerRow })?.header;
  if (!header) return [];
  const seen = new Map<string, number>();
  const choices: Array<{ column: string; nth?: number; label: string }> = [];
  for (const cell of Array.from(header.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH')) {
    const wording = labelWording(cell.textContent ?? '');
    if (!wording) continue;
    const key = cleanText(wording).toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    choices.push(n > 1 ? { column: wording, nth: n, label: `${wording}（第${n}个）` } : { column: wording, label: wording });
  }
  // A wording that repeats gets nth on its first occurrence too, so 单位 and 单位 stay apart.
  return choices.map((c) => (c.nth === undefined && (seen.get(cleanText(c.column).toLowerCase()) ?? 1) > 1 ? { ...c, nth: 1, label: `${c.column}（第1个）` } : c));
}

// --- diagnoses and operations ----------------------------------------------------------------------

/** What the hints call one item of each repeated block. */
const LIST_WORDS: Readonly<Record<ListBlock, { item: string; list: string }>> = {
  diagnoses: { item: '诊断', list: '诊断列表中某一条诊断的编码或名称' },
  operations: { item: '手术操作', list: '手术操作列表中某一项的编码、名称或日期' },
};

/** The rows the draft's block finds on the page now (none while the block is not placed). */
function blockRows(block: ListBlock, draft: DraftProfile, doc: Document): Element[] {
  const rows = getAt(draft, [block, 'rows']);
  const within = getAt(draft, [block, 'within']);
  if (typeof rows !== 'string') return [];
  const scope = typeof within === 'string' ? queryAll(doc, within)?.[0] : doc;
  return (scope && queryAll(scope, rows)) || [];
}

/** The repeated element (a row, a list item) a diagnosis or operation value sits in. */
function listItem(el: Element, block: ListBlock, draft: DraftProfile, doc: Document): Element | null {
  const hit = blockRows(block, draft, doc).find((r) => r.contains(el));
  if (hit) return hit;
  for (let node: Element | null = el; node && node !== doc.body; node = node.parentElement) {
    if (node.tagName === 'TR' || node.tagName === 'LI') return node;
    if (node === el || node.tagName === 'TD' || node.tagName === 'TH') continue;
    // A repeated <div class="diag">: siblings of one kind, told by a class they share.
    const { items, base } = repeatedSiblings(node);
    if (items.length >= 2 && base.includes('.')) return node;
  }
  return null;
}

/**
 * A click on one diagnosis (or operation) places the whole block: the container (`within`), the
 * selector of its rows, and the clicked part's css inside a row. Both blocks are read the same way
 * (adapters/diagnoses.ts, adapters/operations.ts), so one inference serves both.
 */
function proposeListItem(field: PickField, block: ListBlock, el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  const words = LIST_WORDS[block];
  const item = listItem(el, block, draft, doc);
  if (!item || item === el) return fail('no-rows', `请点击${words.list}`);
  // The two lists often look alike (the same <ul class>): a row of the other block is not this one's.
  const other: ListBlock = block === 'diagnoses' ? 'operations' : 'diagnoses';
  if (blockRows(other, draft, doc).includes(item)) return fail('other-list', `这是${LIST_WORDS[other].item}列表，请点击${words.list}`);
  const { items, base } = repeatedSiblings(item);
  const container = (item.parentElement && nearestStableId(item.parentElement, 4)) ?? item.parentElement;
  if (!container) return fail('no-rows', `无法确定${words.item}列表的范围`);
  const withinCss = container.id && nearestStableId(container, 0) === container ? `#${cssIdent(container.id)}` : uniqueSelector(container, doc);
  const rowsCss = withinCss ? groupSelector(items, base, container) : null;
  if (!withinCss || !rowsCss) return fail('no-selector', `无法生成只匹配${words.item}行的选择器`);
  const css = uniqueSelector(el, item, { allowIds: false, atMostOneIn: items.filter((i) => i !== item) });
  if (!css) return fail('no-selector', `无法在${words.item}行内唯一定位这个元素`);
  let next = setAt(draft, [block, 'within'], withinCss);
  next = setAt(next, [block, 'rows'], rowsCss);
  const locator = withTransforms({ css }, transformsFor(next, field));
  next = setAt(next, field.path, locator);
  const count = block === 'diagnoses' ? `${items.length} 条诊断` : `${items.length} 项手术操作`;
  return ok({ draft: next, summary: `${withinCss} 中 ${count}，行内 ${css}` });
}

// --- submit -----------------------------------------------------------------------------------------

function proposeSubmit(el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  const control = el.closest('button, a, input[type="submit"], input[type="button"], [role="button"]') ?? el;
  const css = uniqueSelector(control, doc);
  if (!css) return fail('no-selector', '无法为这个按钮生成唯一的选择器');
  return ok({ draft: setAt(draft, ['submit', 'controls'], [css]), summary: css });
}

/** What clicking `el` while `field` is being picked changes in the draft. */
export function proposePick(field: PickField, el: Element, draft: DraftProfile, doc: Document): Parsed<Proposal> {
  const refusal = labelRefusal(field, el);
  if (refusal) return fail('label', refusal);
  switch (field.kind) {
    case 'page':
      return proposePage(field, el, draft, doc);
    case 'table':
      return proposeTable(el, draft, doc);
    case 'column':
      return proposeColumn(field, el, draft, doc);
    case 'diagnosis':
      return proposeListItem(field, 'diagnoses', el, draft, doc);
    case 'operation':
      return proposeListItem(field, 'operations', el, draft, doc);
    case 'submit':
      return proposeSubmit(el, draft, doc);
  }
}
