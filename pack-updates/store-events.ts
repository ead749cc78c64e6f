/**
 * "The stored pack changed outside the pack service": the engine owner dropped a pack that failed
 * its check at start. On Firefox the owner and the service share the background page, where a
 * runtime message would not reach its own sender; on Chrome the owner is the offscreen document
 * and only a message gets across. Both are sent; whichever has a listener hears it.
 */

const listeners = new Set<() => void>();

export function onStoreChangedHere(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyStoreChangedHere(): void {
  for (const listener of listeners) listener();
}
