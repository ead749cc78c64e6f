import type { DecisionKind } from '../../contract/decision';
import type { Finding } from '../../contract/findings';
import { findingKey } from '../../components/finding-list';

/**
 * What the doctor has already seen and decided about in the current order, so that alerts do not
 * repeat: a finding is reported as shown once per order, a finding the doctor dismissed stays
 * hidden for the rest of the order, and one continued with a reason is not asked about again.
 *
 * Identity of a finding is its rule, line and kind — not its message, which changes with the
 * numbers typed ("超过 7 天上限，超出 7 天" → "超出 23 天" is the same finding). One rule can
 * report two findings of one kind on one line (the day limit and the total quantity), so the
 * ordinal among equal keys is part of the identity.
 */

export interface ResolvedFinding {
  finding: Finding;
  /** The line is gone (`removed-line`) or still there without the finding (`modified`). */
  decision: Extract<DecisionKind, 'modified' | 'removed-line'>;
}

export interface LedgerUpdate {
  /** Findings appearing for the first time in this order. */
  firstShown: Finding[];
  /** Findings that went away since the last result, and had no decision recorded yet. */
  resolved: ResolvedFinding[];
}

/** The identity of each finding in one result, in the result's order. */
export function findingIdentities(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = findingKey(finding);
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return `${key}\u0000${ordinal}`;
  });
}

export class FindingLedger {
  private orderId: string | undefined;
  private shown = new Set<string>();
  private active = new Map<string, Finding>();
  private dismissed = new Set<string>();
  private continued = new Set<string>();
  /** Identities with a decision logged since they last appeared. */
  private decided = new Set<string>();
  private identityOf = new WeakMap<Finding, string>();

  get currentOrderId(): string | undefined {
    return this.orderId;
  }

  /** Switches to `orderId`; everything remembered about another order is forgotten. */
  useOrder(orderId: string): boolean {
    if (orderId === this.orderId) return false;
    this.orderId = orderId;
    this.shown.clear();
    this.active.clear();
    this.dismissed.clear();
    this.continued.clear();
    this.decided.clear();
    return true;
  }

  /** Takes a new result for the current order; `lineIds` are the lines the page still has. */
  update(findings: readonly Finding[], lineIds: ReadonlySet<string>): LedgerUpdate {
    const identities = findingIdentities(findings);
    const next = new Map<string, Finding>();
    const firstShown: Finding[] = [];
    findings.forEach((finding, i) => {
      const id = identities[i]!;
      this.identityOf.set(finding, id);
      next.set(id, finding);
      if (!this.shown.has(id)) {
        this.shown.add(id);
        firstShown.push(finding);
      }
      // Back after going away: whatever was decided then does not answer it now.
      if (!this.active.has(id)) this.decided.delete(id);
    });
    const resolved: ResolvedFinding[] = [];
    for (const [id, finding] of this.active) {
      if (next.has(id)) continue;
      this.continued.delete(id);
      if (this.decided.has(id)) continue;
      this.decided.add(id);
      const gone = finding.lineId !== undefined && !lineIds.has(finding.lineId);
      resolved.push({ finding, decision: gone ? 'removed-line' : 'modified' });
    }
    this.active = next;
    return { firstShown, resolved };
  }

  /** 本次不再提示: hidden for the rest of this order. Returns false if it already was. */
  dismiss(finding: Finding): boolean {
    const id = this.idOf(finding);
    if (this.dismissed.has(id)) return false;
    this.dismissed.add(id);
    this.decided.add(id);
    return true;
  }

  /** Continued with a reason at the review: not asked again while it stays. */
  markContinued(finding: Finding): void {
    const id = this.idOf(finding);
    this.continued.add(id);
    this.decided.add(id);
  }

  /** A decision was logged by other means (a one-click fix): its disappearance is not logged again. */
  markDecided(finding: Finding): void {
    this.decided.add(this.idOf(finding));
  }

  isDismissed(finding: Finding): boolean {
    return this.dismissed.has(this.idOf(finding));
  }

  isContinued(finding: Finding): boolean {
    return this.continued.has(this.idOf(finding));
  }

  /** The identity given to a finding of the latest result (computed for a foreign object). */
  idOf(finding: Finding): string {
    return this.identityOf.get(finding) ?? `${findingKey(finding)}\u00000`;
  }
}
