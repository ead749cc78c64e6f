import { RULE_KINDS, type Finding, type Severity } from '../contract/findings';
import { duplicatesIn, foundPlanted, summaryLine, targetChecks, type AlertMetrics, type CheckedOrder } from './alert-metrics';

/** The bench's printed report: short tables a reviewer reads, then the targets, then the summary line. */

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

function table(rows: readonly (readonly (string | number)[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c]!)).join('  ').trimEnd());
}

function byKindAndSeverity(orders: readonly CheckedOrder[]): string[] {
  const counts = new Map<string, Record<Severity, number>>();
  for (const order of orders) {
    for (const f of order.findings) {
      const row = counts.get(f.kind) ?? { critical: 0, warning: 0, info: 0 };
      row[f.severity]++;
      counts.set(f.kind, row);
    }
  }
  const rows: (string | number)[][] = [['kind', ...SEVERITIES]];
  for (const kind of RULE_KINDS) {
    const row = counts.get(kind);
    if (row) rows.push([kind, ...SEVERITIES.map((s) => row[s])]);
  }
  const total = SEVERITIES.map((s) => [...counts.values()].reduce((sum, r) => sum + r[s], 0));
  rows.push(['all', ...total]);
  return table(rows);
}

/** Asks the doctor to confirm something the page cannot show, rather than saying it is wrong. */
const asksToConfirm = (f: Finding) => f.actions.some((a) => a.type === 'confirm');

function onCleanOrders(orders: readonly CheckedOrder[], top: number): string[] {
  const byRule = new Map<string, { finding: Finding; count: number; interruptive: number; orders: string[] }>();
  for (const order of orders) {
    if (order.planted) continue;
    for (const f of order.findings) {
      const key = `${f.ruleId}\u0000${f.kind}\u0000${f.severity}`;
      const entry = byRule.get(key) ?? { finding: f, count: 0, interruptive: 0, orders: [] };
      entry.count++;
      if (order.interruptive.includes(f)) entry.interruptive++;
      if (entry.orders.length < 3 && !entry.orders.includes(order.orderId)) entry.orders.push(order.orderId);
      byRule.set(key, entry);
    }
  }
  const entries = [...byRule.values()].sort((a, b) => b.interruptive - a.interruptive || b.count - a.count);
  if (entries.length === 0) return ['  none'];
  const lines: string[] = [];
  for (const e of entries.slice(0, top)) {
    const f = e.finding;
    const confirm = asksToConfirm(f) ? ' · asks to confirm' : '';
    lines.push(`  ${e.count}× ${f.severity} ${f.kind} ${f.ruleId}${e.interruptive ? ` · ${e.interruptive} interrupt` : ''}${confirm} (${e.orders.join(', ')})`);
    lines.push(`      ${f.message}`);
  }
  if (entries.length > top) lines.push(`  … and ${entries.length - top} more rules`);
  return lines;
}

function duplicateLines(orders: readonly CheckedOrder[]): string[] {
  const lines: string[] = [];
  for (const order of orders) {
    for (const d of duplicatesIn(order)) {
      lines.push(`  ${d.orderId} line ${d.lineId ?? '-'} ${d.kind}: ${d.findings.map((f) => f.ruleId).join(' + ')}`);
      for (const f of d.findings) lines.push(`      ${f.message}`);
    }
  }
  return lines.length > 0 ? lines : ['  none'];
}

function plantedLines(orders: readonly CheckedOrder[], what: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const order of orders) {
    const hit = foundPlanted(order);
    if (hit === undefined) continue;
    const p = order.planted!;
    lines.push(`  ${hit ? '✓' : '✗'} ${order.orderId} line ${p.lineId} ${p.kind}: ${what.get(order.orderId) ?? ''}`);
  }
  return lines;
}

export function report(orders: readonly CheckedOrder[], metrics: AlertMetrics, context: { pack: string; what: ReadonlyMap<string, string> }): string[] {
  const clean = orders.filter((o) => !o.planted).length;
  return [
    `alert mix: ${orders.length} orders (${clean} clean by design, ${orders.length - clean} with one planted violation), pack ${context.pack}, default settings`,
    '',
    'findings by kind and severity:',
    ...byKindAndSeverity(orders).map((l) => `  ${l}`),
    '',
    'planted violations:',
    ...plantedLines(orders, context.what),
    '',
    'findings on clean-by-design orders, by rule (interrupting first):',
    ...onCleanOrders(orders, 15),
    '',
    'duplicates (more than one finding of a kind on a line):',
    ...duplicateLines(orders),
    '',
    'targets:',
    ...targetChecks(metrics).map((t) => `  ${t.met ? '✓' : '✗'} ${t.label}`),
    '',
    summaryLine(metrics),
  ];
}
