import type { Db } from './db';
import { DatabaseUnavailableError } from './unavailable';

/**
 * Checks that the database holds the hub's data and that its tables can be read end to end.
 *
 * - `quick` (every /healthz): the marker row written when the schema was created is there, and
 *   each table answers a query.
 * - `full` (start-up): also counts every table twice, once by reading the heap and once through
 *   its primary-key index. A truncated or damaged table file shows as a read error or as two
 *   different counts (the index still lists rows whose pages are gone).
 */

export const HUB_TABLES = ['tokens', 'events', 'verdicts', 'rule_reports', 'packs', 'event_rollup', 'schema_migrations', 'hub_instance', 'rule_names', 'prescribers', 'appeal_links', 'appeals', 'order_summaries'] as const;

export type DataHealth = { ok: true; instance: string } | { ok: false; message: string };

const damaged = (what: string): DataHealth => ({
  ok: false,
  message: `数据库已损坏或不完整：${what}。请停止中心端并从备份恢复数据 / the database is damaged or incomplete: ${what}`,
});

const short = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

export async function checkData(db: Db, depth: 'quick' | 'full'): Promise<DataHealth> {
  let instance: string;
  let table: string = 'hub_instance';
  try {
    const marker = await db.query<{ id: string }>('SELECT id FROM hub_instance');
    if (marker.rows.length !== 1) return damaged('标记行 hub_instance 缺失 / the marker row is missing');
    instance = marker.rows[0]!.id;
    for (table of HUB_TABLES) await db.query(`SELECT 1 FROM ${table} LIMIT 1`);
  } catch (error) {
    // A lost PostgreSQL connection is an outage, not damage: let the caller answer 503.
    if (error instanceof DatabaseUnavailableError) throw error;
    return damaged(`表 ${table}：${short(error)}`);
  }
  if (depth === 'quick') return { ok: true, instance };
  for (const table of HUB_TABLES) {
    try {
      const counts = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_indexscan = off');
        await tx.query('SET LOCAL enable_indexonlyscan = off');
        await tx.query('SET LOCAL enable_bitmapscan = off');
        const heap = await tx.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`);
        await tx.query('SET LOCAL enable_seqscan = off');
        await tx.query('SET LOCAL enable_indexscan = on');
        await tx.query('SET LOCAL enable_indexonlyscan = on');
        // Every table has a primary key or unique index: with the heap scan disabled the planner
        // counts through it.
        const indexed = await tx.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`);
        return { heap: Number(heap.rows[0]!.n), indexed: Number(indexed.rows[0]!.n) };
      });
      if (counts.heap !== counts.indexed) {
        return damaged(`表 ${table} 的数据页与索引不一致（数据 ${counts.heap} 行，索引 ${counts.indexed} 行）/ table ${table}: ${counts.heap} rows in the heap, ${counts.indexed} in its index`);
      }
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      return damaged(`表 ${table}：${short(error)}`);
    }
  }
  return { ok: true, instance };
}

