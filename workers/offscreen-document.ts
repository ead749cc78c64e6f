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
 * Returns a function that makes sure the offscreen document exists. Concurrent callers share one
 * `createDocument` call; "already exists" counts as success, because the document can outlive the
 * service worker that created it and the new worker cannot know.
 */
export function createOffscreenEnsurer(offscreen: OffscreenLike, url: string): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  return () => {
    inFlight ??= offscreen
      .createDocument({
        url,
        reasons: ['WORKERS'],
        justification: 'Runs the 医保 rule engine in a Web Worker shared by all tabs',
      })
      .catch((error: unknown) => {
        if (!isAlreadyOpen(error)) throw error;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
