import { Hono } from 'hono';
import { queryText } from '../../../contract/review/event-filters';
import { ingestEvents } from '../events/ingest';
import { BadCursorError, listEvents } from '../events/list';
import { EventListQuerySchema } from '../../../contract/review/events';
import { UploadBatchSchema } from '../../../contract/upload-batch';
import { addVerdict } from '../review/verdicts';
import { DEFAULT_APPEAL_DAYS } from '../review/appeals';
import { VerdictInputSchema } from '../../../contract/review/verdicts';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';
import { DatabaseUnavailableError } from '../db/unavailable';

const EventIdSchema = queryText(64, 8);

/** A record id fit for the log: 8–64 printable ASCII characters, as the extension makes them; anything else could be text. */
function loggableId(id: unknown): string | undefined {
  return typeof id === 'string' && /^[\x21-\x7e]{8,64}$/.test(id) ? id : undefined;
}

/** The batch's record ids (or positions, for records without a usable id): nothing else of them. */
function describeBatch(records: readonly unknown[]): string {
  const ids = records.map((record, index) => loggableId((record as { id?: unknown } | null)?.id) ?? `#${index}`);
  return `${ids.length} records [${ids.join(', ')}]`;
}

export function eventRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  // Upload: the answer is sent only after COMMIT, so an acknowledged event is durable. Senders
  // re-send anything not acknowledged; duplicates are counted, not stored.
  app.post('/events', requirePermission(deps, 'events:upload'), limitBody(deps.config.maxBodyBytes), async (c) => {
    const batch = parseOrThrow(UploadBatchSchema, await readJson(c), 'batch');
    const workstation = c.get('token').id;
    let outcome;
    try {
      outcome = await ingestEvents(deps.db, workstation, batch.events);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      // The driver's message and detail can quote a value of a record (free text a doctor
      // typed); the log gets the record ids and the SQLSTATE, and the error that reaches the
      // generic handler carries nothing of the batch.
      const code = (error as { code?: unknown } | null)?.code;
      console.error(`[hub] 上传批次失败 / upload batch failed: ${describeBatch(batch.events)}; ${typeof code === 'string' ? `SQLSTATE ${code}` : (error as Error)?.name ?? 'error'}`);
      throw new Error('upload batch failed (see the line above for its records)');
    }
    if (outcome.rejected.length > 0) {
      const reasons = outcome.rejected.map((r) => `${loggableId(r.id) ?? `#${r.index}`}: ${[...new Set(r.errors.map((e) => e.path))].join(',')}`);
      console.warn(`[hub] 上传批次中 ${outcome.rejected.length} 条记录不合格被拒 / records rejected (id: fields): ${reasons.join('; ')}`);
    }
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
    const outcome = await addVerdict(deps.db, eventId, c.get('token').id, input, { days: deps.config.appealDays ?? DEFAULT_APPEAL_DAYS, timeZone: deps.config.timeZone });
    if (!outcome.ok && outcome.reason === 'not-found') throw new HttpError(404, 'not-found', `no event ${eventId}`);
    if (!outcome.ok) {
      const message = '复核结论只能针对规则提示，该记录不含规则（如提交检查）/ a verdict judges a finding; this record carries no rule';
      throw new HttpError(422, 'not-a-finding', message, [{ path: 'eventId', message }]);
    }
    return c.json(outcome.verdict, 201);
  });

  return app;
}
