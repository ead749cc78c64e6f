import type { Db } from '../db/db';
import type { DraftPreview, RuleRef } from '../../../contract/pack-publish';
import { diffPacks } from '../../../rules/pack/diff';
import { parsePackText, type FieldError } from '../../../rules/pack/load';
import { compareVersions, PackVersionSchema, suggestNextVersion, type Pack } from '../../../rules/pack/schema';
import { serializeSignedPack, SignedPackSchema, type TrustedKey } from '../../../rules/pack/signature';
import { publishPack, type PublishOutcome } from './publish';
import type { HubSigningKeys } from './signing-key';
import { latestPack, packByVersion, type StoredPack } from './store';

/**
 * Publishing without a key file: the 医保办 hands the hub a pack (a version exported from the
 * options page, unsigned), sees what it changes against the live pack, and the hub signs it with
 * its own key and publishes it through the same acceptance check as an uploaded signed pack.
 * Restoring an earlier content re-signs that content under a new, higher version: workstations
 * refuse lower versions, so going back is always a step forward in numbers.
 */

/** Rules listed by name in a preview; the counts are always complete. */
const LISTED = 200;

export type DraftResult<T> = { ok: true; value: T } | { ok: false; status: 404 | 409 | 422; reason: string; message: string; details: FieldError[] };

const ref = (rule: { id: string; kind: string; name?: string | undefined }): RuleRef => ({ id: rule.id, kind: rule.kind, ...(rule.name ? { name: rule.name } : {}) });

/** The pack inside a stored envelope (validated when it was published). */
export function packOfStored(stored: StoredPack): Pack {
  const envelope = SignedPackSchema.parse(JSON.parse(stored.envelope));
  const loaded = parsePackText(envelope.payload);
  if (!loaded.ok) throw new Error(`published pack ${stored.version} no longer validates: ${loaded.errors[0]?.message ?? ''}`);
  return loaded.pack;
}

function readDraft(text: string): DraftResult<Pack> {
  const loaded = parsePackText(text);
  if (!loaded.ok) return { ok: false, status: 422, reason: 'invalid', message: '规则包内容有误，未发布 / the pack is invalid', details: loaded.errors };
  return { ok: true, value: loaded.pack };
}

export async function previewDraft(db: Db, text: string, now = new Date()): Promise<DraftResult<DraftPreview>> {
  const draft = readDraft(text);
  if (!draft.ok) return draft;
  const pack = draft.value;
  const liveStored = await latestPack(db);
  const live = liveStored ? packOfStored(liveStored) : undefined;
  const empty: Pack = { ...pack, rules: [] };
  const diff = diffPacks(live ?? empty, pack);
  const above = !live || compareVersions(pack.version, live.version) > 0;
  return {
    ok: true,
    value: {
      draft: { id: pack.id, version: pack.version, ruleCount: pack.rules.length },
      live: live ? { id: live.id, version: live.version, ruleCount: live.rules.length } : null,
      suggestedVersion: above ? pack.version : suggestNextVersion(live.version, now),
      counts: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, unchanged: diff.unchanged },
      added: diff.added.slice(0, LISTED).map(ref),
      removed: diff.removed.slice(0, LISTED).map(ref),
      changed: diff.changed.slice(0, LISTED).map((c) => ({ ...ref(c), fields: c.fields })),
      settingsChanged: diff.settingsChanged,
    },
  };
}

export interface HubPublishContext {
  db: Db;
  signing: HubSigningKeys;
  trustedKeys: readonly TrustedKey[];
  maxBytes: number;
  timeZone: string;
  /** The token id of the 医保办 member publishing. */
  publisher: string;
  now?: Date;
}

function changelogError(changelog: string): DraftResult<never> | undefined {
  if (changelog.trim().length === 0) {
    const message = '请填写更新说明（本次改了什么、为什么）/ write what changed';
    return { ok: false, status: 422, reason: 'changelog', message, details: [{ path: 'changelog', message }] };
  }
  return undefined;
}

async function signAndPublish(ctx: HubPublishContext, pack: Pack, changelog: string): Promise<DraftResult<StoredPack>> {
  const now = ctx.now ?? new Date();
  const payload = JSON.stringify({ ...pack, publishedAt: now.toISOString() }, null, 1);
  const envelope = serializeSignedPack(await ctx.signing.sign(payload, now));
  const outcome: PublishOutcome = await publishPack(ctx.db, envelope, ctx.publisher, {
    trustedKeys: ctx.trustedKeys,
    maxBytes: ctx.maxBytes,
    timeZone: ctx.timeZone,
    now,
    changelog: changelog.trim(),
  });
  if (outcome.ok) return { ok: true, value: outcome.pack };
  const conflict = outcome.reason === 'already-published' || outcome.reason === 'rollback' || outcome.reason === 'not-newer';
  return { ok: false, status: conflict ? 409 : 422, reason: outcome.reason, message: outcome.message, details: outcome.details };
}

function versionError(version: string | undefined): DraftResult<never> | undefined {
  if (version === undefined) return undefined;
  const checked = PackVersionSchema.safeParse(version);
  if (checked.success) return undefined;
  const message = checked.error.issues[0]!.message;
  return { ok: false, status: 422, reason: 'invalid', message, details: [{ path: 'version', message }] };
}

/** Signs the draft with the hub's key and publishes it; `version` overrides the draft's own. */
export async function publishDraft(ctx: HubPublishContext, text: string, changelog: string, version?: string): Promise<DraftResult<StoredPack>> {
  const refused = changelogError(changelog) ?? versionError(version);
  if (refused) return refused;
  const draft = readDraft(text);
  if (!draft.ok) return draft;
  return signAndPublish(ctx, { ...draft.value, ...(version !== undefined ? { version } : {}) }, changelog);
}

/**
 * Publishes the content of an earlier version under `version` (higher than the live one). The
 * stored pack was validated when it was published: it is signed again as it is, not written out
 * and read back as a draft.
 */
export async function restoreVersion(ctx: HubPublishContext, from: string, version: string, changelog: string): Promise<DraftResult<StoredPack>> {
  const refused = changelogError(changelog) ?? versionError(version);
  if (refused) return refused;
  const stored = await packByVersion(ctx.db, from);
  if (!stored) return { ok: false, status: 404, reason: 'not-found', message: `没有版本 ${from} 的规则包 / no pack version ${from}`, details: [] };
  return signAndPublish(ctx, { ...packOfStored(stored), version }, `恢复为 ${from} 的内容：${changelog.trim()}`);
}
