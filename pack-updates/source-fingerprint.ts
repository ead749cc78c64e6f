import type { UpdateSource } from './update-source';
import { sha256Hex } from '../rules/pack/hex';

/**
 * What the pack service last saw of the deployment, kept in the pack store. A deployment change
 * can happen while the service worker sleeps (it then starts already seeing the new values), so
 * "did the keys change?" is answered against this record, not against memory.
 */
export interface SourceFingerprint {
  url: string | null;
  intervalMinutes: number;
  /** Digest of the trusted keys and expected pack id. */
  acceptance: string;
  /** Digest of the hub authorization (the token itself is not copied into another store). */
  access: string;
}

async function digest(value: unknown): Promise<string> {
  return (await sha256Hex(JSON.stringify(value ?? null))).slice(0, 32);
}

export async function fingerprintOf(source: UpdateSource): Promise<SourceFingerprint> {
  return {
    url: source.url,
    intervalMinutes: source.intervalMinutes,
    acceptance: await digest([source.trustedKeys, source.expectedPackId ?? null]),
    access: await digest(source.authorization ?? null),
  };
}

export interface SourceChanges {
  /** Trusted keys or expected id differ: the stored pack must pass acceptance again. */
  acceptance: boolean;
  /** Where or how packs are fetched differs, or acceptance does: check soon rather than at the next interval. */
  source: boolean;
  interval: boolean;
}

/** Differences from what was seen; everything counts as changed when nothing was seen yet. */
export function compareFingerprints(seen: SourceFingerprint | null, now: SourceFingerprint): SourceChanges {
  if (seen === null) return { acceptance: true, source: true, interval: true };
  const acceptance = seen.acceptance !== now.acceptance;
  return {
    acceptance,
    source: acceptance || seen.url !== now.url || seen.access !== now.access,
    interval: seen.intervalMinutes !== now.intervalMinutes,
  };
}
