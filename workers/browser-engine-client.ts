import { browser } from 'wxt/browser';
import { ENGINE_PORT_NAME, ENSURE_ENGINE_MESSAGE } from './engine-api';
import { createEngineClient, type EngineClient, type EngineClientOptions } from './engine-client';
import type { PortLike } from './port';

/** Opens a port to the engine owner (the offscreen document on Chrome, the background on Firefox). */
export function connectEnginePort(): PortLike {
  const port = browser.runtime.connect({ name: ENGINE_PORT_NAME });
  // Reading lastError marks it handled: "receiving end does not exist" is an expected, recovered case.
  port.onDisconnect.addListener(() => void browser.runtime.lastError);
  return port;
}

/** Asks the background to (re)create the engine owner; resolves once it reports the engine ready. */
export async function requestEngine(): Promise<void> {
  const answer: unknown = await browser.runtime.sendMessage({ type: ENSURE_ENGINE_MESSAGE });
  if (!(typeof answer === 'object' && answer !== null && (answer as { ready?: unknown }).ready === true)) {
    throw new Error(`engine not ready: ${JSON.stringify(answer)}`);
  }
}

/** The engine client for content scripts and extension pages. */
export function createBrowserEngineClient(options: Partial<EngineClientOptions> = {}): EngineClient {
  return createEngineClient({ connect: connectEnginePort, ensureEngine: requestEngine, ...options });
}
