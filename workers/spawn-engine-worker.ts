import * as Comlink from 'comlink';
import type { AsyncEngineApi, EngineApi } from './engine-api';
import type { EngineWorkerHandle } from './engine-owner';

/** Extension path of the worker bundle built from entrypoints/engine-worker.ts. */
export const ENGINE_WORKER_PATH = '/engine-worker.js';

/**
 * Starts the engine worker from its extension URL. A classic worker: WXT builds unlisted scripts
 * as one self-contained file, and the Vite `new URL(...)` worker pattern breaks `wxt` dev mode.
 */
export function spawnEngineWorker(url: string, onError?: (event: ErrorEvent) => void): EngineWorkerHandle {
  const worker = new Worker(url);
  if (onError) worker.addEventListener('error', onError);
  const remote = Comlink.wrap<EngineApi>(worker);
  return {
    engine: remote as unknown as AsyncEngineApi,
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
