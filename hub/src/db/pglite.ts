import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, SqlParam } from './db';

/**
 * The embedded driver: PostgreSQL compiled to WebAssembly, one connection, its data directory on
 * disk (or in memory for tests). PGlite serialises statements itself, so concurrent requests
 * simply queue; a transaction holds the connection until it commits.
 */

function wrap(target: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, [...params]);
      return { rows: result.rows, affected: result.affectedRows ?? 0 };
    },
  };
}

export interface PgliteOptions {
  /**
   * A dumped data directory (`dumpDataDir`) to start from instead of running initdb, which takes
   * seconds; tests use it to get a fresh database quickly.
   */
  template?: Blob;
}

/** Opens PGlite on `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Db> {
  const pg = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(options.template === undefined ? {} : { loadDataDir: options.template }),
  });
  const plain = wrap(pg);
  return {
    driver: 'pglite',
    query: plain.query,
    async transaction(fn) {
      return pg.transaction(async (tx) => {
        const inner = wrap(tx);
        return fn({
          query: inner.query,
          async exec(script) {
            await tx.exec(script);
          },
        });
      });
    },
    async exec(script) {
      await pg.exec(script);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
