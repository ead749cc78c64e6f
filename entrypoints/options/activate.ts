import { browser } from 'wxt/browser';
import { createBrowserEngineClient } from '../../workers/browser-engine-client';
import { PACK_INSTALL_MESSAGE, PackActionAnswerSchema, type PackActionAnswer, type PackRequest } from '../../pack-updates/messages';
import type { ActivateOutcome } from '../../components/options/VersionsPanel';

/** A 2,600-rule pack compiles in well under a second; the first call may also start the engine. */
const LOAD_TIMEOUT_MS = 15_000;

/**
 * Sends a published pack to this browser's engine (the engine port accepts loadPack from
 * extension pages only): an unsigned trial. The engine owner keeps it until the browser
 * restarts, then starts again with the stored active pack; making a pack stick takes a signed
 * envelope and installSignedPack below.
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

/**
 * Hands a signed pack envelope (a file chosen here, or one just signed) to the background, which
 * verifies it against the deployment's trusted keys, loads it into the engine and keeps it as
 * this browser's active pack across restarts. Unlike the trial above, only signed packs pass.
 */
export async function installSignedPack(envelope: string): Promise<PackActionAnswer> {
  const request: PackRequest = { type: PACK_INSTALL_MESSAGE, envelope };
  return PackActionAnswerSchema.parse(await browser.runtime.sendMessage(request));
}
