import type { Finding } from '../../../contract/findings';
import type { OrderLine } from '../../../contract/order';
import { lineLabel, makeFinding } from '../finding';
import type { QuantityRule } from './params';

/** The checks of a quantity rule, as named to the doctor when one of them could not run. */
export type QuantityCheck = '处方天数' | '开具数量' | '日剂量' | '总量';

/**
 * Collects what could not be verified. Several checks often miss the same datum (no 频次 stops
 * both the daily-dose and the total check), so gaps are grouped by what is missing: one `data`
 * finding per missing datum, naming every check it stopped.
 */
export class DataGaps {
  private readonly byGap = new Map<string, { checks: Set<QuantityCheck>; detail: string | undefined }>();

  add(gap: string, check: QuantityCheck, detail?: string): void {
    const entry = this.byGap.get(gap);
    if (entry) entry.checks.add(check);
    else this.byGap.set(gap, { checks: new Set([check]), detail: detail === gap ? undefined : detail });
  }

  findings(rule: QuantityRule, line: OrderLine): Finding[] {
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
