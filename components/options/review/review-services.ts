import { browser } from 'wxt/browser';
import { FlagLogDb } from '../../../log/flag-log-db';
import { parseSyncStatus, SYNC_STATUS_KEY, type SyncStatus } from '../../../log/upload/sync-status';
import { loadDeployment } from '../../../settings/deployment-store';
import { loadBuiltinPack } from '../../../pack-updates/builtin-pack';
import { dexiePackStore } from '../../../pack-updates/pack-store';
import type { Names } from '../../../contract/review/names';

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
  /** Rule names from the packs this browser holds (the active one over the built-in one). */
  ruleNames?: (ruleIds: readonly string[]) => Promise<Names['rules']>;
}

type RuleNameMap = Map<string, Names['rules'][string]>;

/**
 * The rules of a pack text — a signed envelope (its payload) or a bare pack — by id, read loosely:
 * the pack was verified when it was accepted, and a name is only a label.
 */
export function rulesOfPackText(text: string | undefined, into: RuleNameMap = new Map()): RuleNameMap {
  if (!text) return into;
  try {
    let pack = JSON.parse(text) as { payload?: unknown; rules?: unknown };
    if (typeof pack.payload === 'string') pack = JSON.parse(pack.payload) as { rules?: unknown };
    if (!Array.isArray(pack.rules)) return into;
    for (const rule of pack.rules as { id?: unknown; name?: unknown; kind?: unknown }[]) {
      if (typeof rule?.id !== 'string' || typeof rule.kind !== 'string') continue;
      into.set(rule.id, { name: typeof rule.name === 'string' && rule.name.trim() ? rule.name.trim() : null, kind: rule.kind });
    }
  } catch {
    // An unreadable pack names nothing; its rules are shown by id.
  }
  return into;
}

/** Looks names up in a map built once, on first use. */
export function ruleNameLookup(load: () => Promise<RuleNameMap>): (ruleIds: readonly string[]) => Promise<Names['rules']> {
  let map: Promise<RuleNameMap> | undefined;
  return async (ruleIds) => {
    map ??= load().catch(() => new Map());
    const known = await map;
    const found: Names['rules'] = {};
    for (const id of ruleIds) {
      const name = known.get(id);
      if (name) found[id] = name;
    }
    return found;
  };
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
    ruleNames: ruleNameLookup(async () => {
      const names = rulesOfPackText(await loadBuiltinPack());
      return rulesOfPackText((await dexiePackStore().readActive())?.envelope, names);
    }),
  };
}
