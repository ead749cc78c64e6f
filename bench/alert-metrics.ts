import type { Finding, RuleKind, Severity } from '../contract/findings';

/**
 * What a day of orders costs the doctor in alerts, and whether the alerts find what is wrong.
 * Pure over the checked orders, so the definitions are tested apart from the engine and the pack.
 */

export interface CheckedOrder {
  orderId: string;
  /** The one violation the generator put in, if any. */
  planted?: { kind: RuleKind; lineId: string };
  findings: readonly Finding[];
  /** The findings that would stop the submission for a decision (the pre-submit review). */
  interruptive: readonly Finding[];
}

export interface Duplicate {
  orderId: string;
  lineId: string | undefined;
  kind: RuleKind;
  /** Every finding of that (line, kind), the first included. */
  findings: readonly Finding[];
}

export interface AlertMetrics {
  orders: number;
  interruptivePer10: number;
  perOrder: Record<Severity, number>;
  duplicates: number;
  planted: number;
  found: number;
  /** found / planted; 1 when nothing was planted. */
  recall: number;
}

/** One finding per problem per line: every further finding of one kind on one line is a duplicate. */
export function duplicatesIn(order: CheckedOrder): Duplicate[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of order.findings) {
    const key = `${finding.lineId ?? ''}\u0000${finding.kind}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({ orderId: order.orderId, lineId: group[0]!.lineId, kind: group[0]!.kind, findings: group }));
}

/** A planted violation counts as found when a finding of its kind lands on its line. */
export function foundPlanted(order: CheckedOrder): boolean | undefined {
  const planted = order.planted;
  if (!planted) return undefined;
  return order.findings.some((f) => f.kind === planted.kind && f.lineId === planted.lineId);
}

export function measure(orders: readonly CheckedOrder[]): AlertMetrics {
  const n = orders.length;
  const perOrder: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  let interruptive = 0;
  let duplicates = 0;
  let planted = 0;
  let found = 0;
  for (const order of orders) {
    for (const finding of order.findings) perOrder[finding.severity]++;
    interruptive += order.interruptive.length;
    for (const duplicate of duplicatesIn(order)) duplicates += duplicate.findings.length - 1;
    const hit = foundPlanted(order);
    if (hit !== undefined) {
      planted++;
      if (hit) found++;
    }
  }
  const per = (count: number) => (n === 0 ? 0 : count / n);
  return {
    orders: n,
    interruptivePer10: per(interruptive) * 10,
    perOrder: { critical: per(perOrder.critical), warning: per(perOrder.warning), info: per(perOrder.info) },
    duplicates,
    planted,
    found,
    recall: planted === 0 ? 1 : found / planted,
  };
}

/**
 * The summary line, last in the bench's output so tools can read it:
 * `alerts: interruptive per 10 orders 0.8, findings per order critical 0.06 warning 0.21 info 0.40, duplicates 0, recall 100%`.
 * Recall is rounded down, so 100% means every planted violation was found.
 */
export function summaryLine(m: AlertMetrics): string {
  const p = m.perOrder;
  const recall = Math.floor(m.recall * 1000) / 10;
  return (
    `alerts: interruptive per 10 orders ${m.interruptivePer10.toFixed(1)}, ` +
    `findings per order critical ${p.critical.toFixed(2)} warning ${p.warning.toFixed(2)} info ${p.info.toFixed(2)}, ` +
    `duplicates ${m.duplicates}, recall ${Number.isInteger(recall) ? recall.toFixed(0) : recall.toFixed(1)}%`
  );
}

export const TARGETS = {
  interruptivePer10: 1,
  duplicates: 0,
  recall: 1,
} as const;

export function targetChecks(m: AlertMetrics): { label: string; met: boolean }[] {
  return [
    { label: `interruptive per 10 orders ${m.interruptivePer10.toFixed(1)} ≤ ${TARGETS.interruptivePer10}`, met: m.interruptivePer10 <= TARGETS.interruptivePer10 },
    { label: `duplicates ${m.duplicates} = ${TARGETS.duplicates}`, met: m.duplicates <= TARGETS.duplicates },
    { label: `recall ${m.found}/${m.planted} = 100%`, met: m.recall >= TARGETS.recall },
  ];
}
