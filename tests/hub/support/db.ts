import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';
import type { Db } from '../../../hub/src/db/db';
import { openPglite } from '../../../hub/src/db/pglite';
import { openPostgres } from '../../../hub/src/db/postgres';
import { pgliteTemplate } from './pglite-template';

/**
 * The databases the hub suite runs on: always an in-memory PGlite; also a real PostgreSQL server
 * when HUB_TEST_DATABASE_URL is set (hub/scripts/start-test-postgres.sh prints one). Each test
 * file gets its own schema on the server, so files can run in parallel against one database.
 *
 * Which tests run on both. PGlite is PostgreSQL compiled to WebAssembly, though not the server's
 * major version (a function newer than the server fails only there). Around the SQL the two differ
 * more: node-postgres and the wire protocol (how parameters are bound and how timestamps, bigints,
 * numerics and JSON come back), a pool of connections instead of one (transactions that really
 * interleave), a server that can go away, a database that other processes share. A test whose
 * outcome could change with any of that runs on DRIVERS: storing and reading records, statistics
 * and their queries, migrations, concurrent writers, outages, two hub processes, backup and
 * restore. A test whose outcome is decided before or after the database, and whose statements run
 * on both drivers in another test, runs on PGlite only: the permission matrix's refusals, request
 * validation, the national envelope, the extension's uploader. That is
 * describe.each(BEHAVIOUR_DRIVERS), or `itOnce(driver)` for single tests in a file that otherwise
 * runs on both.
 */

export type Driver = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.HUB_TEST_DATABASE_URL;
export const DRIVERS: Driver[] = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];
/** For tests the driver cannot change the outcome of (see above). */
export const BEHAVIOUR_DRIVERS: Driver[] = ['pglite'];

/**
 * Inside `describe.each(DRIVERS)`, for a driver-independent test: `it` on PGlite, and on any other
 * driver nothing at all, so the test runs once instead of once per driver (and is not listed as
 * skipped either).
 */
export function itOnce(driver: Driver): (name: string, fn: () => Promise<void>, timeout?: number) => void {
  return driver === 'pglite' ? it : () => undefined;
}

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
