import { acceptPack } from '../rules/pack/accept';
import type { TrustedKey } from '../rules/pack/signature';
import { withdrawalOf, type WithdrawalNotice } from '../rules/pack/withdrawal';
import type { LoadPackOutcome } from '../workers/engine-api';
import type { ActivePackStore, UrlEtag } from './pack-store';
import type { ActivePackMeta, PackIdentity, PackRejection, PackSource } from './pack-types';
import { engineRefusal, engineUnreachable, notStored } from './rejections';

/** The engine as the pack service needs it (the background's engine client, or a fake in tests). */
export interface PackEngine {
  loadPack(payload: string): Promise<LoadPackOutcome>;
  /** Takes the active pack out (every check then answers `no-pack`); absent where the engine cannot. */
  unloadPack?(): Promise<void>;
}

export interface AcceptanceConfig {
  trustedKeys: readonly TrustedKey[];
  expectedPackId?: string | undefined;
  /** Verified withdrawal notices (withdrawals.ts): never installed, and a withdrawn active pack may give way to a lower one. */
  withdrawn?: readonly WithdrawalNotice[];
}

export interface ActivationContext {
  store: ActivePackStore;
  engine: PackEngine;
  now: () => Date;
  /** The pack in force now (stored, else built-in), for rollback protection. */
  currentPack: () => Promise<PackIdentity | undefined>;
}

export type ActivationResult =
  /** `replaced`: the pack in force before was withdrawn, and this is why it gave way. */
  | { outcome: 'updated'; meta: ActivePackMeta; replaced?: { id: string; version: string; reason: string } }
  | { outcome: 'same-version' }
  | { outcome: 'rejected' | 'failed'; rejection: PackRejection };

// ignoreBOM as in acceptPack: the stored text is exactly the bytes that were verified.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Offers a signed envelope for activation: acceptance (signature, schema, id, rollback, expiry),
 * then the engine, then storage — in that order, so the old pack stays in force until the new
 * one has compiled, and nothing that the engine refused is ever stored to come back at start.
 */
export async function activatePack(
  input: string | Uint8Array,
  source: Exclude<PackSource, 'built-in'>,
  config: AcceptanceConfig,
  context: ActivationContext,
  etag?: UrlEtag | null,
): Promise<ActivationResult> {
  const now = context.now();
  const active = await context.currentPack();
  const withdrawn = config.withdrawn ?? [];
  const accepted = await acceptPack(input, {
    trustedKeys: config.trustedKeys,
    active,
    now,
    ...(config.expectedPackId !== undefined ? { expectedId: config.expectedPackId } : {}),
    withdrawn,
    // What came before the active pack matters only when the active one is withdrawn.
    ...(active && withdrawalOf(withdrawn, active) ? { earlier: await context.store.readHistory().catch(() => []) } : {}),
  });
  if (!accepted.ok) {
    if (accepted.reason === 'not-newer') return { outcome: 'same-version' };
    return { outcome: 'rejected', rejection: { reason: accepted.reason, message: accepted.message } };
  }

  let loaded: LoadPackOutcome;
  try {
    loaded = await context.engine.loadPack(accepted.payload);
  } catch (error) {
    return { outcome: 'failed', rejection: engineUnreachable(messageOf(error)) };
  }
  if (!loaded.ok) {
    return { outcome: 'rejected', rejection: engineRefusal(loaded.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ')) };
  }

  const meta: ActivePackMeta = {
    id: accepted.pack.id,
    version: accepted.pack.version,
    ruleCount: loaded.ruleCount,
    source,
    keyId: accepted.keyId,
    activatedAt: now.toISOString(),
    ...(accepted.pack.effective?.to !== undefined ? { effectiveTo: accepted.pack.effective.to } : {}),
  };
  try {
    await context.store.saveActive({ envelope: typeof input === 'string' ? input : utf8.decode(input), meta }, etag);
  } catch (error) {
    return { outcome: 'failed', rejection: notStored(messageOf(error)) };
  }
  const notice = active && withdrawalOf(withdrawn, active);
  return { outcome: 'updated', meta, ...(active && notice ? { replaced: { id: active.id, version: active.version, reason: notice.reason } } : {}) };
}
