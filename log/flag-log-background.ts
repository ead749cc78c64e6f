import { browser } from 'wxt/browser';
import { installSalt } from '../settings/install-salt';
import { localArea } from '../settings/store';
import type { FlagEvent } from '../contract/flag-event';
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

let shared: FlagLogDb | undefined;

/** The background's one connection to the flag log, whichever of its users starts first. */
export function backgroundFlagLog(): FlagLogDb {
  shared ??= new FlagLogDb();
  return shared;
}

/** Opens the flag log and stores the batches content scripts send. Runs in the background. */
export function startFlagLogBackground(): FlagLogDb {
  const db = backgroundFlagLog();
  let salt: Promise<string> | undefined;
  listenForFlagEvents(browser.runtime.onMessage as unknown as MessageEventLike, {
    db,
    extensionId: browser.runtime.id,
    // Read once per background life; a failed read is tried again with the next batch.
    patientSalt: () => (salt ??= installSalt(localArea()).catch((error: unknown) => {
      salt = undefined;
      throw error;
    })),
    onError: (error) => console.error('[preflight] cannot store flag events', error),
  });
  globalThis.preflightFlagLog = {
    recent: (limit) => recentFlagEvents(db, limit),
    count: () => db.events.count(),
    clear: () => db.events.clear(),
  };
  return db;
}
