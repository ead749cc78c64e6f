import { Hono, type Context } from 'hono';
import { PackVersionSchema } from '../../../rules/pack/schema';
import { publishPack } from '../packs/publish';
import { latestPackHead, listPacks, matchesEtag, packBySeq, packByVersion, withdrawalNotices, withdrawPack, type StoredPack } from '../packs/store';
import { postWithdrawalNotice } from '../packs/withdraw';
import type { WithdrawalList } from '../../../rules/pack/withdrawal';
import { requirePermission } from '../http/auth';
import { z } from 'zod';
import { limitBody, readJson, readJsonText } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';

/**
 * Where the signed withdrawal notices are, relative to the latest pack's URL (RFC 8288: resolved
 * against the request URI, so it holds behind a proxy that mounts the API under another path).
 */
export const WITHDRAWALS_LINK = '<withdrawals>; rel="preflight-withdrawals"';

type PackIdentity = Pick<StoredPack, 'packId' | 'version' | 'etag' | 'withdrawn'>;

function packHeaders(pack: PackIdentity, extra: Record<string, string>): Record<string, string> {
  return {
    ...extra,
    ETag: pack.etag,
    // Revalidate every time: a newer pack must reach workstations on their next poll.
    'Cache-Control': 'no-cache',
    'X-Pack-Id': encodeURIComponent(pack.packId),
    'X-Pack-Version': pack.version,
    ...(pack.withdrawn ? { 'X-Pack-Withdrawn': 'true' } : {}),
  };
}

/** The envelope bytes as published, with a strong ETag; `If-None-Match` saves the download. */
function servePack(c: Context, pack: StoredPack, extra: Record<string, string> = {}): Response {
  const headers = packHeaders(pack, extra);
  if (matchesEtag(c.req.header('if-none-match'), pack.etag)) return c.body(null, 304, headers);
  return c.body(pack.envelope, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

const WithdrawInputSchema = z.object({
  /** Why, for the record: e.g. 版本号输错，应为 2026.12.1. */
  reason: z.string().trim().min(1).max(500),
});

export function packRoutes(deps: HubDeps, onChange: () => Promise<void> = async () => undefined): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  // The latest envelope, kept while its row stays the latest: a workstation's poll is answered from
  // the small head row (304 when unchanged), and a download does not read a national pack's
  // megabytes out of the database again. Checked against the database on every request, so a
  // publication through another hub process is served at once.
  let latest: StoredPack | undefined;
  app.get('/packs/latest', requirePermission(deps, 'packs:read'), async (c) => {
    const head = await latestPackHead(deps.db);
    if (!head) throw new HttpError(404, 'not-found', 'no pack has been published yet');
    if (matchesEtag(c.req.header('if-none-match'), head.etag)) return c.body(null, 304, packHeaders({ ...head, withdrawn: null }, { Link: WITHDRAWALS_LINK }));
    if (latest?.seq !== head.seq) {
      latest = await packBySeq(deps.db, head.seq);
      if (!latest) throw new HttpError(404, 'not-found', 'no pack has been published yet');
    }
    return servePack(c, latest, { Link: WITHDRAWALS_LINK });
  });

  // Beside the latest pack, for workstations: every signed withdrawal notice. A workstation that
  // installed a withdrawn version verifies the notice with its trusted keys and only then takes a
  // lower version; and it never installs a version a notice names. Registered before /packs/:version.
  app.get('/packs/withdrawals', requirePermission(deps, 'packs:read'), async (c) => {
    const body: WithdrawalList = { withdrawals: (await withdrawalNotices(deps.db)).map((text) => JSON.parse(text) as WithdrawalList['withdrawals'][number]) };
    return c.json(body, 200, { 'Cache-Control': 'no-cache' });
  });

  app.post('/packs/withdrawals', requirePermission(deps, 'packs:publish'), limitBody(16 * 1024), async (c) => {
    const outcome = await postWithdrawalNotice(deps.db, await readJson(c), c.get('token').id, deps.trustedKeys);
    if (!outcome.ok) {
      const status = outcome.reason === 'not-found' ? 404 : outcome.reason === 'already-withdrawn' ? 409 : 422;
      throw new HttpError(status, outcome.reason, outcome.message);
    }
    await onChange();
    const { packId, version } = outcome.pack;
    console.log(`[hub] 规则包 ${packId} ${version} 的签名撤回通知已发布，操作者令牌 ${c.get('token').id.slice(0, 6)}…`);
    const { envelope: _stored, ...record } = outcome.pack;
    return c.json(record, 200);
  });

  // Earlier (and withdrawn) envelopes are for the 医保办, not for workstations: a workstation
  // only ever needs the latest, and handing out old signed packs only helps replay them.
  app.get('/packs', requirePermission(deps, 'packs:history'), async (c) => c.json({ packs: await listPacks(deps.db) }));

  app.get('/packs/:version', requirePermission(deps, 'packs:history'), async (c) => {
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
    await onChange();
    const { envelope: _stored, ...published } = outcome.pack;
    return c.json(published, 201, { ETag: outcome.pack.etag });
  });

  // A version published by mistake (20261201 for 2026.12.1) is withdrawn: it stays on record,
  // /packs/latest falls back to the highest version not withdrawn, and later versions are no
  // longer measured against it.
  app.post('/packs/:version/withdraw', requirePermission(deps, 'packs:publish'), limitBody(16 * 1024), async (c) => {
    const version = parseOrThrow(PackVersionSchema, c.req.param('version'), 'version');
    const input = parseOrThrow(WithdrawInputSchema, await readJson(c), 'withdrawal');
    const withdrawn = await withdrawPack(deps.db, version, c.get('token').id, input.reason);
    if (!withdrawn) {
      const existing = await packByVersion(deps.db, version);
      if (existing) throw new HttpError(409, 'already-withdrawn', `版本 ${version} 已撤回 / version ${version} is already withdrawn`);
      throw new HttpError(404, 'not-found', `没有版本 ${version} 的规则包 / no pack version ${version}`);
    }
    await onChange();
    console.log(`[hub] 规则包版本 ${version}（${withdrawn.packId}）已撤回，操作者令牌 ${c.get('token').id.slice(0, 6)}…`);
    const { envelope: _stored, ...record } = withdrawn;
    return c.json(record, 200);
  });

  return app;
}
