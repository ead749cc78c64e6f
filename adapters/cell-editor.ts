import { controlIn, isControl, readLocated, locate, safeQuery } from './locate';
import type { CellEditor, CommitEvent, SiteProfile, WritableField } from './profile-schema';
import { applyTransforms, parseFlag, parseNumber } from './transforms';
import {
  columnsFor,
  dispatchChange,
  dispatchInput,
  eventsOf,
  failed,
  isReadOnly,
  locateWritable,
  probeWriteBack,
  setControl,
  writeBack,
  type Control,
  type WriteBackOptions,
  type WriteBackResult,
} from './write-back';

/**
 * One-click fixes on grids whose cells turn into an editor only when clicked (jqGrid cell editing,
 * older HIS grids): click the cell as the doctor would, wait for the editor, write, commit with the
 * events such grids save on (input, change, Enter, blur), then read the cell back. A fix is only
 * reported done when the page shows the new value; otherwise the reason comes back, for the overlay
 * to offer the manual step.
 */

const POLL_MS = 25;
const CONFIRM_MS = 600;

export interface LiveWriteOptions extends WriteBackOptions {
  /** setTimeout-like wait; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function click(cell: Element, open: CellEditor['open']): void {
  const view = eventsOf(cell);
  const mouse = (type: string, detail: number) => new view.MouseEvent(type, { bubbles: true, cancelable: true, composed: true, detail, view });
  const times = open === 'dblclick' ? 2 : 1;
  for (let i = 1; i <= times; i += 1) {
    cell.dispatchEvent(mouse('mousedown', i));
    cell.dispatchEvent(mouse('mouseup', i));
    cell.dispatchEvent(mouse('click', i));
  }
  if (open === 'dblclick') cell.dispatchEvent(mouse('dblclick', 2));
}

/** The editor the click opened: in the cell, else where the profile says, else the focused control in the table. */
function findEditor(row: Element, field: WritableField, profile: SiteProfile, editor: CellEditor): Control | undefined {
  const cell = locateWritable(row, field, profile, columnsFor(row, profile));
  const inCell = cell ? (editor.editor ? safeQuery(cell, editor.editor) : undefined) : undefined;
  const fromCell = inCell?.ok && inCell.value && isControl(inCell.value) ? inCell.value : cell ? controlIn(cell) : undefined;
  if (fromCell) return fromCell;
  const table = row.closest(profile.orders.table) ?? row.ownerDocument;
  if (editor.editor) {
    const anywhere = safeQuery(table, editor.editor);
    if (anywhere.ok && anywhere.value && isControl(anywhere.value)) return anywhere.value;
  }
  const active = row.ownerDocument.activeElement;
  return active && isControl(active) && table.contains(active) ? active : undefined;
}

function key(control: Control, type: 'keydown' | 'keypress' | 'keyup'): void {
  const view = eventsOf(control);
  // keyCode and which: jQuery grids (jqGrid) still test them.
  const init = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true } as KeyboardEventInit;
  control.dispatchEvent(new view.KeyboardEvent(type, init));
}

function commit(control: Control, events: readonly CommitEvent[]): void {
  for (const event of events) {
    if (event === 'input') dispatchInput(control);
    else if (event === 'change') dispatchChange(control);
    else if (event === 'enter') {
      key(control, 'keydown');
      key(control, 'keypress');
      key(control, 'keyup');
    } else if (control.isConnected) {
      // The grid may already have saved and removed the editor on Enter.
      control.blur();
      const view = eventsOf(control);
      control.dispatchEvent(new view.FocusEvent('focusout', { bubbles: true, composed: true }));
    }
  }
}

/** Whether the row now shows `value` for `field`, read as the adapter reads it. */
function shows(row: Element, field: WritableField, value: number | boolean, profile: SiteProfile): boolean {
  const locator = profile.orders.fields[field];
  if (!locator) return false;
  const located = locate(locator, { scope: row, columns: columnsFor(row, profile) });
  if (!located.ok || !located.value) return false;
  const raw = readLocated(located.value, locator);
  if (raw === undefined) return false;
  const read = applyTransforms(raw, locator.transform ?? []);
  if (!read.ok) return false;
  if (typeof value === 'boolean') {
    if (typeof read.value === 'boolean') return read.value === value;
    const flag = parseFlag(String(read.value));
    return flag.ok && flag.value === value;
  }
  if (typeof read.value === 'number') return Math.abs(read.value - value) < 1e-6;
  const number = parseNumber(String(read.value));
  return number.ok && Math.abs(number.value - value) < 1e-6;
}

async function waitFor<T>(find: () => T | undefined, ms: number, sleep: (ms: number) => Promise<void>): Promise<T | undefined> {
  for (let waited = 0; ; waited += POLL_MS) {
    const found = find();
    if (found !== undefined || waited >= ms) return found;
    await sleep(POLL_MS);
  }
}

async function writeThroughEditor(
  row: Element,
  field: WritableField,
  value: number | boolean,
  profile: SiteProfile,
  cell: Element,
  sleep: (ms: number) => Promise<void>,
): Promise<WriteBackResult> {
  const editor = profile.orders.cellEditor!;
  click(cell, editor.open);
  const control = await waitFor(() => findEditor(row, field, profile, editor), editor.waitMs, sleep);
  if (!control) return failed('editor-missing', '点击后未出现输入框');
  if (isReadOnly(control)) return failed('not-editable', '该单元格为只读');
  control.focus({ preventScroll: true });
  const set = setControl(control, value);
  if (!set.ok) return set;
  commit(control, editor.commit);
  const confirmed = await waitFor(() => (shows(row, field, value, profile) ? true : undefined), CONFIRM_MS, sleep);
  return confirmed ? { ok: true } : failed('not-accepted', '页面未接受新值');
}

/**
 * Writes `value` into the live cell: directly into its control, or through the editor a click
 * opens when the profile has `orders.cellEditor`. Never submits anything; never throws.
 */
export async function writeBackLive(
  row: Element,
  field: WritableField,
  value: number | boolean,
  profile: SiteProfile,
  opts: LiveWriteOptions = {},
): Promise<WriteBackResult> {
  const probe = probeWriteBack(row, field, profile, opts);
  if (!probe.ok) return probe;
  if (probe.mode === 'control') return writeBack(row, field, value, profile, opts);
  if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) return failed('bad-value', '需要非负数字');
  try {
    return await writeThroughEditor(row, field, value, profile, probe.cell, opts.sleep ?? defaultSleep);
  } catch {
    return failed('not-accepted', '页面未接受新值');
  }
}
