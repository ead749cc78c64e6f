import type { ReviewFilters } from '../contract/review/review-filters';
import type { DailyRow, OverrideDimension, OverrideRow, ReasonRow, RuleRow, Summary } from '../contract/review/stats';
import { addDays, dayOf, startOfDay } from '../contract/review/zoned-time';
import type { FlagEvent } from '../contract/flag-event';
import { DecimalSum } from './decimal-sum';

/**
 * The review filters and statistics over flag-log records, in the page. They count exactly what
 * the hub's SQL counts (hub/src/stats/counters.ts, queries.ts), so the local view and the hub's
 * dashboard agree on the same records: "shown" is a finding-shown event, "decisions" a decision
 * event, "corrected" modified or removed-line, an override a decision to continue.
 */

/** What this workstation is called in lists and groupings: the local log has no other. */
export interface LocalWorkstation {
  id: string;
  label: string;
}

/** A filter's day range as instants (ms); `to` is exclusive, the start of the day after. */
export interface TimeWindow {
  from?: number;
  to?: number;
}

export function timeWindow(filters: ReviewFilters, timeZone: string): TimeWindow {
  return {
    ...(filters.from ? { from: Date.parse(startOfDay(filters.from, timeZone)) } : {}),
    ...(filters.to ? { to: Date.parse(startOfDay(addDays(filters.to, 1), timeZone)) } : {}),
  };
}

function findingOf(event: FlagEvent) {
  return 'finding' in event ? event.finding : undefined;
}

/** Everything but the time window and the verdict (the log has no verdicts: see the source). */
export function matchesFilters(event: FlagEvent, filters: ReviewFilters, workstation: LocalWorkstation): boolean {
  const finding = findingOf(event);
  if (filters.type !== undefined && event.type !== filters.type) return false;
  if (filters.department !== undefined && event.context?.department !== filters.department) return false;
  if (filters.prescriber !== undefined && event.context?.prescriberId !== filters.prescriber) return false;
  if (filters.ruleId !== undefined && finding?.ruleId !== filters.ruleId) return false;
  if (filters.kind !== undefined && finding?.kind !== filters.kind) return false;
  if (filters.severity !== undefined && finding?.severity !== filters.severity) return false;
  if (filters.decision !== undefined && (event.type !== 'decision' || event.decision.decision !== filters.decision)) return false;
  if (filters.workstation !== undefined && filters.workstation !== workstation.id && filters.workstation !== workstation.label) return false;
  // The local log holds only what this extension recorded.
  if (filters.source !== undefined && filters.source !== 'extension') return false;
  return true;
}

export function inWindow(at: string, window: TimeWindow): boolean {
  if (window.from === undefined && window.to === undefined) return true;
  const ms = Date.parse(at);
  return (window.from === undefined || ms >= window.from) && (window.to === undefined || ms < window.to);
}

interface Counters {
  events: number;
  shown: number;
  decisions: number;
  continued: number;
  corrected: number;
  ignored: number;
  /** Summed exactly, as the hub's numeric sum does (decimal-sum.ts). */
  amountAtRisk: DecimalSum;
}

const emptyCounters = (): Counters => ({ events: 0, shown: 0, decisions: 0, continued: 0, corrected: 0, ignored: 0, amountAtRisk: new DecimalSum() });

function count(into: Counters, event: FlagEvent): void {
  into.events += 1;
  if (event.type === 'finding-shown') {
    into.shown += 1;
    into.amountAtRisk.add(event.finding.amountAtRisk ?? 0);
  } else if (event.type === 'decision') {
    into.decisions += 1;
    const kind = event.decision.decision;
    if (kind === 'continued') into.continued += 1;
    else if (kind === 'modified' || kind === 'removed-line') into.corrected += 1;
    else if (kind === 'ignored') into.ignored += 1;
  }
}

/** Per key, with null for events that did not say (no department on the page, say). */
class Groups {
  private readonly byKey = new Map<string | null, Counters>();

  add(key: string | null, event: FlagEvent): void {
    let counters = this.byKey.get(key);
    if (!counters) this.byKey.set(key, (counters = emptyCounters()));
    count(counters, event);
  }

  entries(): [string | null, Counters][] {
    return [...this.byKey.entries()];
  }
}

/** SQL's ORDER BY key with NULLS LAST, by code point (the hub's C collation). */
function byKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const QUARTER_HOUR = 15 * 60_000;

