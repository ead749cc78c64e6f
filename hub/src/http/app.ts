import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { eventRoutes } from '../routes/events';
import { publishRoutes } from '../routes/publish';
import { packRoutes } from '../routes/packs';
import { dashboardApiRoutes } from '../routes/dashboard';
import { orderRoutes } from '../routes/orders';
import { appealRoutes } from '../routes/appeals';
import { ruleReportRoutes } from '../routes/review';
import { statsRoutes } from '../routes/stats';
import { tokenRoutes } from '../routes/tokens';
import { nhsaRoutes } from '../routes/nhsa';
import { createNhsaService } from '../nhsa/service';
import type { HubDeps, HubEnv } from './env';
import { errorBody, HttpError } from './errors';
import { dashboardStatic } from './static';
import { DatabaseUnavailableError } from '../db/unavailable';
import { checkData } from '../db/integrity';

export const API_PREFIX = '/api/v1';

/** The hub's HTTP surface. Pure wiring: everything it needs comes in `deps`, so tests build it in-process. */
export function createApp(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  app.use('*', async (c, next) => {
    // Set before the handler, so the answer is built with it. Set on a finished answer, Hono
    // rebuilds it around a stream of its body, which @hono/node-server then writes on its slow
    // path (a web stream per request); only an answer made without the context needs that.
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    if (!c.res.headers.has('X-Content-Type-Options')) c.header('X-Content-Type-Options', 'nosniff');
  });

  // Browsers may call the API only from the configured origins (the extension); without any, no
  // CORS headers are sent at all and browsers refuse cross-origin reads.
  if (deps.config.corsOrigins.length > 0) {
    const allowed = new Set(deps.config.corsOrigins);
    app.use(
      `${API_PREFIX}/*`,
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
        exposeHeaders: ['ETag', 'X-Pack-Id', 'X-Pack-Version'],
        maxAge: 600,
      }),
    );
  }

  // Not only "the process is up": the marker row written at initialisation is read back and every
  // table answers a query, so a damaged or swapped database shows here.
  app.get('/healthz', async (c) => {
    const health = await checkData(deps.db, 'quick');
    return health.ok ? c.json({ ok: true }) : c.json({ ok: false, message: health.message }, 503);
  });

  const nhsa = (deps.nhsa ??= createNhsaService(deps.db, { ...deps.config, trustedKeys: deps.trustedKeys }));
  const api = new Hono<HubEnv>();
  api.route('/', eventRoutes(deps));
  // A publication or withdrawal through this process is in force in its 3101 service when answered.
  api.route('/', packRoutes(deps, () => nhsa.packs.refresh()));
  if (deps.signing) api.route('/', publishRoutes(deps, deps.signing, () => nhsa.packs.refresh()));
  api.route('/', nhsaRoutes(deps, nhsa));
  api.route('/', ruleReportRoutes(deps));
  api.route('/', statsRoutes(deps));
  api.route('/', tokenRoutes(deps));
  api.route('/', orderRoutes(deps));
  api.route('/', appealRoutes(deps));
  api.route('/', dashboardApiRoutes(deps));
  app.route(API_PREFIX, api);
  // The review dashboard's static files; mounted after the API and never answering under /api/.
  app.route('/', dashboardStatic());

  app.notFound((c) => c.json(errorBody('not-found', 'no such endpoint'), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(errorBody(error.code, error.message, error.details), error.status);
    if (error instanceof HTTPException) return c.json(errorBody('http-error', error.message), error.status);
    if (error instanceof DatabaseUnavailableError) {
      return c.json(errorBody('database-unavailable', error.message), 503, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    // Details stay in the server log, and only the stack: a database error's other fields
    // (detail, where) can quote row values, i.e. the free texts of uploaded records.
    console.error('[hub] request failed:', c.req.method, c.req.path, error instanceof Error ? (error.stack ?? error.message) : String(error));
    return c.json(errorBody('internal', 'internal error'), 500);
  });

  return app;
}
