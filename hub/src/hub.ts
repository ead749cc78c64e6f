import type { Hono } from 'hono';
import { loadPepper } from './auth/pepper';
import type { HubConfig } from './config';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import { createApp } from './http/app';
import type { HubDeps, HubEnv } from './http/env';
import { loadTrustedKeys } from './packs/trusted-keys';

export interface Hub {
  db: Db;
  deps: HubDeps;
  app: Hono<HubEnv>;
}

/** Opens the database, brings its schema up to date and builds the app: everything but listening. */
export async function openHub(config: HubConfig): Promise<Hub> {
  const pepper = loadPepper(config.dataDir, config.tokenPepper);
  const trustedKeys = await loadTrustedKeys(config.trustedKeysFile);
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    // An unknown zone would fail every daily statistic; fail at start-up instead.
    await db.query('SELECT now() AT TIME ZONE $1', [config.timeZone]);
  } catch (error) {
    await db.close();
    throw error;
  }
  const deps: HubDeps = { db, pepper, config, trustedKeys };
  return { db, deps, app: createApp(deps) };
}
