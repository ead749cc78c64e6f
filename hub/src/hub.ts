import type { Hono } from 'hono';
import { loadPepper } from './auth/pepper';
import type { HubConfig } from './config';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import { checkData } from './db/integrity';
import { DamagedDataError } from './db/pglite-dir';
import { createApp } from './http/app';
import type { HubDeps, HubEnv } from './http/env';
import { loadTrustedKeys } from './packs/trusted-keys';
import { createNhsaService } from './nhsa/service';
import { openSigningKeys } from './packs/signing-key';
import type { TrustedKey } from '../../rules/pack/signature';

export interface Hub {
  db: Db;
  deps: HubDeps;
  app: Hono<HubEnv>;
}

/** Opens the database, brings its schema up to date and builds the app: everything but listening. */
export async function openHub(config: HubConfig): Promise<Hub> {
  const fileKeys = await loadTrustedKeys(config.trustedKeysFile);
  // Before the database: an unsafe or missing key file stops the start with its own message.
  const signing = await openSigningKeys(config.dataDir);
  // One array shared by every user of it: a key rotation adds the next key here (routes/publish.ts).
  const trustedKeys: TrustedKey[] = [...fileKeys, ...(await signing.trustedKeys()).filter((k) => !fileKeys.some((f) => f.keyId === k.keyId))];
  // The database first: see openConfiguredDb on why the pepper file must not exist yet.
  const db = await openConfiguredDb(config);
  let pepper: Buffer;
  try {
    await migrate(db);
    // A damaged database stops the hub here, with a message naming what is wrong.
    const health = await checkData(db, 'full');
    if (!health.ok) throw new DamagedDataError(health.message);
    pepper = loadPepper(config.dataDir, config.tokenPepper);
    // An unknown zone would fail every daily statistic; fail at start-up instead.
    await db.query('SELECT now() AT TIME ZONE $1', [config.timeZone]);
  } catch (error) {
    await db.close();
    throw error;
  }
  const nhsa = createNhsaService(db, { ...config, trustedKeys });
  // Verify and compile the latest pack now, not on the first HIS request (a national pack takes seconds).
  nhsa.packs.get().catch((error: unknown) => console.error('[hub] 3101 规则包预加载失败 / warming the pack failed:', error instanceof Error ? error.message : error));
  const deps: HubDeps = { db, pepper, config, trustedKeys, signing, nhsa };
  return { db, deps, app: createApp(deps) };
}
