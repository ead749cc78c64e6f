import type { AsyncEngineApi } from '../workers/engine-api';
import { createEngineClient } from '../workers/engine-client';
import { connectEnginePort } from '../workers/browser-engine-client';
import type { PackEngine } from './activation';

/**
 * A large pack takes seconds to validate and compile, far beyond the background client's
 * per-call timeout (sized for checks that answer in a millisecond); loadPack gets its own.
 */
const LOAD_TIMEOUT_MS = 120_000;

function backgroundEngine(): AsyncEngineApi {
  const engine = globalThis.preflightEngine;
  if (!engine) throw new Error('the rule engine has not been started in this background');
  return engine;
}

/** The engine as the background's pack service reaches it; start it after startEngineBackground(). */
export function backgroundPackEngine(): PackEngine {
  // Firefox: the background page owns the engine, and its handle has no per-call timeout.
  if (import.meta.env.FIREFOX) {
    return { loadPack: (payload) => backgroundEngine().loadPack(payload), unloadPack: () => backgroundEngine().unloadPack() };
  }
  // Chrome: the offscreen document owns it. The background's own client (which creates the
  // document when needed) makes sure it runs; this one only carries the long call.
  const client = createEngineClient({
    connect: connectEnginePort,
    ensureEngine: () => backgroundEngine().status(),
    timeoutMs: LOAD_TIMEOUT_MS,
    retries: 1,
  });
  return {
    async loadPack(payload) {
      await backgroundEngine().status();
      return client.loadPack(payload);
    },
    async unloadPack() {
      await backgroundEngine().status();
      await client.unloadPack();
    },
  };
}
