import { Hono } from 'hono';
import { addRuleReport, listRuleReports } from '../review/rule-reports';
import { RuleReportFiltersSchema, RuleReportInputSchema } from '../../../contract/review/rule-reports';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';

export function ruleReportRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  app.post('/rule-reports', requirePermission(deps, 'rule-reports:write'), limitBody(64 * 1024), async (c) => {
    const input = parseOrThrow(RuleReportInputSchema, await readJson(c), 'rule-report');
    const outcome = await addRuleReport(deps.db, c.get('token').id, input);
    if (!outcome.ok) throw new HttpError(422, outcome.reason, `no event ${input.eventId}`, [{ path: 'eventId', message: 'no such event' }]);
    return c.json(outcome.report, 201);
  });

  app.get('/rule-reports', requirePermission(deps, 'rule-reports:read'), async (c) => {
    const filters = parseOrThrow(RuleReportFiltersSchema, c.req.query(), 'query');
    return c.json({ reports: await listRuleReports(deps.db, filters) });
  });

  return app;
}
