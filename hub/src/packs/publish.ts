import type { Db } from '../db/db';
import type { FieldError } from '../../../rules/pack/load';
import { acceptPack, type RejectReason } from '../../../rules/pack/accept';
import { compareVersions } from '../../../rules/pack/schema';
import type { TrustedKey } from '../../../rules/pack/signature';
import { insertPack, latestPack, type StoredPack } from './store';
import { indexPackNames } from './rule-names';

/**
 * Publishing runs the extension's own acceptance check (rules/pack/accept.ts) against the hub's
 * trusted keys and the latest published pack: a pack the workstations would refuse — unsigned,
 * signed by an unknown key, altered, invalid, expired, or older than what is out there — is
 * refused here, before any workstation downloads it.
 *
 * Versions are monotonic per hub, across all pack ids: a new pack must be newer than the latest
 * (highest non-withdrawn) pack whatever its id. The extension judges rollback per pack id, so
 * without this an old pack re-signed or replayed under another id ("B 2020.1.1" after
 * "A 2026.12.1") would become latest and every workstation would take it. Pinning one pack id per
 * hub would close that too, but would also stop a hospital from ever changing its pack id (a new
 * vendor, a renamed pack) without a new hub; a single version line does not. And a version once
 * published is never used again, even withdrawn: workstations may already hold it.
 */

export interface PublishOptions {
  trustedKeys: readonly TrustedKey[];
  maxBytes: number;
  timeZone: string;
  now?: Date;
  /** What changed, when the 医保办 publishes through the hub. */
  changelog?: string;
}

export type PublishOutcome =
  | { ok: true; pack: StoredPack }
  | { ok: false; reason: RejectReason | 'already-published'; message: string; details: FieldError[] };

function refuse(reason: 'rollback' | 'not-newer' | 'already-published', zh: string, en: string): PublishOutcome {
  const message = `${zh} / ${en}`;
  return { ok: false, reason, message, details: [{ path: 'version', message }] };
}

export async function publishPack(db: Db, envelope: string, publisher: string, options: PublishOptions): Promise<PublishOutcome> {
  // Serialised so two 医保办 uploads cannot both pass the "newer than latest" check.
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE packs IN SHARE ROW EXCLUSIVE MODE');
    const latest = await latestPack(tx);
    const verdict = await acceptPack(envelope, {
      trustedKeys: options.trustedKeys,
      active: latest && { id: latest.packId, version: latest.version },
      now: options.now ?? new Date(),
      maxBytes: options.maxBytes,
      timeZone: options.timeZone,
    });
    if (!verdict.ok) return verdict;
    const { id, version } = verdict.pack;
    if (latest) {
      const order = compareVersions(version, latest.version);
      const now = `${latest.packId} ${latest.version}`;
      if (order < 0) {
        return refuse('rollback', `版本 ${version} 低于当前最新的规则包 ${now}，不能发布（版本号须逐次递增，不分规则包标识）`, `${version} is older than the latest pack ${now}; versions must increase across all pack ids`);
      }
      if (order === 0) {
        return refuse('not-newer', `版本 ${version} 与当前最新的规则包 ${now} 相同，不能发布`, `${version} is the version of the latest pack ${now}`);
      }
    }
    const reused = await tx.query<{ pack_id: string; withdrawn: boolean }>(
      'SELECT pack_id, withdrawn_at IS NOT NULL AS withdrawn FROM packs WHERE version = $1 LIMIT 1',
      [version],
    );
    const earlier = reused.rows[0];
    if (earlier) {
      return refuse(
        'already-published',
        `版本号 ${version} 已发布过（${earlier.pack_id}${earlier.withdrawn ? '，已撤回' : ''}），不能再次使用，请换一个更高的版本号`,
        `version ${version} was published before (${earlier.pack_id}${earlier.withdrawn ? ', withdrawn' : ''}) and cannot be used again`,
      );
    }
    const stored = await insertPack(tx, { packId: id, version, envelope, publisher, changelog: options.changelog ?? null, keyId: verdict.keyId });
    if (!stored) return refuse('already-published', `规则包 ${id} ${version} 已发布过`, 'already published');
    // The rule names go in with the publication: the dashboard names its rules from the moment it is answered.
    await indexPackNames(tx, stored.seq, verdict.pack);
    return { ok: true, pack: stored };
  });
}