/**
 * Every statistic the review views ask for, from one pass over the matching records: the overview
 * asks for five at once over the same filters, and reading the log once is what costs.
 */
export class ReviewTally {
  private readonly types = new Map<string, number>();
  private readonly days = new Map<string, Counters>();
  private readonly rules = new Groups();
  private readonly ruleKinds = new Map<string, string>();
  private readonly dimensions: Record<Exclude<OverrideDimension, 'rule'>, Groups> = { department: new Groups(), prescriber: new Groups(), workstation: new Groups() };
  private readonly reasons = new Map<string | null, number>();
  // Local days change only at quarter hours in every real zone; formatting a date per record is slow.
  private readonly dayOfQuarter = new Map<number, string>();

  constructor(
    private readonly timeZone: string,
    private readonly workstation: LocalWorkstation,
  ) {}

  add(event: FlagEvent): void {
    this.types.set(event.type, (this.types.get(event.type) ?? 0) + 1);

    const day = this.dayOf(event.at);
    let daily = this.days.get(day);
    if (!daily) this.days.set(day, (daily = emptyCounters()));
    count(daily, event);

    if (event.type === 'finding-shown' || event.type === 'decision') {
      const { ruleId, kind } = event.finding;
      this.rules.add(ruleId, event);
      // max(kind), as the hub groups it, should a rule id ever have come with two kinds.
      const before = this.ruleKinds.get(ruleId);
      if (before === undefined || kind > before) this.ruleKinds.set(ruleId, kind);
      this.dimensions.department.add(event.context?.department ?? null, event);
      this.dimensions.prescriber.add(event.context?.prescriberId ?? null, event);
      this.dimensions.workstation.add(this.workstation.id, event);
    }
    if (event.type === 'decision' && event.decision.decision === 'continued') {
      const code = event.decision.reasonCode ?? null;
      this.reasons.set(code, (this.reasons.get(code) ?? 0) + 1);
    }
  }

  summary(): Summary {
    const byType = Object.fromEntries([...this.types.entries()].sort(([a], [b]) => byKey(a, b)));
    return { total: Object.values(byType).reduce((sum, n) => sum + n, 0), byType };
  }

  daily(): DailyRow[] {
    return [...this.days.entries()]
      .sort(([a], [b]) => byKey(a, b))
      .map(([day, c]) => ({ day, shown: c.shown, decisions: c.decisions, continued: c.continued, corrected: c.corrected, ignored: c.ignored }));
  }

  topRules(limit: number): RuleRow[] {
    return this.rules
      .entries()
      .sort(([ka, a], [kb, b]) => b.shown - a.shown || b.decisions - a.decisions || byKey(ka, kb))
      .slice(0, limit)
      .map(([ruleId, c]) => ({
        ruleId: ruleId!,
        kind: this.ruleKinds.get(ruleId!) ?? null,
        shown: c.shown,
        decisions: c.decisions,
        continued: c.continued,
        corrected: c.corrected,
        ignored: c.ignored,
        amountAtRisk: c.amountAtRisk.value(),
      }));
  }

  overrides(dimension: OverrideDimension, limit: number): OverrideRow[] {
    const groups = dimension === 'rule' ? this.rules : this.dimensions[dimension];
    return groups
      .entries()
      .filter(([, c]) => c.decisions > 0)
      .sort(([ka, a], [kb, b]) => b.decisions - a.decisions || byKey(ka, kb))
      .slice(0, limit)
      .map(([key, c]) => ({ key, decisions: c.decisions, continued: c.continued, corrected: c.corrected, ignored: c.ignored, overrideRate: c.continued / c.decisions }));
  }

  overrideReasons(limit: number): ReasonRow[] {
    return [...this.reasons.entries()]
      .sort(([ka, a], [kb, b]) => b - a || byKey(ka, kb))
      .slice(0, limit)
      .map(([reasonCode, n]) => ({ reasonCode, count: n }));
  }

  private dayOf(at: string): string {
    const ms = Date.parse(at);
    const quarter = Math.floor(ms / QUARTER_HOUR);
    let day = this.dayOfQuarter.get(quarter);
    if (day === undefined) this.dayOfQuarter.set(quarter, (day = dayOf(new Date(quarter * QUARTER_HOUR), this.timeZone)));
    return day;
  }
}
