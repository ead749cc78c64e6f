import type { SiteProfile, WritableField, WriteBackResult } from '../../adapters';
import { t } from '../../components/i18n';
import { findingKey } from '../../components/finding-list';
import type { Action, Finding } from '../../contract/findings';
import { fieldName } from '../../contract/order-fields';

/**
 * What the popover says when a one-click fix cannot be made: why, and the step to take by hand
 * ("无法自动修改（点击后未出现输入框），请在第 3 行「天数」中手动改为 7"). Fixes that failed once stay
 * failed for that finding, so the doctor is not offered the same dead button again.
 */

/** The column as the page's header names it, else the field's Chinese name. */
export function columnLabel(profile: SiteProfile, field: WritableField): string {
  const locator = profile.orders.fields[field];
  if (locator && 'column' in locator) return typeof locator.column === 'string' ? locator.column : (locator.column[0] ?? fieldName(`lines.${field}`));
  return fieldName(`lines.${field}`);
}

export interface ManualFix {
  readonly why: string;
  /** The row as the page numbers it (第 3 行, 序号 3). */
  readonly row: string;
  readonly column: string;
  readonly value: number | boolean;
}

export function manualFixText(fix: ManualFix): string {
  // A row label may carry the group (第 3 行 · 组号 1): the row alone says where to go.
  const row = fix.row.split(' · ')[0]!;
  const step = typeof fix.value === 'boolean' ? t('fix.step.check') : t('fix.step.set', { value: String(fix.value) });
  return t('fix.failed', { why: fix.why, row, column: fix.column, step });
}

const noteKey = (finding: Finding, action: Action) => `${findingKey(finding)}\u0000${action.type}`;

/** Failed fixes of this page load, by finding and action. */
export class FailedFixes {
  private readonly failures = new Map<string, string>();

  note(finding: Finding, action: Action, result: WriteBackResult): void {
    if (!result.ok) this.failures.set(noteKey(finding, action), result.message);
  }

  why(finding: Finding, action: Action): string | undefined {
    return this.failures.get(noteKey(finding, action));
  }
}
