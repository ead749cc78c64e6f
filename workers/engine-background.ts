import { browser } from 'wxt/browser';
import { ENGINE_READY_MESSAGE, EnsureEngineMessageSchema, type AsyncEngineApi } from './engine-api';
import { createEngineClient } from './engine-client';
import { connectEnginePort } from './browser-engine-client';
import type { EngineOwnerOptions } from './engine-owner';
import { startEngineOwner, type EngineReadyAnswer } from './engine-owner-runtime';
import { OFFSCREEN_PATH, createOffscreenEnsurer } from './offscreen-document';

declare global {
  /**
   * The background's own handle on the engine, for the service-worker console and the browser
   * smoke test. It reaches the engine the same way a content script does.
   */
  var preflightEngine: AsyncEngineApi | undefined;
}

const READY_PROBE_ATTEMPTS = 40;
const READY_PROBE_PAUSE_MS = 25;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks the offscreen document whether its engine is ready, waiting for its listener to exist. */
async function probeOffscreenEngine(): Promise<void> {
  let lastError: unknown;
  for (let i = 0; i < READY_PROBE_ATTEMPTS; i++) {
    try {
      const answer = (await browser.runtime.sendMessage({ type: ENGINE_READY_MESSAGE })) as EngineReadyAnswer | undefined;
      if (answer?.ready) return;
      lastError = new Error(answer?.message ?? 'engine owner did not answer');
    } catch (error) {
      // "Receiving end does not exist": the document is still loading its script.
      lastError = error;
    }
    await pause(READY_PROBE_PAUSE_MS);
  }
  throw lastError;
}

/** Answers `preflight:ensure-engine` from content scripts and pages with `{ ready }`. */
export function answerEnsureRequests(ensure: () => Promise<void>): void {
  browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: EngineReadyAnswer) => void) => {
    if (!EnsureEngineMessageSchema.safeParse(message).success) return false;
    ensure().then(
      () => sendResponse({ ready: true }),
      (error: unknown) => sendResponse({ ready: false, message: String(error) }),
    );
    return true; // answer asynchronously
  });
}

/**
 * Chrome: the engine lives in the offscreen document, which outlives service-worker restarts.
 * The background only (re)creates it; it does not listen for engine ports, so they go straight
 * to the document and do not die with the service worker.
 */
function startWithOffscreenDocument(offscreen: NonNullable<typeof browser.offscreen>): void {
  const ensureDocument = createOffscreenEnsurer(offscreen, browser.runtime.getURL(OFFSCREEN_PATH));
  const ensureEngine = async () => {
    await ensureDocument();
    await probeOffscreenEngine();
  };
  answerEnsureRequests(ensureEngine);
  globalThis.preflightEngine = createEngineClient({ connect: connectEnginePort, ensureEngine });
  // Warm the engine now, so the first order typed after browser start is checked at once.
  ensureDocument().catch((error: unknown) => console.error('[preflight] cannot create the offscreen document', error));
}

/** Firefox has no offscreen API, but its background page can own the worker itself. */
function startInBackgroundPage(initialPack: EngineOwnerOptions['initialPack']): void {
  const owner = startEngineOwner(initialPack);
  answerEnsureRequests(() => owner.ensureHealthy());
  globalThis.preflightEngine = owner.engine;
}

/** `initialPack`: what a Firefox background page starts its own engine with; Chrome never calls it. */
export function startEngineBackground(initialPack: EngineOwnerOptions['initialPack']): void {
  // Static gate: the Firefox path (worker, built-in pack) is then tree-shaken out of Chrome's bundle.
  if (import.meta.env.FIREFOX) {
    startInBackgroundPage(initialPack);
    return;
  }
  const offscreen = browser.offscreen as typeof browser.offscreen | undefined;
  if (offscreen) startWithOffscreenDocument(offscreen);
  // Clients then time out and show 审核未完成; there is nowhere else to run the engine.
  else console.error('[preflight] this browser has no offscreen API; the rule engine cannot start');
}
