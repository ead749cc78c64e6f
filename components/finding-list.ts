import type { Finding, Severity } from '../contract/findings';

/** Pure helpers over a list of findings, shared by the badge, markers, panel and review. */

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** Most severe first; the original order (the engine's line order) is kept within a severity. */
export function bySeverity<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index)
    .map((entry) => entry.finding);
}

export function highestSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity | undefined {
  let best: Severity | undefined;
  for (const f of findings) if (best === undefined || SEVERITY_RANK[f.severity] < SEVERITY_RANK[best]) best = f.severity;
  return best;
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * A key for a finding within one result. A rule can report more than one finding on a line
 * (a violation and a data gap of another kind), so the kind is part of it.
 */
export function findingKey(finding: Pick<Finding, 'ruleId' | 'lineId' | 'kind'>): string {
  return `${finding.ruleId}\u0000${finding.lineId ?? ''}\u0000${finding.kind}`;
}

/** A finding concerns a line when it sits on it or names it as related (duplicates). */
export function concernsLine(finding: Pick<Finding, 'lineId' | 'relatedLineIds'>, lineId: string): boolean {
  return finding.lineId === lineId || (finding.relatedLineIds?.includes(lineId) ?? false);
}

/** Every line id any finding concerns, in first-seen order. */
export function flaggedLineIds(findings: readonly Finding[]): string[] {
  const ids = new Set<string>();
  for (const f of findings) {
    if (f.lineId !== undefined) ids.add(f.lineId);
    for (const id of f.relatedLineIds ?? []) ids.add(id);
  }
  return [...ids];
}

export interface LineGroup {
  /** Undefined for findings about the whole order (missing diagnosis, order-level duplicates). */
  lineId: string | undefined;
  findings: Finding[];
}

/**
 * Groups findings by the line they sit on, each group sorted by severity and the groups ordered by
 * their worst finding, so the line that most needs attention comes first. Order-level findings
 * form one group of their own.
 */
export function groupByLine(findings: readonly Finding[]): LineGroup[] {
  const groups = new Map<string | undefined, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.lineId);
    if (list) list.push(f);
    else groups.set(f.lineId, [f]);
  }
  const result = [...groups].map(([lineId, list]) => ({ lineId, findings: bySeverity(list) }));
  return bySeverity(result.map((g) => ({ group: g, severity: g.findings[0]!.severity }))).map((e) => e.group);
}

/**
 * Total amount at risk. Several findings on one line usually each report the whole line's amount,
 * so a line counts once, at its largest amount; order-level findings add up.
 */
export function totalAmountAtRisk(findings: readonly Finding[]): number {
  const perLine = new Map<string, number>();
  let orderLevel = 0;
  for (const f of findings) {
    const amount = f.amountAtRisk ?? 0;
    if (f.lineId === undefined) orderLevel += amount;
    else perLine.set(f.lineId, Math.max(perLine.get(f.lineId) ?? 0, amount));
  }
  let total = orderLevel;
  for (const amount of perLine.values()) total += amount;
  return Math.round(total * 100) / 100;
}
