import pg from 'pg';
import type { Db, Queryable, QueryResult, SqlParam } from './db';

/**
 * The server driver: a `pg` connection pool on `DATABASE_URL`. Several hub processes may share
 * one database; migrations take an advisory lock (see ../migrate.ts) for that reason.
 */

export interface PostgresOptions {
  /** Tests give each run its own schema so they can share one throwaway server. */
  searchPath?: string;
  maxConnections?: number;
}

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
    },
  };
}

export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    // JIT compilation costs 100–200 ms per statement and pays off only for long analytic
    // queries; the hub's statements are short, so it only adds latency.
    options: ['-c jit=off', ...(options.searchPath ? [`-c search_path=${quoteIdent(options.searchPath)}`] : [])].join(' '),
  });
  // An idle client losing its connection (server restart) must not crash the hub.
  pool.on('error', (error) => console.error('[hub] idle database connection failed:', error.message));
  const plain = wrap(pool);
  // Fail at start-up, not on the first request, when the URL is wrong.
  await plain.query('SELECT 1');
  return {
    driver: 'postgres',
    query: plain.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inner = wrap(client);
        const result = await fn({
          query: inner.query,
          async exec(script) {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await pool.end();
    },
  };
}

/** Schema names come from our own code, but quote them anyway: they end up inside a setting. */
function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe schema name: ${name}`);
  return name;
}
