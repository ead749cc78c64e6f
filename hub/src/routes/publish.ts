import { Hono } from 'hono';
import { z } from 'zod';
import { PackVersionSchema } from '../../../rules/pack/schema';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';
import { previewDraft, publishDraft, restoreVersion, type DraftResult, type HubPublishContext } from '../packs/hub-publish';
import type { HubSigningKeys } from '../packs/signing-key';
import { importTrustedKey, type TrustedKey } from '../../../rules/pack/signature';

/**
 * 规则发布 for the 医保办 without a key file (see packs/hub-publish.ts): preview a pack against the
 * live one, publish it signed with the hub's key, restore an earlier content under a new version;
 * and the hub's public keys for IT to configure on the workstations.
 */

const DraftSchema = z.object({
  /** The pack JSON text as exported from the options page. */
  pack: z.string().min(1),
});

const PublishSchema = DraftSchema.extend({
  changelog: z.string().max(4000),
  /** A version other than the one in the pack text (when the pack's is already taken). */
  version: z.string().optional(),
});

const RestoreSchema = z.object({
  version: PackVersionSchema,
  changelog: z.string().max(4000),
});

const RotateSchema = z.object({ graceDays: z.number().int().min(0).max(365) });

function unwrap<T>(result: DraftResult<T>): T {
  if (!result.ok) throw new HttpError(result.status, result.reason, result.message, result.details);
  return result.value;
}

export function publishRoutes(deps: HubDeps, signing: HubSigningKeys, onChange: () => Promise<void>): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const context = (token: string): HubPublishContext => ({
    db: deps.db,
    signing,
    trustedKeys: deps.trustedKeys,
    maxBytes: deps.config.maxPackBytes,
    timeZone: deps.config.timeZone,
    publisher: token,
  });
  // The pack text travels inside a JSON body: room for the largest pack plus the envelope.
  const packBody = limitBody(deps.config.maxPackBytes + 64 * 1024);

  app.get('/keys', requirePermission(deps, 'packs:read'), (c) => c.json(signing.describe(), 200, { 'Cache-Control': 'no-cache' }));

  app.post('/keys/rotate', requirePermission(deps, 'keys:manage'), limitBody(1024), async (c) => {
    const input = parseOrThrow(RotateSchema, await readJson(c), 'rotation');
    let view;
    try {
      view = await signing.rotate(input.graceDays);
    } catch (error) {
      throw new HttpError(409, 'rotation-pending', (error as Error).message);
    }
    // The next key verifies what it will sign in this process from now on (publication, 3101 service).
    const next = view.next?.key ?? view.current;
    const imported = await importTrustedKey(next);
    if (imported.ok && !deps.trustedKeys.some((k) => k.keyId === imported.value.keyId)) (deps.trustedKeys as TrustedKey[]).push(imported.value);
    console.log(`[hub] 签名密钥轮换：新密钥 ${next.keyId}${view.next ? `，${view.next.from} 起启用` : '，已启用'}`);
    return c.json(view, 200);
  });

  app.post('/packs/drafts/preview', requirePermission(deps, 'packs:publish'), packBody, async (c) => {
    const input = parseOrThrow(DraftSchema, await readJson(c), 'draft');
    return c.json(unwrap(await previewDraft(deps.db, input.pack)), 200);
  });

  app.post('/packs/drafts/publish', requirePermission(deps, 'packs:publish'), packBody, async (c) => {
    const input = parseOrThrow(PublishSchema, await readJson(c), 'draft');
    const stored = unwrap(await publishDraft(context(c.get('token').id), input.pack, input.changelog, input.version));
    await onChange();
    console.log(`[hub] 规则包 ${stored.packId} ${stored.version} 已由中心端签名发布，操作者令牌 ${c.get('token').id.slice(0, 6)}…`);
    const { envelope: _stored, ...published } = stored;
    return c.json(published, 201, { ETag: stored.etag });
  });

  app.post('/packs/:version/restore', requirePermission(deps, 'packs:publish'), limitBody(16 * 1024), async (c) => {
    const from = parseOrThrow(PackVersionSchema, c.req.param('version'), 'version');
    const input = parseOrThrow(RestoreSchema, await readJson(c), 'restore');
    const stored = unwrap(await restoreVersion(context(c.get('token').id), from, input.version, input.changelog));
    await onChange();
    console.log(`[hub] 规则包 ${stored.version} 恢复为 ${from} 的内容，操作者令牌 ${c.get('token').id.slice(0, 6)}…`);
    const { envelope: _stored, ...published } = stored;
    return c.json(published, 201, { ETag: stored.etag });
  });

  return app;
}
