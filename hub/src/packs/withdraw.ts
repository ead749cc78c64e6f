import type { Db } from '../db/db';
import type { TrustedKey } from '../../../rules/pack/signature';
import { serializeSignedWithdrawal, verifyWithdrawal, type WithdrawalRefusal } from '../../../rules/pack/withdrawal';
import { packByIdVersion, recordWithdrawalNotice, type StoredPack } from './store';

/**
 * A signed withdrawal notice posted by the 医保办 (rules/pack/withdrawal.ts). It is checked as a
 * workstation will check it — against the hub's trusted keys — so the hub never serves a notice
 * the workstations would ignore, and it must name a pack this hub published (id and version
 * exactly). Stored as its envelope re-written in the one layout (the signature covers the payload
 * text, which is kept byte for byte).
 */

export type NoticeOutcome =
  | { ok: true; pack: StoredPack }
  | { ok: false; reason: WithdrawalRefusal | 'not-found' | 'already-withdrawn'; message: string };

/** `raw`: the posted notice, parsed. */
export async function postWithdrawalNotice(db: Db, raw: unknown, by: string, trustedKeys: readonly TrustedKey[]): Promise<NoticeOutcome> {
  const verdict = await verifyWithdrawal(raw, trustedKeys);
  if (!verdict.ok) return verdict;
  const { packId, version, reason } = verdict.notice;
  return db.transaction(async (tx) => {
    const notice = serializeSignedWithdrawal(verdict.envelope);
    const recorded = await recordWithdrawalNotice(tx, { packId, version, notice, by, reason });
    if (recorded) return { ok: true, pack: recorded };
    const existing = await packByIdVersion(tx, packId, version);
    if (existing) {
      return { ok: false, reason: 'already-withdrawn', message: `规则包 ${packId} ${version} 已有撤回通知 / a withdrawal notice for ${packId} ${version} was posted already` };
    }
    return { ok: false, reason: 'not-found', message: `本中心没有发布过规则包 ${packId} ${version} / no pack ${packId} ${version} was published on this hub` };
  });
}
