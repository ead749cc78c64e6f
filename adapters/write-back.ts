import { controlIn, isControl, locate, type ColumnMap } from './locate';
import { readTableHeader } from './extract-table';
import type { SiteProfile, WritableField } from './profile-schema';

/**
 * One-click fixes write into the page as a doctor's edit would: set the control's value through
 * the element's own prototype setter (frameworks such as React track values on the instance and
 * would otherwise ignore the change), then dispatch input and change so the page's listeners
 * (totals, validation, our own re-check) run. Only fields the profile allows are written.
 */

export type WriteBackFailure = 'not-allowed' | 'not-located' | 'not-editable' | 'bad-value';

export type WriteBackResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: WriteBackFailure; readonly message: string };

const failed = (reason: WriteBackFailure, message: string): WriteBackResult => ({ ok: false, reason, message });

export interface WriteBackOptions {
  /** Header positions of the row's table; read from the page when absent. */
  readonly columns?: ColumnMap;
}

function columnsFor(row: Element, profile: SiteProfile): ColumnMap | undefined {
  try {
    const table = row.closest(profile.orders.table);
    return table ? readTableHeader(table, profile).columns : undefined;
  } catch {
    return undefined;
  }
}

function setNativeValue(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, text: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), 'value')?.set;
  if (setter) setter.call(control, text);
  else control.value = text;
}

function setNativeChecked(control: HTMLInputElement, checked: boolean): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), 'checked')?.set;
  if (setter) setter.call(control, checked);
  else control.checked = checked;
}

function dispatchEdit(control: Element): void {
  // Events are built from the control's own window so listeners in an iframe see native events.
  const view = control.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const EventCtor = view?.Event ?? Event;
  const InputCtor = view?.InputEvent ?? (typeof InputEvent === 'undefined' ? undefined : InputEvent);
  const input = InputCtor
    ? new InputCtor('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' })
    : new EventCtor('input', { bubbles: true, composed: true });
  control.dispatchEvent(input);
  control.dispatchEvent(new EventCtor('change', { bubbles: true }));
}

function formatNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** Writes `value` into the row's control for `field`; never submits anything. */
export function writeBack(
  row: Element,
  field: WritableField,
  value: number | boolean,
  profile: SiteProfile,
  opts: WriteBackOptions = {},
): WriteBackResult {
  if (!profile.writeBack.includes(field)) return failed('not-allowed', `适配配置不允许修改「${field}」`);
  const locator = profile.orders.fields[field];
  if (!locator) return failed('not-located', `适配配置未定位「${field}」`);
  const located = locate(locator, { scope: row, columns: opts.columns ?? columnsFor(row, profile) });
  if (!located.ok || !located.value || located.value.kind !== 'element') {
    return failed('not-located', located.ok ? `本行没有「${field}」` : located.detail);
  }
  const control = controlIn(located.value.element);
  if (!control || !isControl(control)) return failed('not-editable', `「${field}」在页面上不可编辑`);
  if (control.disabled || (control.tagName !== 'SELECT' && (control as HTMLInputElement).readOnly)) {
    return failed('not-editable', `「${field}」在页面上为只读`);
  }
  const toggle = control.tagName === 'INPUT' && ['checkbox', 'radio'].includes((control as HTMLInputElement).type);
  if (toggle) {
    if (typeof value !== 'boolean') return failed('bad-value', `「${field}」是勾选框，需要是/否`);
    setNativeChecked(control as HTMLInputElement, value);
  } else {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return failed('bad-value', `「${field}」需要非负数字`);
    const text = formatNumber(value);
    setNativeValue(control, text);
    if (control.value !== text) return failed('bad-value', `页面不接受「${text}」`);
  }
  dispatchEdit(control);
  return { ok: true };
}
