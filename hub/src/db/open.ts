import path from 'node:path';
import type { HubConfig } from '../config';
import type { Db } from './db';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** PostgreSQL when `DATABASE_URL` is set, else PGlite in `<HUB_DATA_DIR>/pglite`. */
export function openConfiguredDb(config: Pick<HubConfig, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(pgliteDir(config.dataDir));
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}
