import path from 'node:path';
import { PEPPER_FILE } from '../auth/pepper';
import type { HubConfig } from '../config';
import type { Db } from './db';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/**
 * PostgreSQL when `DATABASE_URL` is set, else PGlite in `<HUB_DATA_DIR>/pglite` (created with its
 * parents on first use). Open the database before loading the pepper: a pepper file next to an
 * empty database is how a lost database is told apart from a new installation.
 */
export function openConfiguredDb(config: Pick<HubConfig, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(pgliteDir(config.dataDir), { usedMarker: path.join(config.dataDir, PEPPER_FILE) });
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}
