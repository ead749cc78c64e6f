import { browser } from 'wxt/browser';
import { FlagLogDb } from '../../../log/flag-log-db';
import { parseSyncStatus, SYNC_STATUS_KEY, type SyncStatus } from '../../../log/upload/sync-status';
import { loadDeployment } from '../../../settings/deployment-store';

/** What the 审核记录 tab reads: the flag log, the upload status, the hub's address; or test doubles. */
export interface ReviewTabServices {
  /** The flag log in this extension's origin (the background writes it). */
  db: FlagLogDb;
  /** `preflight.syncStatus` as the background's uploader publishes it. */
  readSync(): Promise<SyncStatus>;
  /** Calls back on every change of the status; returns the unsubscribe. */
  watchSync?(onChange: (status: SyncStatus) => void): () => void;
  /** The configured hub URL, if any: its root serves the hub's own review dashboard. */
  hubUrl(): Promise<string | undefined>;
  /** The zone days are counted in; the browser's own when absent. */
  timeZone?: string;
}

/** The hub's dashboard: the hub URL's root (hub/README.md), whatever path prefix a proxy adds. */
export function dashboardUrl(hubUrl: string | undefined): string | undefined {
  if (!hubUrl) return undefined;
  try {
    const url = new URL(hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

let db: FlagLogDb | undefined;

export function browserReviewServices(): ReviewTabServices {
  db ??= new FlagLogDb();
  return {
    db,
    readSync: async () => parseSyncStatus((await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]),
    watchSync(onChange) {
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && SYNC_STATUS_KEY in changes) onChange(parseSyncStatus(changes[SYNC_STATUS_KEY]!.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    hubUrl: async () => (await loadDeployment()).value.hubUrl,
  };
}
