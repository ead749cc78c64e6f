import { Hono } from 'hono';
import { queryText } from '../events/filters';
import { ingestEvents } from '../events/ingest';
import { BadCursorError, EventListQuerySchema, listEvents } from '../events/list';
import { UploadBatchSchema } from '../events/schema';
import { addVerdict, VerdictInputSchema } from '../review/verdicts';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';

const EventIdSchema = queryText(64, 8);

export function eventRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  // Upload: the answer is sent only after COMMIT, so an acknowledged event is durable. Senders
  // re-send anything not acknowledged; duplicates are counted, not stored.
  app.post('/events', requirePermission(deps, 'events:upload'), limitBody(deps.config.maxBodyBytes), async (c) => {
    const batch = parseOrThrow(UploadBatchSchema, await readJson(c), 'batch');
    const outcome = await ingestEvents(deps.db, c.get('token').id, batch.events);
    return c.json(outcome, 200);
  });

  app.get('/events', requirePermission(deps, 'events:read'), async (c) => {
    const query = parseOrThrow(EventListQuerySchema, c.req.query(), 'query');
    try {
      return c.json(await listEvents(deps.db, query));
    } catch (error) {
      if (error instanceof BadCursorError) throw new HttpError(400, 'invalid-query', error.message, [{ path: 'cursor', message: error.message }]);
      throw error;
    }
  });

  app.post('/events/:id/verdict', requirePermission(deps, 'verdicts:write'), limitBody(64 * 1024), async (c) => {
    const eventId = parseOrThrow(EventIdSchema, c.req.param('id'), 'event-id');
    const input = parseOrThrow(VerdictInputSchema, await readJson(c), 'verdict');
    const verdict = await addVerdict(deps.db, eventId, c.get('token').id, input);
    if (!verdict) throw new HttpError(404, 'not-found', `no event ${eventId}`);
    return c.json(verdict, 201);
  });

  return app;
}
