import pg from 'pg';
import type { Db, Queryable, QueryResult, SqlParam } from './db';
import { DatabaseUnavailableError, isConnectionLost } from './unavailable';

/**
 * The server driver: a `pg` connection pool on `DATABASE_URL`. Several hub processes may share
 * one database; migrations take an advisory lock (see ../migrate.ts) for that reason.
 *
 * The server may go away under the hub (restart, `pg_terminate_backend`, network): every
 * connection, idle or checked out, has an error listener, so a lost connection is an error of the
 * request that used it and never an unhandled 'error' event that kills the process. After a
 * lost connection the hub answers 503 at once for a back-off period (250 ms doubling to 10 s)
 * instead of queueing requests on a dead server; the first request after it tries again, and a
 * success ends the outage.
 */

export interface PostgresOptions {
  /** Tests give each run its own schema so they can share one throwaway server. */
  searchPath?: string;
  maxConnections?: number;
  /** Shown in pg_stat_activity; tests use it to find this hub's own connections. */
  applicationName?: string;
  /** Where outage and recovery are reported; console by default. */
  log?: (message: string) => void;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

/** Tracks an outage: how long to refuse before the next attempt. */
export class Availability {
  private failures = 0;
  private retryAt = 0;

  constructor(private readonly log: (message: string) => void, private readonly now: () => number = Date.now) {}

  /** Throws while in a back-off period. */
  check(): void {
    const wait = this.retryAt - this.now();
    if (wait > 0) throw new DatabaseUnavailableError(Math.max(1, Math.ceil(wait / 1000)));
  }

  failed(error: unknown): DatabaseUnavailableError {
    this.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(this.failures - 1, 10));
    this.retryAt = this.now() + delay;
    const code = (error as { code?: unknown } | null)?.code;
    // Code and driver message only: a server message never carries row data, but keep it short.
    this.log(`[hub] 数据库连接中断（第 ${this.failures} 次${typeof code === 'string' ? `，${code}` : ''}），${delay} ms 后重试 / database connection lost: ${error instanceof Error ? error.message : String(error)}`);
    return new DatabaseUnavailableError(Math.max(1, Math.ceil(delay / 1000)), error);
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.log(`[hub] 数据库连接已恢复 / database connection restored after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.retryAt = 0;
  }

  /** Runs `fn` unless in back-off; a lost connection becomes a DatabaseUnavailableError. */
  async guard<T>(fn: () => Promise<T>): Promise<T> {
    this.check();
    try {
      const result = await fn();
      this.succeeded();
      return result;
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      if (isConnectionLost(error)) throw this.failed(error);
      throw error;
    }
  }
}

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = [], name?: string): Promise<QueryResult<Row>> {
      const result = await (name === undefined ? target.query(sql, [...params]) : target.query({ name, text: sql, values: [...params] }));
      return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
    },
  };
}

export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const log = options.log ?? ((message: string) => console.error(message));
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    // A server that does not answer must not hold requests forever: they get a 503 instead.
    connectionTimeoutMillis: 5_000,
    application_name: options.applicationName ?? 'preflight-hub',
    // JIT compilation costs 100–200 ms per statement and pays off only for long analytic
    // queries; the hub's statements are short, so it only adds latency.
    options: ['-c jit=off', ...(options.searchPath ? [`-c search_path=${quoteIdent(options.searchPath)}`] : [])].join(' '),
  });
  const availability = new Availability(log);
  // An idle client losing its connection (server restart) must not crash the hub; the pool drops it.
  pool.on('error', (error) => log(`[hub] idle database connection failed: ${error.message}`));
  const plain = wrap(pool);
  // Fail at start-up, not on the first request, when the URL is wrong.
  await plain.query('SELECT 1');
  return {
    driver: 'postgres',
    query: (sql, params, name) => availability.guard(() => plain.query(sql, params, name)),
    transaction: (fn) =>
      availability.guard(async () => {
        const client = await pool.connect();
        // A checked-out client has no listener of the pool's: without this one, a connection
        // cut between two statements of the transaction is an unhandled 'error' event.
        let lost: Error | undefined;
        const onError = (error: Error) => {
          lost = error;
        };
        client.on('error', onError);
        let failure: unknown;
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
          failure = error;
          if (!lost && !isConnectionLost(error)) await client.query('ROLLBACK').catch(() => undefined);
          // The statement may have failed for its own reasons just as the connection went away.
          throw lost && !isConnectionLost(error) ? lost : error;
        } finally {
          client.off('error', onError);
          // A broken connection is destroyed, not handed to the next request.
          const broken = lost ?? (isConnectionLost(failure) ? (failure as Error) : undefined);
          client.release(broken ?? undefined);
        }
      }),
    exec: (script) => availability.guard(async () => void (await pool.query(script))),
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
