import { controlIn, locate, type ColumnMap } from './locate';
import { readTableHeader } from './extract-table';
import type { SiteProfile, WritableField } from './profile-schema';

/**
 * One-click fixes write into the page as a doctor's edit would: set the control's value through
 * the element's own prototype setter (frameworks such as React track values on the instance and
 * would otherwise ignore the change), then dispatch input and change so the page's listeners
 * (totals, validation, our own re-check) run. Only fields the profile allows are written.
 *
 * `probeWriteBack` checks the live cell first, without touching it: a control to write, a cell the
 * profile says opens an editor on click (cell-editor.ts), or why neither — so the overlay can say
 * so before the doctor clicks. Failure messages are short Chinese reasons for the doctor.
 */

export type WriteBackFailure = 'not-allowed' | 'not-located' | 'not-editable' | 'bad-value' | 'editor-missing' | 'not-accepted';

export type WriteBackResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: WriteBackFailure; readonly message: string };

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** How the live cell takes a value: its own control, or an editor it opens on click. */
export type WriteProbe =
  | { readonly ok: true; readonly mode: 'control'; readonly cell: Element; readonly control: Control }
  | { readonly ok: true; readonly mode: 'editor'; readonly cell: Element }
  | { readonly ok: false; readonly reason: WriteBackFailure; readonly message: string };

export const failed = (reason: WriteBackFailure, message: string): { ok: false; reason: WriteBackFailure; message: string } => ({
  ok: false,
  reason,
  message,
});

export interface WriteBackOptions {
  /** Header positions of the row's table; read from the page when absent. */
  readonly columns?: ColumnMap;
}

export function columnsFor(row: Element, profile: SiteProfile): ColumnMap | undefined {
  try {
    const table = row.closest(profile.orders.table);
    return table ? readTableHeader(table, profile).columns : undefined;
  } catch {
    return undefined;
  }
}

/** The element the profile locates for `field` in this row (a cell, or an element inside it). */
export function locateWritable(row: Element, field: WritableField, profile: SiteProfile, columns?: ColumnMap): Element | undefined {
  const locator = profile.orders.fields[field];
  if (!locator) return undefined;
  const located = locate(locator, { scope: row, columns: columns ?? columnsFor(row, profile) });
  return located.ok && located.value?.kind === 'element' ? located.value.element : undefined;
}

export function isReadOnly(control: Control): boolean {
  return control.disabled || (control.tagName !== 'SELECT' && (control as HTMLInputElement).readOnly);
}

/** Checks the live cell for `field` without changing anything. */
export function probeWriteBack(row: Element, field: WritableField, profile: SiteProfile, opts: WriteBackOptions = {}): WriteProbe {
  if (!profile.writeBack.includes(field)) return failed('not-allowed', '站点配置未允许自动修改此项');
  if (!row.isConnected) return failed('not-located', '该行已不在页面上');
  const cell = locateWritable(row, field, profile, opts.columns);
  if (!cell) return failed('not-located', '本行找不到该单元格');
  const control = controlIn(cell);
  if (control) return isReadOnly(control) ? failed('not-editable', '该单元格为只读') : { ok: true, mode: 'control', cell, control };
  if (profile.orders.cellEditor) return { ok: true, mode: 'editor', cell };
  return failed('not-editable', '该单元格不可编辑');
}

export function setNativeValue(control: Control, text: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), 'value')?.set;
  if (setter) setter.call(control, text);
  else control.value = text;
}

function setNativeChecked(control: HTMLInputElement, checked: boolean): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), 'checked')?.set;
  if (setter) setter.call(control, checked);
  else control.checked = checked;
}

/** Constructors from the element's own window, so listeners in an iframe see native events. */
export function eventsOf(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? globalThis) as Window & typeof globalThis;
}

export function dispatchInput(control: Element): void {
  const view = eventsOf(control);
  const input =
    typeof view.InputEvent === 'function'
      ? new view.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' })
      : new view.Event('input', { bubbles: true, composed: true });
  control.dispatchEvent(input);
}

export function dispatchChange(control: Element): void {
  control.dispatchEvent(new (eventsOf(control).Event)('change', { bubbles: true }));
}

export function formatNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

function isToggle(control: Control): control is HTMLInputElement {
  return control.tagName === 'INPUT' && ['checkbox', 'radio'].includes((control as HTMLInputElement).type);
}

/** Sets a control to `value` without events; a value the control refuses (a select without that option) fails. */
export function setControl(control: Control, value: number | boolean): WriteBackResult {
  if (isToggle(control)) {
    if (typeof value !== 'boolean') return failed('bad-value', '勾选框需要是/否');
    setNativeChecked(control, value);
    return { ok: true };
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return failed('bad-value', '需要非负数字');
  const text = formatNumber(value);
  setNativeValue(control, text);
  if (control.value !== text) return failed('bad-value', `页面不接受「${text}」`);
  return { ok: true };
}

/** Writes `value` into the row's control for `field`; never submits anything. */
export function writeBack(
  row: Element,
  field: WritableField,
  value: number | boolean,
  profile: SiteProfile,
  opts: WriteBackOptions = {},
): WriteBackResult {
  const probe = probeWriteBack(row, field, profile, opts);
  if (!probe.ok) return probe;
  if (probe.mode !== 'control') return failed('not-editable', '该单元格需点击后编辑');
  const set = setControl(probe.control, value);
  if (!set.ok) return set;
  dispatchInput(probe.control);
  dispatchChange(probe.control);
  return { ok: true };
}
