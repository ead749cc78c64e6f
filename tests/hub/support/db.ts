import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../../hub/src/db/db';
import { openPglite } from '../../../hub/src/db/pglite';
import { openPostgres } from '../../../hub/src/db/postgres';
import { pgliteTemplate } from './pglite-template';

/**
 * The databases the hub suite runs on: always an in-memory PGlite; also a real PostgreSQL server
 * when HUB_TEST_DATABASE_URL is set (hub/scripts/start-test-postgres.sh prints one). Each test
 * file gets its own schema on the server, so files can run in parallel against one database.
 */

export type Driver = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.HUB_TEST_DATABASE_URL;
export const DRIVERS: Driver[] = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Opening a database can take seconds on a busy machine (PGlite runs in WebAssembly). */
export const OPEN_TIMEOUT_MS = 120_000;

export interface TestDb {
  db: Db;
  dispose(): Promise<void>;
}

export async function openTestDb(driver: Driver): Promise<TestDb> {
  if (driver === 'pglite') {
    const db = await openPglite(undefined, { template: await pgliteTemplate() });
    return { db, dispose: () => db.close() };
  }
  if (!POSTGRES_URL) throw new Error('HUB_TEST_DATABASE_URL is not set');
  const schema = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPostgres(POSTGRES_URL, { searchPath: schema });
  return {
    db,
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
