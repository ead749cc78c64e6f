import { z } from 'zod';
import { ReviewSourceError, type ReviewCapabilities, type ReviewDataSource } from '../../contract/review/data-source';
import { eventListParams, statsParams, type ReviewFilters } from '../../contract/review/review-filters';
import { DailyRowSchema, OverrideRowSchema, ReasonRowSchema, RuleRowSchema, RuleVerdictCountsSchema, SummarySchema } from '../../contract/review/stats';
import { EventDetailSchema, EventPageSchema } from '../../contract/review/events';
import { RuleReportInputSchema, RuleReportSchema } from '../../contract/review/rule-reports';
import { VerdictInputSchema, VerdictRecordSchema } from '../../contract/review/verdicts';
import type { Session } from '../../contract/roles';
import { OrderGroupSchema, OrderPageSchema } from '../../contract/review/orders';
import { NamesSchema } from '../../contract/review/names';
import type { HubClient } from './api-client';

/** The review views' data source over the hub's API (hub/README.md), for the signed-in token. */

const DailyAnswer = z.object({ timeZone: z.string(), days: z.array(DailyRowSchema) });
const TopRulesAnswer = z.object({ rules: z.array(RuleRowSchema) });
const OverridesAnswer = z.object({ dimension: z.string(), rows: z.array(OverrideRowSchema) });
const ReasonsAnswer = z.object({ reasons: z.array(ReasonRowSchema) });
const VerdictCountsAnswer = z.object({ rows: z.array(RuleVerdictCountsSchema) });
const ReportsAnswer = z.object({ reports: z.array(RuleReportSchema) });

/** Input checked here with the hub's own schema, so a bad form value fails before any request. */
function checked<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
  throw new ReviewSourceError('invalid', 'the form has invalid values', undefined, details);
}

export function capabilitiesOf(session: Session): ReviewCapabilities {
  const has = (permission: Session['permissions'][number]) => session.permissions.includes(permission);
  return {
    readEvents: has('events:read'),
    readStats: has('stats:read'),
    writeVerdicts: has('verdicts:write'),
    writeReports: has('rule-reports:write'),
    readReports: has('rule-reports:read'),
  };
}

export function hubSource(client: HubClient, session: Session): ReviewDataSource {
  const zone = session.timeZone;
  const stats = (filters: ReviewFilters, extra: Record<string, string | number> = {}) => ({ ...statsParams(filters, zone), ...extra });
  return {
    capabilities: capabilitiesOf(session),
    timeZone: zone,
    listEvents: (filters, page, signal) =>
      client.get('/events', { ...eventListParams(filters, zone), limit: page.limit, cursor: page.cursor }, EventPageSchema, signal),
    eventDetail: (eventId, signal) => client.get(`/events/${encodeURIComponent(eventId)}`, {}, EventDetailSchema, signal),
    listOrders: (filters, page, signal) =>
      client.get('/orders', { ...eventListParams(filters, zone), limit: page.limit, cursor: page.cursor }, OrderPageSchema, signal),
    orderDetail: (key, signal) => client.get('/orders/one', { key }, OrderGroupSchema, signal),
    names: (query, signal) => client.post('/names', query, NamesSchema, signal),
    summary: (filters, signal) => client.get('/stats/summary', stats(filters), SummarySchema, signal),
    daily: async (filters, signal) => (await client.get('/stats/daily', stats(filters), DailyAnswer, signal)).days,
    topRules: async (filters, limit, signal) => (await client.get('/stats/top-rules', stats(filters, { limit }), TopRulesAnswer, signal)).rules,
    overrides: async (dimension, filters, limit, signal) =>
      (await client.get(`/stats/overrides/${dimension}`, stats(filters, { limit }), OverridesAnswer, signal)).rows,
    overrideReasons: async (filters, limit, signal) => (await client.get('/stats/override-reasons', stats(filters, { limit }), ReasonsAnswer, signal)).reasons,
    verdictCounts: async (filters, signal) => (await client.get('/stats/verdicts/rule', stats(filters, { limit: 1000 }), VerdictCountsAnswer, signal)).rows,
    ruleReports: async (query, signal) => (await client.get('/rule-reports', { ruleId: query.ruleId, limit: query.limit }, ReportsAnswer, signal)).reports,
    recordVerdict: async (eventId, input) => client.post(`/events/${encodeURIComponent(eventId)}/verdict`, checked(VerdictInputSchema, input), VerdictRecordSchema),
    reportRule: async (input) => client.post('/rule-reports', checked(RuleReportInputSchema, input), RuleReportSchema),
  };
}
