import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PEPPER_FILE } from '../auth/pepper';
import type { HubConfig } from '../config';
import type { Db } from './db';
import { lockDataDir } from './data-dir-lock';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/**
 * PostgreSQL when `DATABASE_URL` is set, else PGlite in `<HUB_DATA_DIR>/pglite` (created with its
 * parents on first use). Open the database before loading the pepper: a pepper file next to an
 * empty database is how a lost database is told apart from a new installation.
 *
 * A PGlite directory is locked for as long as it is open (data-dir-lock.ts): the CLI beside a
 * running hub is refused instead of writing where the hub cannot see it.
 */
export async function openConfiguredDb(config: Pick<HubConfig, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  const lock = lockDataDir(config.dataDir);
  let db: Db;
  try {
    db = await openPglite(pgliteDir(config.dataDir), { usedMarker: path.join(config.dataDir, PEPPER_FILE) });
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}
