import type { Db } from '../db/db';
import type { FieldError } from '../../../rules/pack/load';
import { acceptPack, type RejectReason } from '../../../rules/pack/accept';
import type { TrustedKey } from '../../../rules/pack/signature';
import { insertPack, latestPack, type StoredPack } from './store';

/**
 * Publishing runs the extension's own acceptance check (rules/pack/accept.ts) against the hub's
 * trusted keys and the latest published pack: a pack the workstations would refuse — unsigned,
 * signed by an unknown key, altered, invalid, expired, or older than what is out there — is
 * refused here, before any workstation downloads it.
 */

export interface PublishOptions {
  trustedKeys: readonly TrustedKey[];
  maxBytes: number;
  timeZone: string;
  now?: Date;
}

export type PublishOutcome =
  | { ok: true; pack: StoredPack }
  | { ok: false; reason: RejectReason | 'already-published'; message: string; details: FieldError[] };

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
    const stored = await insertPack(tx, { packId: verdict.pack.id, version: verdict.pack.version, envelope, publisher });
    if (!stored) {
      const message = `规则包 ${verdict.pack.id} ${verdict.pack.version} 已发布过 / already published`;
      return { ok: false, reason: 'already-published', message, details: [{ path: 'version', message }] };
    }
    return { ok: true, pack: stored };
  });
}
