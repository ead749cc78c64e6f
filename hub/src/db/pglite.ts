import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, SqlParam } from './db';
import { DamagedDataError, preparePgliteDir } from './pglite-dir';

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
  /** A file that exists only when this data directory was already in use (see preparePgliteDir). */
  usedMarker?: string;
}

/** Opens PGlite on `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Db> {
  if (dataDir !== undefined) preparePgliteDir(dataDir, options.usedMarker);
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(options.template === undefined ? {} : { loadDataDir: options.template }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DamagedDataError(`无法打开数据库目录 ${dataDir ?? '(内存)'}，数据可能已损坏（${reason}）。请停止中心端，从备份恢复数据目录 / cannot open the PGlite database: ${reason}`);
  }
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
