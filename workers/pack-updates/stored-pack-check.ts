import { acceptPack } from '../../rules/pack/accept';
import type { ActivePackStore, StoredPack } from './pack-store';
import type { LastCheck } from './pack-types';
import { storedPackDropped } from './rejections';
import { importTrustedKeys } from './trusted-keys';

/** The deployment fields a stored pack is judged by; the engine owner gets them from the background on Chrome. */
export interface AcceptanceInputs {
  trustedKeys: readonly unknown[];
  expectedPackId?: string | undefined;
}

export type RecheckResult =
  | { ok: true; payload: string }
  /** `dropped` is false when another pack was activated meanwhile (that one was left alone). */
  | { ok: false; why: LastCheck; dropped: boolean };

/**
 * Runs the stored pack through the same acceptance as a download, against the keys trusted now
 * (no rollback check: the stored pack *is* the active one). A pack that fails is dropped with its
 * ETag — so the next poll downloads the URL's pack afresh and judges it with the new keys — and
 * the reason is recorded as the last check, where the status shows it.
 */
export async function recheckStoredPack(store: ActivePackStore, stored: StoredPack, inputs: AcceptanceInputs, now: Date): Promise<RecheckResult> {
  const { keys } = await importTrustedKeys(inputs.trustedKeys);
  const accepted = await acceptPack(stored.envelope, {
    trustedKeys: keys,
    now,
    ...(inputs.expectedPackId !== undefined ? { expectedId: inputs.expectedPackId } : {}),
  });
  if (accepted.ok) return { ok: true, payload: accepted.payload };
  const why: LastCheck = {
    at: now.toISOString(),
    outcome: 'rejected',
    rejection: { reason: accepted.reason, message: storedPackDropped(stored.meta, accepted.message) },
  };
  return { ok: false, why, dropped: await store.dropActive(stored.meta.activatedAt, why) };
}
