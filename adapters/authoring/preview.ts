import { extractOrder } from '../extract';
import type { Elsewhere } from '../frame-reads';
import { locate, readColumns, readLocated, type LocateContext } from '../locate';
import type { ProfileProblem } from '../../contract/profile-problems';
import type { FieldLocator, Transform } from '../profile-schema';
import { applyTransforms, cleanText, isAgeValue, type TransformValue } from '../transforms';
import type { Order } from '../../contract/order';
import { checkDraft, getAt, isAssigned, type DraftIssue, type DraftProfile } from './draft';
import { listBlockOf, PICK_FIELDS, type PickField } from './fields';
import { queryAll } from './selector';
import { resolveTable } from './table-infer';

/**
 * What the draft reads from the page right now: each field's value (so the user sees at once that
 * 年龄 became 45 years), and, once the draft is a valid profile, the whole canonical order through
 * adapters/extract.ts — the same reading the content script will do.
 */

export interface FieldStatus {
  readonly assigned: boolean;
  /** The locator finds something on the page now. */
  readonly found: boolean;
  /** The text read, before transforms. */
  readonly raw?: string;
  /** The value after transforms, as shown in the panel. */
  readonly value?: string;
  readonly error?: string;
  /** For 医保类型/就诊类型: the page's wording that the map lacks. */
  readonly unmapped?: string;
  /** What to outline on the page. */
  readonly element?: Element;
  /** Assigned, but the page no longer fits it (页面适配失效 in repair mode). */
  readonly broken: boolean;
}

export interface DraftPreview {
  readonly fields: ReadonlyMap<string, FieldStatus>;
  /** Null until the draft is a valid profile and the page yields a checkable order. */
  readonly order: Order | null;
  readonly problems: readonly ProfileProblem[];
  /** Why the draft is not yet a valid profile. */
  readonly issues: readonly DraftIssue[];
  /** Data rows the table selectors find now. */
  readonly rowCount: number;
}

