import { browser } from 'wxt/browser';
import type { FlagEvent } from './flag-event';
import { FlagLogDb, recentFlagEvents } from './flag-log-db';
import { listenForFlagEvents, type MessageEventLike } from './flag-log-receiver';

declare global {
  /** The background's handle on the flag log, for the service-worker console and browser tests. */
  var preflightFlagLog:
    | {
        recent(limit?: number): Promise<FlagEvent[]>;
        count(): Promise<number>;
        clear(): Promise<void>;
      }
    | undefined;
}

/** Opens the flag log and stores the batches content scripts send. Runs in the background. */
export function startFlagLogBackground(): FlagLogDb {
  const db = new FlagLogDb();
  listenForFlagEvents(browser.runtime.onMessage as unknown as MessageEventLike, {
    db,
    extensionId: browser.runtime.id,
    onError: (error) => console.error('[preflight] cannot store flag events', error),
  });
  globalThis.preflightFlagLog = {
    recent: (limit) => recentFlagEvents(db, limit),
    count: () => db.events.count(),
    clear: () => db.events.clear(),
  };
  return db;
}
