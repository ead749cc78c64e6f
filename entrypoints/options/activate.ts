import { createBrowserEngineClient } from '../../workers/browser-engine-client';
import type { ActivateOutcome } from '../../components/options/VersionsPanel';

/** A 2,600-rule pack compiles in well under a second; the first call may also start the engine. */
const LOAD_TIMEOUT_MS = 15_000;

/**
 * Sends a published pack to this browser's engine (the engine port accepts loadPack from
 * extension pages only). The engine owner keeps it until the browser restarts, then starts
 * again with the built-in pack: there is no background API yet that verifies, stores and
 * re-applies a pack chosen here. When the background gains one (signed packs through
 * rules/pack/accept.ts), this is the one function to change.
 */
export async function activatePackInThisBrowser(packJson: string): Promise<ActivateOutcome> {
  const client = createBrowserEngineClient({ timeoutMs: LOAD_TIMEOUT_MS, retries: 0 });
  try {
    const outcome = await client.loadPack(packJson);
    if (outcome.ok) return { ok: true, version: outcome.version, ruleCount: outcome.ruleCount };
    return { ok: false, message: outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    client.close();
  }
}
