import type { Finding } from '../../contract/findings';
import type { FindingRef } from '../../contract/decision';
import { hashParts } from './hash';

/** The reference a decision uses to answer a finding of an order. */
export function refOf(orderId: string, finding: Pick<Finding, 'ruleId' | 'lineId'>): FindingRef {
  const ref: FindingRef = { orderId, ruleId: finding.ruleId };
  if (finding.lineId !== undefined) ref.lineId = finding.lineId;
  return ref;
}

/**
 * 3101 jr_id (违规标识) of a finding. Derived from the reference alone, so the 3103 feedback can be
 * built from a stored decision without keeping the 3101 response around.
 */
export function jrIdOf(ref: FindingRef): string {
  return `jr-${hashParts([ref.orderId, ref.ruleId, ref.lineId])}`;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { critical: 0, warning: 1, info: 2 };

/** The findings of one rule on one line of an order: what a doctor decides on, and what outside formats report once. */
export interface FindingGroup {
  ref: FindingRef;
  /** jrIdOf(ref), made once while grouping. */
  jrId: string;
  /** Most severe first; the first finding speaks for the group. */
  findings: [Finding, ...Finding[]];
}

/**
 * Groups findings that share a reference (a rule may report a violation and a data gap on the
 * same line), so each 3101 jr_id and each card uuid stays unique and a decision answers all of them.
 * Groups keep the order of their first finding.
 */
export function groupByRef(orderId: string, findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const ref = refOf(orderId, finding);
    const key = jrIdOf(ref);
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { ref, jrId: key, findings: [finding] });
  }
  for (const group of groups.values()) {
    group.findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  }
  return [...groups.values()];
}
