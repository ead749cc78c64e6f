import type { Finding, Severity } from '../../contract/findings';
import { basesOf, setBases } from '../kinds/finding';
import { restrictionKey } from '../pack/restriction-key';
import type { CompiledRule } from './compile';

/**
 * One finding per problem on a line. The import keeps one rule per restriction and code, but a
 * pack built before it did, or two hand-written rules, may still hold two rules of one kind with
 * equal params on a code: their findings say the same thing. A later one merges into the earlier
 * one, which then names both 依据.
 */

/** The restriction a rule states, worked out on its first finding and kept on the compiled rule. */
function keyOf(rule: CompiledRule): string {
  return (rule.restrictionKey ??= restrictionKey(rule.rule.kind, rule.rule.params as Record<string, unknown>));
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Folds `from` into `into`: both 依据 named, the stricter severity, passive only if both were. */
export function mergeFinding(into: Finding, from: Finding): void {
  setBases(into, [...basesOf(into), ...basesOf(from)]);
  if (RANK[from.severity] > RANK[into.severity]) into.severity = from.severity;
  // Either rule asking to stop the submission is enough to stop it.
  if (!from.passive) delete into.passive;
}

/** The findings of one line, rule by rule, with twins merged. */
export class LineFindings {
  readonly findings: Finding[] = [];
  private readonly byRule: { rule: CompiledRule; findings: Finding[] }[] = [];

  add(rule: CompiledRule, findings: readonly Finding[]): void {
    // Most rules find nothing on most lines: nothing to merge, nothing to remember.
    if (findings.length === 0) return;
    const twin = this.byRule.find((p) => p.rule.rule.kind === rule.rule.kind && keyOf(p.rule) === keyOf(rule));
    if (!twin) {
      this.byRule.push({ rule, findings: [...findings] });
      this.findings.push(...findings);
      return;
    }
    for (const finding of findings) {
      const same = twin.findings.find((f) => f.kind === finding.kind && f.lineId === finding.lineId && f.message === finding.message);
      if (same) mergeFinding(same, finding);
      else {
        twin.findings.push(finding);
        this.findings.push(finding);
      }
    }
  }
}
