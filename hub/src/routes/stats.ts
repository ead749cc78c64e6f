import { Hono } from 'hono';
import { EventFiltersSchema } from '../../../contract/review/event-filters';
import { dailyTrend, overrideRates, overrideReasons, summary, topRules } from '../stats/queries';
import { OverrideDimensionSchema, StatsQuerySchema } from '../../../contract/review/stats';
import { requirePermission } from '../http/auth';
import type { HubDeps, HubEnv } from '../http/env';
import { parseOrThrow } from '../http/errors';

export function statsRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('/stats/*', requirePermission(deps, 'stats:read'));

  app.get('/stats/summary', async (c) => {
    return c.json(await summary(deps.db, parseOrThrow(EventFiltersSchema, c.req.query(), 'query')));
  });

  app.get('/stats/daily', async (c) => {
    const filters = parseOrThrow(EventFiltersSchema, c.req.query(), 'query');
    return c.json({ timeZone: deps.config.timeZone, days: await dailyTrend(deps.db, filters, deps.config.timeZone) });
  });

  app.get('/stats/top-rules', async (c) => {
    return c.json({ rules: await topRules(deps.db, parseOrThrow(StatsQuerySchema, c.req.query(), 'query')) });
  });

  app.get('/stats/overrides/:dimension', async (c) => {
    const dimension = parseOrThrow(OverrideDimensionSchema, c.req.param('dimension'), 'dimension');
    const query = parseOrThrow(StatsQuerySchema, c.req.query(), 'query');
    return c.json({ dimension, rows: await overrideRates(deps.db, dimension, query) });
  });

  app.get('/stats/override-reasons', async (c) => {
    return c.json({ reasons: await overrideReasons(deps.db, parseOrThrow(StatsQuerySchema, c.req.query(), 'query')) });
  });

  return app;
}
