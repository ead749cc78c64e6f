import { browser } from 'wxt/browser';
import { EngineReadyMessageSchema } from './engine-api';
import { EngineOwner, type EngineOwnerOptions } from './engine-owner';
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
 * `initialPack` comes from the caller: choosing the pack is pack-updates' job, which itself
 * reaches the engine through workers/.
 */
export function startEngineOwner(initialPack: EngineOwnerOptions['initialPack']): EngineOwner {
  const owner = new EngineOwner({
    spawn: () =>
      spawnEngineWorker(browser.runtime.getURL(ENGINE_WORKER_PATH), (event) =>
        console.error('[preflight] engine worker error', event.message),
      ),
    initialPack,
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
