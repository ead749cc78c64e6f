import { acceptPack, reverifyAcceptedPack, type RejectReason } from '../rules/pack/accept';
import type { Pack } from '../rules/pack/schema';
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
  /**
   * `load`: what to hand the engine — the stored image when one was given, else the payload text;
   * `pack`: the validated pack when the payload was read again (none when the image spared that).
   * `expiredOn`: past its end date, yet kept in force (规则包已过期) until a newer pack comes.
   */
  | { ok: true; load: string | object; pack?: Pack; expiredOn?: string }
  /** `dropped` is false when another pack was activated meanwhile (that one was left alone). */
  | { ok: false; why: LastCheck; dropped: boolean };

const identityOf = (meta: StoredPack['meta']) => ({
  id: meta.id,
  version: meta.version,
  ...(meta.effectiveTo !== undefined ? { effective: { to: meta.effectiveTo } } : {}),
});

/**
 * Runs the stored pack through the same acceptance as a download, against the keys trusted now
 * (no rollback check: the stored pack *is* the active one; no expiry check either: an expired
 * pack stays in force, reported as expired, since the alternative is no rules or demo rules). A pack that fails is dropped with its
 * ETag — so the next poll downloads the URL's pack afresh and judges it with the new keys — and
 * the reason is recorded as the last check, where the status shows it.
 */
export async function recheckStoredPack(
  store: ActivePackStore,
  stored: StoredPack,
  inputs: AcceptanceInputs,
  now: Date,
  image?: object,
): Promise<RecheckResult> {
  const { keys } = await importTrustedKeys(inputs.trustedKeys);
  const options = { trustedKeys: keys, now, ...(inputs.expectedPackId !== undefined ? { expectedId: inputs.expectedPackId } : {}) };
  // With an image of the payload kept at acceptance, the signature and the deployment's policy are
  // checked again but the payload is not parsed and validated a second time.
  if (image !== undefined) {
    const reverified = await reverifyAcceptedPack(stored.envelope, identityOf(stored.meta), options);
    if (reverified.ok) return { ok: true, load: image, ...(reverified.expiredOn !== undefined ? { expiredOn: reverified.expiredOn } : {}) };
    return dropStored(store, stored, reverified.reason, reverified.message, now);
  }
  const accepted = await acceptPack(stored.envelope, { ...options, keepExpired: true });
  if (accepted.ok) return { ok: true, load: accepted.payload, pack: accepted.pack, ...(accepted.expiredOn !== undefined ? { expiredOn: accepted.expiredOn } : {}) };
  return dropStored(store, stored, accepted.reason, accepted.message, now);
}

async function dropStored(store: ActivePackStore, stored: StoredPack, reason: RejectReason, message: string, now: Date): Promise<RecheckResult> {
  const why: LastCheck = {
    at: now.toISOString(),
    outcome: 'rejected',
    rejection: { reason, message: storedPackDropped(stored.meta, message) },
  };
  return { ok: false, why, dropped: await store.dropActive(stored.meta.activatedAt, why) };
}
