import { serializePack } from '../import/build-pack';
import { parsePackText, validatePack, zodErrors, type FieldError } from '../pack/load';
import { compareVersions, PackVersionSchema, type Pack } from '../pack/schema';
import { sha256Hex } from '../pack/hex';
import type { RuleStoreDb, VersionOrigin, VersionRecord } from './db';
import { replaceWorkingSet, workingPack } from './working-set';

/**
 * Published versions: publish freezes the working set as an immutable pack version with a
 * changelog; rollback restores an old version's rules and publishes them under a new, higher
 * version — workstations refuse a lower version than the one they run (rules/pack/accept.ts).
 */

/** Newest first, by version number (not by time: a clock can be wrong, version order cannot). */
export async function listVersions(db: RuleStoreDb): Promise<VersionRecord[]> {
  const all = await db.versions.toArray();
  return all.sort((a, b) => compareVersions(b.version, a.version));
}

export async function latestVersion(db: RuleStoreDb): Promise<VersionRecord | undefined> {
  return (await listVersions(db))[0];
}

export async function getVersion(db: RuleStoreDb, version: string): Promise<VersionRecord | undefined> {
  return db.versions.where('version').equals(version).first();
}

import { suggestNextVersion } from '../pack/schema';
export { suggestNextVersion };

/** The pack a version froze, parsed from its stored text. */
export function packOfVersion(record: VersionRecord): Pack {
  const loaded = parsePackText(record.packJson);
  // Only validated packs are ever stored; a failure here means the database was edited by hand.
  if (!loaded.ok) throw new Error(`version ${record.version} holds an invalid pack: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return loaded.pack;
}

export interface PublishInput {
  version: string;
  changelog: string;
  now?: Date;
}

export type PublishResult = { ok: true; record: VersionRecord } | { ok: false; errors: FieldError[] };

function checkVersionInput(input: PublishInput, latest: VersionRecord | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const version = PackVersionSchema.safeParse(input.version);
  if (!version.success) errors.push(...zodErrors(version.error).map((e) => ({ ...e, path: 'version' })));
  else if (latest && compareVersions(input.version, latest.version) <= 0) {
    errors.push({ path: 'version', message: `版本号必须高于已发布的 ${latest.version}（工作站只接受更高版本）` });
  }
  if (!input.changelog.trim()) errors.push({ path: 'changelog', message: '请填写更新说明' });
  return errors;
}

/** The immutable record of `pack`, validated and serialised exactly as it will be exported. */
async function prepareVersion(
  pack: Pack,
  changelog: string,
  origin: VersionOrigin,
  extra: Partial<VersionRecord> = {},
): Promise<{ ok: true; record: VersionRecord } | { ok: false; errors: FieldError[] }> {
  const loaded = validatePack(pack);
  if (!loaded.ok) return loaded;
  const packJson = serializePack(loaded.pack);
  return {
    ok: true,
    record: {
      version: loaded.pack.version,
      packId: loaded.pack.id,
      publishedAt: loaded.pack.publishedAt ?? new Date().toISOString(),
      changelog: changelog.trim(),
      packJson,
      hash: `sha256:${await sha256Hex(packJson)}`,
      ruleCount: loaded.pack.rules.length,
      origin,
      ...extra,
    },
  };
}

const isConstraintError = (e: unknown): boolean => e instanceof Error && (e.name === 'ConstraintError' || e.name === 'BulkError');

/** Writes a prepared version, then runs `alongside` in the same transaction. */
async function addVersion(db: RuleStoreDb, record: VersionRecord, alongside?: () => Promise<void>): Promise<PublishResult> {
  try {
    const seq = await db.transaction('rw', db.versions, db.rules, db.meta, db.bases, async () => {
      const key = await db.versions.add(record);
      if (alongside) await alongside();
      return key;
    });
    return { ok: true, record: { ...record, seq } };
  } catch (e) {
    // Another tab published the same version between the check and the write (unique index).
    if (isConstraintError(e)) return { ok: false, errors: [{ path: 'version', message: `版本 ${record.version} 已存在` }] };
    throw e;
  }
}

/**
 * Freezes the working set as `version`. The version must be a dotted number above every
 * published one and the changelog must say what changed.
 */
export async function publish(db: RuleStoreDb, input: PublishInput): Promise<PublishResult> {
  const latest = await latestVersion(db);
  const errors = checkVersionInput(input, latest);
  if (errors.length > 0) return { ok: false, errors };
  const publishedAt = (input.now ?? new Date()).toISOString();
  const pack = { ...(await workingPack(db, input.version)), publishedAt };
  const prepared = await prepareVersion(pack, input.changelog, 'published');
  return prepared.ok ? addVersion(db, prepared.record) : prepared;
}

/** Records the pack the working set started from, so later versions can be compared with it. */
export async function recordBaseline(db: RuleStoreDb, pack: Pack, changelog: string): Promise<PublishResult> {
  if (await getVersion(db, pack.version)) return { ok: false, errors: [{ path: 'version', message: `版本 ${pack.version} 已存在` }] };
  const prepared = await prepareVersion(pack, changelog, 'baseline');
  return prepared.ok ? addVersion(db, prepared.record) : prepared;
}

export interface RollbackInput {
  /** The version whose rules come back. */
  to: string;
  /** The new version it is published as; defaults to the next after the latest. */
  version?: string;
  reason: string;
  now?: Date;
}

/**
 * Makes an old version's rules the working set and publishes them at once as a new, higher
 * version, so workstations that already run a later version accept the rollback.
 */
export async function rollbackTo(db: RuleStoreDb, input: RollbackInput): Promise<PublishResult> {
  const target = await getVersion(db, input.to);
  if (!target) return { ok: false, errors: [{ path: 'to', message: `没有版本 ${input.to}` }] };
  const latest = await latestVersion(db);
  const version = input.version ?? suggestNextVersion(latest?.version, input.now);
  const changelog = `回滚到 ${target.version}：${input.reason.trim()}`;
  const errors = checkVersionInput({ version, changelog: input.reason }, latest);
  if (errors.length > 0) return { ok: false, errors: errors.map((e) => (e.path === 'changelog' ? { path: 'reason', message: '请填写回滚原因' } : e)) };
  const old = packOfVersion(target);
  const publishedAt = (input.now ?? new Date()).toISOString();
  const pack: Pack = { ...old, version, publishedAt };
  const prepared = await prepareVersion(pack, changelog, 'rollback', { rolledBackFrom: target.version });
  if (!prepared.ok) return prepared;
  // One transaction: a rollback is never half done (published but not in the working set).
  return addVersion(db, prepared.record, () => replaceWorkingSet(db, old, 'imported'));
}
