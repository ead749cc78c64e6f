import type { Finding } from '../../../contract/findings';
import type { OrderLine } from '../../../contract/order';
import { fieldName } from '../../../contract/order-fields';
import { lineLabel, makeFinding } from '../finding';
import type { QuantityRule } from './params';

/** The checks of a quantity rule, as named to the doctor when one of them could not run. */
export type QuantityCheck = '处方天数' | '开具数量' | '日剂量' | '总量';

/**
 * Collects what could not be verified. Several checks often miss the same datum (no 频次 stops
 * both the daily-dose and the total check), so gaps are grouped by what is missing: one `data`
 * finding per missing datum, naming every check it stopped.
 */
/** The field behind each "not filled" gap (line-data.ts), to say 页面未读取 when the page lacks the column. */
const GAP_FIELDS: Readonly<Record<string, string>> = {
  未填天数: 'lines.days',
  未填数量: 'lines.quantity',
  未填数量单位: 'lines.unit',
  未填单次剂量: 'lines.dose',
  未填剂量单位: 'lines.doseUnit',
  未填频次: 'lines.frequency',
  未填规格: 'lines.spec',
};

export class DataGaps {
  // Made on the first gap: most lines have none.
  private byGap: Map<string, { checks: Set<QuantityCheck>; detail: string | undefined }> | undefined;

  /** `unread`: fields the page could not read (Order.unread), which were not "not filled". */
  constructor(private readonly unread?: ReadonlySet<string>) {}

  add(found: string, check: QuantityCheck, detail?: string): void {
    const field = GAP_FIELDS[found];
    const gap = field !== undefined && this.unread?.has(field) ? `页面未读取${fieldName(field)}` : found;
    this.byGap ??= new Map();
    const entry = this.byGap.get(gap);
    if (entry) entry.checks.add(check);
    else this.byGap.set(gap, { checks: new Set([check]), detail: detail === found ? undefined : detail });
  }

  findings(rule: QuantityRule, line: OrderLine): Finding[] {
    if (!this.byGap) return [];
    return [...this.byGap].map(([gap, { checks, detail }]) =>
      makeFinding(rule, line, {
        kind: 'data',
        severity: 'info',
        message: `${lineLabel(line)} ${gap}，未核对${[...checks].join('、')}`,
        ...(detail ? { detail } : {}),
        amountAtRisk: 0,
      }),
    );
  }
}
