import { within } from './within';

/** Chrome only: the offscreen document that owns the engine worker. */

export const OFFSCREEN_PATH = '/offscreen.html';

/** The slice of `chrome.offscreen` used here (injected so it can be faked in tests). */
export interface OffscreenLike {
  createDocument(parameters: { url: string; reasons: 'WORKERS'[]; justification: string }): Promise<void>;
}

/** Chrome allows one offscreen document per extension and says so in this error. */
function isAlreadyOpen(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /single offscreen document|already/i.test(message);
}

/**
 * Longest wait for one `createDocument` call. It takes under 2 s on a busy machine; one that has
 * not settled by then is given up on, so the next call can try again instead of waiting forever
 * on a call that never answers.
 */
export const CREATE_DOCUMENT_TIMEOUT_MS = 10_000;

/**
 * Returns a function that makes sure the offscreen document exists. Concurrent callers share one
 * `createDocument` call; "already exists" counts as success, because the document can outlive the
 * service worker that created it and the new worker cannot know (nor whether a call given up on
 * went through after all).
 */
export function createOffscreenEnsurer(offscreen: OffscreenLike, url: string, timeoutMs = CREATE_DOCUMENT_TIMEOUT_MS): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  const create = () =>
    offscreen
      .createDocument({
        url,
        reasons: ['WORKERS'],
        justification: 'Runs the 医保 rule engine in a Web Worker shared by all tabs',
      })
      .catch((error: unknown) => {
        if (!isAlreadyOpen(error)) throw error;
      });
  return () => {
    inFlight ??= within(create(), timeoutMs, () => new Error(`offscreen createDocument did not settle in ${timeoutMs} ms`)).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
