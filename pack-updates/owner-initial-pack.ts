import { browser } from 'wxt/browser';
import { PACK_IMAGE_FORMAT } from '../rules/engine/image';
import { loadDeployment } from '../settings/deployment-store';
import { loadBuiltinPack } from './builtin-pack';
import { loadInitialPack } from './initial-pack';
import { PACK_ACCEPTANCE_MESSAGE, PACK_STORE_CHANGED_MESSAGE, PackAcceptanceAnswerSchema } from './owner-messages';
import { dexiePackStore, type ActivePackStore } from './pack-store';
import { notifyStoreChangedHere } from './store-events';
import type { AcceptanceInputs } from './stored-pack-check';
import { isConfiguredSource, updateSourceOf } from './update-source';

const ASK_ATTEMPTS = 5;
const ASK_PAUSE_MS = 200;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The offscreen document has `runtime` only; the Firefox background page has `storage` too. */
function canReadStorage(): boolean {
  const storage = (browser as unknown as { storage?: { local?: { get?: unknown } } }).storage;
  return typeof storage?.local?.get === 'function';
}

async function readAcceptanceHere(): Promise<AcceptanceInputs> {
  const source = updateSourceOf((await loadDeployment()).value);
  return { ...source, configured: isConfiguredSource(source) };
}

/** Asks the background, which may still be registering its listeners when the document starts. */
async function askBackground(): Promise<AcceptanceInputs> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ASK_ATTEMPTS; attempt++) {
    try {
      const parsed = PackAcceptanceAnswerSchema.safeParse(await browser.runtime.sendMessage({ type: PACK_ACCEPTANCE_MESSAGE }));
      if (parsed.success) return parsed.data;
      lastError = new Error('the background gave no usable answer about trusted keys');
    } catch (error) {
      lastError = error;
    }
    await pause(ASK_PAUSE_MS);
  }
  throw lastError;
}

function notifyStoreChanged(): void {
  notifyStoreChangedHere();
  browser.runtime.sendMessage({ type: PACK_STORE_CHANGED_MESSAGE }).catch(() => undefined);
}

let store: ActivePackStore | undefined;

/**
 * Images are written and read by the same extension build only: an update may read rules
 * differently, so its first start reads the stored pack itself once and writes a new image.
 */
function imageStamp(): string | undefined {
  try {
    return `${PACK_IMAGE_FORMAT}:${browser.runtime.getManifest().version}`;
  } catch {
    return undefined;
  }
}

/**
 * The engine owner's `initialPack`: the stored active pack, verified again with the trusted keys
 * in force now; else the built-in pack on an unconfigured workstation only (see loadInitialPack).
 */
export function ownerInitialPack(): Promise<string | object | undefined> {
  store ??= dexiePackStore();
  return loadInitialPack({
    store,
    readAcceptance: canReadStorage() ? readAcceptanceHere : askBackground,
    loadBuiltin: loadBuiltinPack,
    now: () => new Date(),
    onDropped: notifyStoreChanged,
    onExpired: (notice, first) => {
      console.warn(`[preflight] 规则包已过期: ${notice.id} ${notice.version} ended ${notice.on}; it stays in force until a newer pack is installed`);
      // The notice is in the store now: the background publishes the status with it.
      if (first) notifyStoreChanged();
    },
    onError: (message, error) => console.error(`[preflight] ${message}`, error),
    imageStamp: imageStamp(),
  });
}
