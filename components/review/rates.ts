import type { OverrideRow, RuleRow, RuleVerdictCounts } from '../../contract/review/stats';
import type { RuleReport } from '../../contract/review/rule-reports';

/**
 * Rule health for the 医保办: how often doctors override a rule and how often 质控 finds its
 * flags were 误报. A rule is highlighted when either rate is high over enough events to mean
 * something — a rule overridden 2 times out of 3 says little, 30 out of 40 says a lot.
 */

export interface HighlightThresholds {
  /** Share of decisions where the doctor continued. */
  overrideRate: number;
  /** Share of reviewed events judged 误报. */
  falsePositiveRate: number;
  /** The fewest decisions (for the override rate) or reviewed events (for 误报) a rate needs to count. */
  minEvents: number;
}

export const HIGHLIGHT: HighlightThresholds = { overrideRate: 0.5, falsePositiveRate: 0.3, minEvents: 10 };

export type HealthFlag = 'override-high' | 'false-positive-high';

export interface RuleHealth {
  ruleId: string;
  kind: string | null;
  shown: number;
  decisions: number;
  continued: number;
  /** null when no decision was recorded. */
  overrideRate: number | null;
  reviewed: number;
  confirmed: number;
  falsePositive: number;
  justified: number;
  /** null when nothing was reviewed. */
  falsePositiveRate: number | null;
  reports: RuleReport[];
  flags: HealthFlag[];
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** True when `value` reaches `threshold` over at least `minEvents` events. */
export function isHigh(value: number | null, events: number, threshold: number, minEvents: number): boolean {
  return value !== null && events >= minEvents && value >= threshold - 1e-9;
}

export function healthFlags(
  row: Pick<RuleHealth, 'overrideRate' | 'decisions' | 'falsePositiveRate' | 'reviewed'>,
  thresholds: HighlightThresholds = HIGHLIGHT,
): HealthFlag[] {
  const flags: HealthFlag[] = [];
  if (isHigh(row.overrideRate, row.decisions, thresholds.overrideRate, thresholds.minEvents)) flags.push('override-high');
  if (isHigh(row.falsePositiveRate, row.reviewed, thresholds.falsePositiveRate, thresholds.minEvents)) flags.push('false-positive-high');
  return flags;
}

export interface HealthInputs {
  topRules: readonly RuleRow[];
  overrides: readonly OverrideRow[];
  verdicts: readonly RuleVerdictCounts[];
  reports: readonly RuleReport[];
}

/**
 * One row per rule seen in any input, highlighted rules first, then rules with 规则有误
 * reports, then by how much they fired.
 */
export function ruleHealth(inputs: HealthInputs, thresholds: HighlightThresholds = HIGHLIGHT): RuleHealth[] {
  const rows = new Map<string, RuleHealth>();
  const row = (ruleId: string): RuleHealth => {
    let found = rows.get(ruleId);
    if (!found) {
      found = { ruleId, kind: null, shown: 0, decisions: 0, continued: 0, overrideRate: null, reviewed: 0, confirmed: 0, falsePositive: 0, justified: 0, falsePositiveRate: null, reports: [], flags: [] };
      rows.set(ruleId, found);
    }
    return found;
  };
  for (const r of inputs.topRules) {
    const target = row(r.ruleId);
    target.kind = r.kind;
    target.shown = r.shown;
    target.decisions = r.decisions;
    target.continued = r.continued;
  }
  // The override list is ordered by decisions, the top-rules list by shown: a rule may be in one only.
  for (const o of inputs.overrides) {
    if (o.key === null) continue;
    const target = row(o.key);
    target.decisions = o.decisions;
    target.continued = o.continued;
  }
  for (const v of inputs.verdicts) Object.assign(row(v.ruleId), { reviewed: v.reviewed, confirmed: v.confirmed, falsePositive: v.falsePositive, justified: v.justified });
  for (const report of inputs.reports) row(report.ruleId).reports.push(report);
  for (const r of rows.values()) {
    r.overrideRate = rate(r.continued, r.decisions);
    r.falsePositiveRate = rate(r.falsePositive, r.reviewed);
    r.flags = healthFlags(r, thresholds);
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.flags.length - a.flags.length ||
      Number(b.reports.length > 0) - Number(a.reports.length > 0) ||
      b.shown + b.decisions - (a.shown + a.decisions) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
