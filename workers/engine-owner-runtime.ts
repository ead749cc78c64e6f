import { browser } from 'wxt/browser';
import { EngineReadyMessageSchema } from './engine-api';
import { EngineOwner } from './engine-owner';
import { listenForEnginePorts } from './engine-port-server';
import { ENGINE_WORKER_PATH, spawnEngineWorker } from './spawn-engine-worker';

export interface EngineReadyAnswer {
  ready: boolean;
  message?: string;
}

/**
 * Runs in whatever owns the engine: the offscreen document on Chrome, the background page on
 * Firefox. Starts the worker with the active pack, serves engine ports, and answers the
 * background's readiness probe (which also replaces a worker that stopped answering).
 */
export function startEngineOwner(): EngineOwner {
  const owner = new EngineOwner({
    spawn: () =>
      spawnEngineWorker(browser.runtime.getURL(ENGINE_WORKER_PATH), (event) =>
        console.error('[preflight] engine worker error', event.message),
      ),
    // The stored active pack (verified again), else the built-in one. Loaded on demand: the pack
    // schema and the store would otherwise delay the listeners this document must register first.
    initialPack: () => import('./pack-updates/owner-initial-pack').then((m) => m.ownerInitialPack()),
    onError: (message, error) => console.error(`[preflight] ${message}`, error),
  });
  listenForEnginePorts(browser.runtime.onConnect, { engine: owner.engine, extensionOrigin: browser.runtime.getURL('/') });
  browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: EngineReadyAnswer) => void) => {
    if (!EngineReadyMessageSchema.safeParse(message).success) return false;
    owner.ensureHealthy().then(
      () => sendResponse({ ready: true }),
      (error: unknown) => sendResponse({ ready: false, message: String(error) }),
    );
    return true; // answer asynchronously
  });
  return owner;
}
