import type { ReviewFilters } from './review-filters';
import type { DailyRow, OverrideDimension, OverrideRow, ReasonRow, RuleRow, RuleVerdictCounts, Summary } from './stats';
import type { EventDetail, EventPage } from './events';
import type { RuleReport, RuleReportInput } from './rule-reports';
import type { VerdictInput, VerdictRecord } from './verdicts';
import type { OrderGroup, OrderPage } from './orders';
import type { Names, NamesQuery } from './names';

/**
 * Where the review views get their data. The hub dashboard reads the hub's API; the extension
 * answers the same calls from its local flag log (log/review-source.ts), and the views do not know
 * the difference.
 * Every read takes an AbortSignal: leaving a view or changing a filter cancels what it started.
 */

export interface ReviewCapabilities {
  readEvents: boolean;
  readStats: boolean;
  writeVerdicts: boolean;
  writeReports: boolean;
  readReports: boolean;
  /**
   * False for a source that keeps no 质控 verdicts at all (the extension's own flag log): the views
   * leave out verdict columns, filters and history instead of showing them empty. Absent: true.
   */
  verdicts?: boolean;
  /**
   * False when every event is this workstation's own and never went through a hub: no workstation
   * column, filter or grouping, no hub receipt time. Absent: true.
   */
  workstations?: boolean;
}

export const hasVerdicts = (capabilities: ReviewCapabilities): boolean => capabilities.verdicts !== false;
export const hasWorkstations = (capabilities: ReviewCapabilities): boolean => capabilities.workstations !== false;

export interface ReviewDataSource {
  readonly capabilities: ReviewCapabilities;
  /** The zone calendar days are counted in. */
  readonly timeZone: string;
  listEvents(filters: ReviewFilters, page: { cursor?: string; limit: number }, signal?: AbortSignal): Promise<EventPage>;
  eventDetail(eventId: string, signal?: AbortSignal): Promise<EventDetail>;
  /** The orders the filters select, newest first, each with its findings (review by prescription). */
  listOrders(filters: ReviewFilters, page: { cursor?: string; limit: number }, signal?: AbortSignal): Promise<OrderPage>;
  /** One order by its `key`, with every verdict on its findings. */
  orderDetail(key: string, signal?: AbortSignal): Promise<OrderGroup>;
  /** Names for ids (rules, doctors, workstations); ids without one are left out of the answer. */
  names(query: NamesQuery, signal?: AbortSignal): Promise<Names>;
  summary(filters: ReviewFilters, signal?: AbortSignal): Promise<Summary>;
  daily(filters: ReviewFilters, signal?: AbortSignal): Promise<DailyRow[]>;
  topRules(filters: ReviewFilters, limit: number, signal?: AbortSignal): Promise<RuleRow[]>;
  overrides(dimension: OverrideDimension, filters: ReviewFilters, limit: number, signal?: AbortSignal): Promise<OverrideRow[]>;
  overrideReasons(filters: ReviewFilters, limit: number, signal?: AbortSignal): Promise<ReasonRow[]>;
  verdictCounts(filters: ReviewFilters, signal?: AbortSignal): Promise<RuleVerdictCounts[]>;
  ruleReports(query: { ruleId?: string; limit?: number }, signal?: AbortSignal): Promise<RuleReport[]>;
  recordVerdict(eventId: string, input: VerdictInput): Promise<VerdictRecord>;
  reportRule(input: RuleReportInput): Promise<RuleReport>;
}

export type SourceErrorKind = 'unauthenticated' | 'forbidden' | 'not-found' | 'invalid' | 'malformed' | 'network' | 'server' | 'cancelled';

/** A failure the views show as it is: a 403 says "your role may not", not "something went wrong". */
export class ReviewSourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly status?: number,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ReviewSourceError';
  }
}

export function isCancelled(error: unknown): boolean {
  return (error instanceof ReviewSourceError && error.kind === 'cancelled') || (error instanceof DOMException && error.name === 'AbortError');
}
