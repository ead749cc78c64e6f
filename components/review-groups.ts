import type { Finding } from '../contract/findings';
import { bySeverity } from './finding-list';

export interface ReviewGroup {
  /** Undefined for findings about the whole order. */
  lineId: string | undefined;
  /** The group's items, most severe first, each with its index in the dialog's list. */
  items: Array<{ finding: Finding; index: number }>;
}

/**
 * The review's items grouped by row: rows with a critical item first, then in the order the rows
 * first appear; order-level findings form a group of their own. Indices stay those of the list.
 */
export function reviewGroups(findings: readonly Finding[]): ReviewGroup[] {
  const groups = new Map<string | undefined, ReviewGroup>();
  findings.forEach((finding, index) => {
    const group = groups.get(finding.lineId) ?? { lineId: finding.lineId, items: [] };
    group.items.push({ finding, index });
    groups.set(finding.lineId, group);
  });
  const sorted = [...groups.values()].map((g) => ({ ...g, items: bySeverity(g.items.map((i) => ({ ...i, severity: i.finding.severity }))).map(({ finding, index }) => ({ finding, index })) }));
  return bySeverity(sorted.map((group) => ({ group, severity: group.items[0]!.finding.severity }))).map((e) => e.group);
}