function show(value: TransformValue): string {
  if (isAgeValue(value)) return value.years !== undefined ? `${value.years} 岁` : `${value.days ?? 0} 天`;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

function transformsOf(locator: FieldLocator): Transform[] | undefined {
  return 'transform' in locator ? locator.transform : undefined;
}

function readWith(locator: FieldLocator, ctx: LocateContext, field: PickField): Omit<FieldStatus, 'assigned' | 'broken'> {
  const located = locate(locator, ctx);
  if (!located.ok) return { found: false, error: located.detail };
  if (!located.value) return { found: false, error: '页面上未找到' };
  const element = located.value.kind === 'element' ? located.value.element : undefined;
  const raw = readLocated(located.value, locator);
  if (raw === undefined) return { found: true, ...(element ? { element } : {}), error: '元素上没有这个属性' };
  const rawText = cleanText(String(raw));
  const base = { found: true, raw: rawText, ...(element ? { element } : {}) };
  const value = applyTransforms(raw, transformsOf(locator));
  if (value.ok) return { ...base, value: show(value.value) };
  return { ...base, error: value.detail, ...(field.mapped && value.reason === 'unmapped' ? { unmapped: rawText } : {}) };
}

function liveTable(draft: DraftProfile, doc: Document) {
  const table = getAt(draft, ['orders', 'table']);
  const rows = getAt(draft, ['orders', 'rows']);
  const headerRow = getAt(draft, ['orders', 'headerRow']);
  if (typeof table !== 'string' || typeof rows !== 'string') return null;
  return resolveTable(doc, { table, rows, ...(typeof headerRow === 'string' ? { headerRow } : {}) });
}

/** The row to show column values from: the first with any text or filled control. */
function sampleRow(rows: readonly Element[]): Element | undefined {
  return (
    rows.find((row) => {
      if (cleanText(row.textContent ?? '') !== '') return true;
      return Array.from(row.querySelectorAll('input, select, textarea')).some((c) => (c as HTMLInputElement).value?.trim());
    }) ?? rows[0]
  );
}

/** The frame a page value or the diagnoses are placed in, when not the panel's own (profile `frame`). */
export function fieldFrame(field: PickField, draft: DraftProfile): string | undefined {
  const frame = field.kind === 'diagnosis' ? getAt(draft, ['diagnoses', 'frame']) : field.kind === 'page' ? getAt(draft, [...field.path, 'frame']) : undefined;
  return typeof frame === 'string' ? frame : undefined;
}

/** What the panel knows of the other frames: their reads, and the statuses of the fields placed there. */
export interface PreviewFrames extends Elsewhere {
  status(glob: string, fieldId: string): Omit<FieldStatus, 'broken' | 'element'> | undefined;
}

function readField(field: PickField, draft: DraftProfile, doc: Document, table: ReturnType<typeof liveTable>, frames?: PreviewFrames): Omit<FieldStatus, 'broken'> {
  const assigned = isAssigned(draft, field);
  if (!assigned) return { assigned, found: false };
  const glob = fieldFrame(field, draft);
  if (glob && frames && !frames.here(glob)) return frames.status(glob, field.id) ?? { assigned, found: false, error: `框架 ${glob} 尚未读出：它未打开，或选取工具未在其中运行` };
  return fieldHere(field, draft, doc, table);
}

/** A field read in `doc`, the document it is placed in. */
export function fieldHere(field: PickField, draft: DraftProfile, doc: Document, table: ReturnType<typeof liveTable> = liveTable(draft, doc)): Omit<FieldStatus, 'broken'> {
  const assigned = isAssigned(draft, field);
  if (!assigned) return { assigned, found: false };
  const stored = getAt(draft, field.path);
  switch (field.kind) {
    case 'table': {
      if (!table) return { assigned, found: false, error: '页面上未找到医嘱表格' };
      return { assigned, found: true, element: table.table, value: `${table.rows.length} 行` };
    }
    case 'submit': {
      const css = (stored as string[])[0]!;
      const el = queryAll(doc, css)?.[0];
      return el ? { assigned, found: true, element: el, value: cleanText(el.textContent ?? '') || css } : { assigned, found: false, error: '页面上未找到' };
    }
    case 'page':
      return { assigned, ...readWith(stored as FieldLocator, { scope: doc }, field) };
    case 'column': {
      if (!table) return { assigned, found: false, error: '先指定医嘱表格' };
      const row = sampleRow(table.rows);
      if (!row) return { assigned, found: false, error: '表格中没有医嘱行' };
      const columns = table.header ? readColumns(table.header) : undefined;
      return { assigned, ...readWith(stored as FieldLocator, { scope: row, ...(columns ? { columns } : {}) }, field) };
    }
    case 'diagnosis':
    case 'operation': {
      // Shown from the first row of the block, as the first diagnosis is the one a person checks.
      const block = listBlockOf(field)!;
      const within = getAt(draft, [block, 'within']);
      const rows = getAt(draft, [block, 'rows']);
      const scope = typeof within === 'string' ? queryAll(doc, within)?.[0] : doc;
      const first = scope && typeof rows === 'string' ? queryAll(scope, rows)?.[0] : undefined;
      if (!first) return { assigned, found: false, error: block === 'diagnoses' ? '页面上未找到诊断' : '页面上未找到手术操作' };
      return { assigned, ...readWith(stored as FieldLocator, { scope: first }, field) };
    }
  }
}

/** A problem with a whole block (its `within` gone) marks each of the block's fields. */
const BLOCK_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'encounter.diagnoses': ['diagnoses.code', 'diagnoses.name'],
  'encounter.operations': ['operations.code', 'operations.name', 'operations.date'],
};

/** Problems the adapter reports per field path ("lines" for the table itself). */
function problemFields(problems: readonly ProfileProblem[]): Set<string> {
  const fields = new Set<string>();
  for (const p of problems) {
    if (!p.field) continue;
    for (const id of BLOCK_FIELDS[p.field] ?? [p.field]) fields.add(id);
  }
  return fields;
}

export interface PreviewOptions {
  /** Evaluation date when the page shows none. */
  readonly today?: string;
  /** The other frames of the tab, for fields placed there. */
  readonly frames?: PreviewFrames;
}

export function previewDraft(draft: DraftProfile, doc: Document, opts: PreviewOptions = {}): DraftPreview {
  const table = liveTable(draft, doc);
  const checked = checkDraft(draft);
  let order: Order | null = null;
  let problems: ProfileProblem[] = [];
  if (checked.ok) {
    const result = extractOrder(doc, checked.profile, {
      ...(opts.today ? { today: opts.today } : {}),
      ...(opts.frames ? { elsewhere: opts.frames } : {}),
      keySalt: checked.profile.id,
    });
    order = result.order;
    problems = result.problems;
  }
  const troubled = problemFields(problems.filter((p) => p.severity === 'error' || p.code === 'field-missing'));
  const fields = new Map<string, FieldStatus>();
  for (const field of PICK_FIELDS) {
    const status = readField(field, draft, doc, table, opts.frames);
    const broken = status.assigned && (!status.found || troubled.has(field.id));
    fields.set(field.id, { ...status, broken });
  }
  return { fields, order, problems, issues: checked.ok ? [] : checked.issues, rowCount: table?.rows.length ?? 0 };
}
