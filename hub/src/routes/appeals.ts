import { Hono } from 'hono';
import { z } from 'zod';
import { AppealDecisionInputSchema, AppealInputSchema, AppealLinkInputSchema, AppealQueueQuerySchema } from '../../../contract/review/appeals';
import { requireAppealScope } from '../http/appeal-auth';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';
import { createAppealLink } from '../review/appeal-links';
import { appealQueue } from '../review/appeal-queue';
import { decideAppeal, DEFAULT_APPEAL_DAYS, openFindings, submitAppeal } from '../review/appeals';

/**
 * Appeals (issue #11, item 5). The 质控 (`appeals:decide`) issues per-doctor links, reads the
 * queue and decides; the doctor (link) or 科室 lead (`appeals:submit`) lists the open findings in
 * their scope and appeals one (http/appeal-auth.ts decides the scope, the queries apply it).
 */

const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export function appealRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const appealDays = deps.config.appealDays ?? DEFAULT_APPEAL_DAYS;

  app.post('/appeal-links', requirePermission(deps, 'appeals:decide'), limitBody(4 * 1024), async (c) => {
    const input = parseOrThrow(AppealLinkInputSchema, await readJson(c), 'appeal-link');
    const link = await createAppealLink(deps.db, deps.pepper, input.prescriberId, c.get('token').id);
    // Like a new token: the only answer that carries the secret.
    return c.json(link, 201, { 'Cache-Control': 'no-store' });
  });

  app.get('/appeals', requirePermission(deps, 'appeals:decide'), async (c) => {
    const query = parseOrThrow(AppealQueueQuerySchema, c.req.query(), 'query');
    return c.json(await appealQueue(deps.db, query, appealDays));
  });

  app.post('/appeals/:id/decision', requirePermission(deps, 'appeals:decide'), limitBody(16 * 1024), async (c) => {
    const id = parseOrThrow(IdSchema, c.req.param('id'), 'appeal-id');
    const input = parseOrThrow(AppealDecisionInputSchema, await readJson(c), 'decision');
    const outcome = await decideAppeal(deps.db, id, c.get('token').id, input);
    if (!outcome.ok && outcome.reason === 'not-found') throw new HttpError(404, 'not-found', `no appeal ${id}`);
    if (!outcome.ok && outcome.reason === 'already-decided') throw new HttpError(409, 'already-decided', '该申诉已裁决 / this appeal was decided already');
    if (!outcome.ok) throw new HttpError(409, 'superseded', '该结论已被新的复核结论取代，无需裁决 / the appealed verdict was replaced by a newer one');
    return c.json(outcome.appeal, 201);
  });

  // The doctor's page and the 科室 lead: no other credential reaches these.
  app.get('/appeal/findings', requireAppealScope(deps), async (c) => {
    return c.json(await openFindings(deps.db, c.get('appealScope'), { timeZone: deps.config.timeZone, appealDays }), 200, { 'Cache-Control': 'no-store' });
  });

  app.post('/appeal/findings/:verdictId/appeal', requireAppealScope(deps), limitBody(16 * 1024), async (c) => {
    const verdictId = parseOrThrow(IdSchema, c.req.param('verdictId'), 'verdict-id');
    const input = parseOrThrow(AppealInputSchema, await readJson(c), 'appeal');
    const outcome = await submitAppeal(deps.db, c.get('appealScope'), verdictId, input.text);
    if (!outcome.ok && outcome.reason === 'not-found') throw new HttpError(404, 'not-found', '没有可申诉的该项结论 / no open 确认违规 verdict of yours with this id');
    if (!outcome.ok && outcome.reason === 'already-appealed') throw new HttpError(409, 'already-appealed', '该结论已申诉，等待质控裁决 / already appealed');
    if (!outcome.ok) throw new HttpError(409, 'appeal-closed', '申诉期已过，结论已生效 / the appeal window has closed');
    return c.json(outcome.appeal, 201);
  });

  return app;
}
