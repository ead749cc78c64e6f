import { acceptPack } from '../rules/pack/accept';
import type { ActivePackStore, StoredPack } from './pack-store';
import type { LastCheck } from './pack-types';
import { storedPackDropped } from './rejections';
import { importTrustedKeys } from './trusted-keys';

/** The deployment fields a stored pack is judged by; the engine owner gets them from the background on Chrome. */
export interface AcceptanceInputs {
  trustedKeys: readonly unknown[];
  expectedPackId?: string | undefined;
  /** An update URL or trusted keys are set: never fall back on the built-in pack. */
  configured?: boolean | undefined;
}

export type RecheckResult =
  /** `expiredOn`: past its end date, yet kept in force (规则包已过期) until a newer pack comes. */
  | { ok: true; payload: string; expiredOn?: string }
  /** `dropped` is false when another pack was activated meanwhile (that one was left alone). */
  | { ok: false; why: LastCheck; dropped: boolean };

/**
 * Runs the stored pack through the same acceptance as a download, against the keys trusted now
 * (no rollback check: the stored pack *is* the active one; no expiry check either: an expired
 * pack stays in force, reported as expired, since the alternative is no rules or demo rules). A pack that fails is dropped with its
 * ETag — so the next poll downloads the URL's pack afresh and judges it with the new keys — and
 * the reason is recorded as the last check, where the status shows it.
 */
export async function recheckStoredPack(store: ActivePackStore, stored: StoredPack, inputs: AcceptanceInputs, now: Date): Promise<RecheckResult> {
  const { keys } = await importTrustedKeys(inputs.trustedKeys);
  const accepted = await acceptPack(stored.envelope, {
    trustedKeys: keys,
    now,
    keepExpired: true,
    ...(inputs.expectedPackId !== undefined ? { expectedId: inputs.expectedPackId } : {}),
  });
  if (accepted.ok) return { ok: true, payload: accepted.payload, ...(accepted.expiredOn !== undefined ? { expiredOn: accepted.expiredOn } : {}) };
  const why: LastCheck = {
    at: now.toISOString(),
    outcome: 'rejected',
    rejection: { reason: accepted.reason, message: storedPackDropped(stored.meta, accepted.message) },
  };
  return { ok: false, why, dropped: await store.dropActive(stored.meta.activatedAt, why) };
}
