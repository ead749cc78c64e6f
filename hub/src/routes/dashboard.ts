import { Hono } from 'hono';
import { queryText } from '../../../contract/review/event-filters';
import { PERMISSIONS } from '../../../contract/roles';
import { roleAllows } from '../auth/roles';
import { authenticate } from '../auth/tokens';
import { requirePermission } from '../http/auth';
import type { HubDeps, HubEnv } from '../http/env';
import { errorBody, HttpError, parseOrThrow } from '../http/errors';
import { eventDetail } from '../review/event-detail';
import { DEFAULT_APPEAL_DAYS } from '../review/appeals';
import { verdictCountsByRule } from '../stats/verdict-counts';
import { VerdictCountsQuerySchema } from '../../../contract/review/stats';
import { MonthlyReportQuerySchema } from '../../../contract/review/monthly-report';
import { monthlyReport } from '../stats/monthly-report';

const EventIdSchema = queryText(64, 8);

/** What the review dashboard needs beyond the review API: who is signed in, one event, verdicts per rule. */
export function dashboardApiRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  // Any live token may ask what it may do: the dashboard shows only the views its role can use.
  app.get('/me', async (c) => {
    const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(c.req.header('authorization')?.trim() ?? '');
    const token = match ? await authenticate(deps.db, deps.pepper, match[1]!) : undefined;
    if (!token) return c.json(errorBody('unauthenticated', 'missing, unknown or revoked token'), 401, { 'WWW-Authenticate': 'Bearer realm="preflight-hub"' });
    return c.json({
      id: token.id,
      role: token.role,
      label: token.label,
      permissions: PERMISSIONS.filter((permission) => roleAllows(token.role, permission)),
      timeZone: deps.config.timeZone,
      ...(token.department ? { department: token.department } : {}),
      appealDays: deps.config.appealDays ?? DEFAULT_APPEAL_DAYS,
    });
  });

  app.get('/events/:id', requirePermission(deps, 'events:read'), async (c) => {
    const eventId = parseOrThrow(EventIdSchema, c.req.param('id'), 'event-id');
    const detail = await eventDetail(deps.db, eventId);
    if (!detail) throw new HttpError(404, 'not-found', `no event ${eventId}`);
    return c.json(detail);
  });

  app.get('/stats/verdicts/rule', requirePermission(deps, 'stats:read'), async (c) => {
    const query = parseOrThrow(VerdictCountsQuerySchema, c.req.query(), 'query');
    return c.json({ rows: await verdictCountsByRule(deps.db, query) });
  });

  // 月度报表: per 科室 and 医生 over calendar days in the hospital's zone (stats/monthly-report.ts).
  app.get('/reports/monthly', requirePermission(deps, 'stats:read'), async (c) => {
    const query = parseOrThrow(MonthlyReportQuerySchema, c.req.query(), 'query');
    return c.json(await monthlyReport(deps.db, query, deps.config.timeZone));
  });

  return app;
}
