import { Hono, type Context } from 'hono';
import { PackVersionSchema } from '../../../rules/pack/schema';
import { publishPack } from '../packs/publish';
import { latestPack, matchesEtag, packByVersion, type StoredPack } from '../packs/store';
import { requirePermission } from '../http/auth';
import { limitBody, readJsonText } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';

/** The envelope bytes as published, with a strong ETag; `If-None-Match` saves the download. */
function servePack(c: Context, pack: StoredPack): Response {
  const headers = {
    ETag: pack.etag,
    // Revalidate every time: a newer pack must reach workstations on their next poll.
    'Cache-Control': 'no-cache',
    'X-Pack-Id': encodeURIComponent(pack.packId),
    'X-Pack-Version': pack.version,
  };
  if (matchesEtag(c.req.header('if-none-match'), pack.etag)) return c.body(null, 304, headers);
  return c.body(pack.envelope, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

export function packRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  app.get('/packs/latest', requirePermission(deps, 'packs:read'), async (c) => {
    const pack = await latestPack(deps.db);
    if (!pack) throw new HttpError(404, 'not-found', 'no pack has been published yet');
    return servePack(c, pack);
  });

  app.get('/packs/:version', requirePermission(deps, 'packs:read'), async (c) => {
    const version = parseOrThrow(PackVersionSchema, c.req.param('version'), 'version');
    const pack = await packByVersion(deps.db, version);
    if (!pack) throw new HttpError(404, 'not-found', `no pack version ${version}`);
    return servePack(c, pack);
  });

  app.post('/packs', requirePermission(deps, 'packs:publish'), limitBody(deps.config.maxPackBytes), async (c) => {
    const envelope = await readJsonText(c);
    const outcome = await publishPack(deps.db, envelope, c.get('token').id, {
      trustedKeys: deps.trustedKeys,
      maxBytes: deps.config.maxPackBytes,
      timeZone: deps.config.timeZone,
    });
    if (!outcome.ok) {
      const status = outcome.reason === 'already-published' || outcome.reason === 'rollback' || outcome.reason === 'not-newer' ? 409 : 422;
      throw new HttpError(status, outcome.reason, outcome.message, outcome.details);
    }
    const { envelope: _stored, ...published } = outcome.pack;
    return c.json(published, 201, { ETag: outcome.pack.etag });
  });

  return app;
}
