import type { Db } from '../db/db';
import { isConnectionLost } from '../db/unavailable';
import { insertRows } from '../events/ingest';
import type { EventRow } from '../events/row';

/**
 * The 3101 service's writes to the flag log, in group commits: rows queued while a transaction
 * runs share the next one, so under load the database sees one insert per batch of requests.
 *
 * Two kinds of rows. A check's records are written behind the answer (`enqueue`), as the
 * extension shows its findings first and logs them after: the 事前提醒 answer must not wait for
 * a commit, and a lost connection delays the records (kept and retried) rather than failing the
 * check. A 3103 disposition is written before its answer (`write`): the HIS is told it was
 * recorded only once it was. A process killed outright loses the check records of its last
 * moments (milliseconds under normal load); a stopping hub drains the queue first.
 */

interface Pending {
  rows: readonly EventRow[];
  /** Set for `write` and `drain`: someone waits for this commit. */
  settle?: { resolve: () => void; reject: (error: unknown) => void };
}

/** Rows per transaction: the upload limit, the size the insert statement is tested at. */
const MAX_ROWS = 1000;
/** Check records kept while the database is away: about a day of a large hospital's HIS checks. */
const MAX_QUEUED_ROWS = 500_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

export class EventWriter {
  private queue: Pending[] = [];
  private queued = 0;
  private flushing = false;
  private retryMs = FIRST_RETRY_MS;
  /** Check records given up (queue full, or refused by the database): counted and logged. */
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  /** Written behind the caller: returns at once. */
  enqueue(rows: readonly EventRow[]): void {
    if (rows.length > 0) this.push({ rows });
  }

  /** Resolves once the rows are committed; rejects when they could not be (the caller answers an error). */
  write(rows: readonly EventRow[]): Promise<void> {
    return new Promise((resolve, reject) => this.push({ rows, settle: { resolve, reject } }));
  }

  /** Resolves once everything queued before the call was written (or given up). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.push({ rows: [], settle: { resolve, reject: () => resolve() } }));
  }

  private push(pending: Pending): void {
    this.queue.push(pending);
    this.queued += pending.rows.length;
    while (this.queued > MAX_QUEUED_ROWS) {
      const index = this.queue.findIndex((p) => p.settle === undefined);
      if (index < 0) break;
      const [oldest] = this.queue.splice(index, 1);
      this.giveUp(oldest!, 'queue full while the database is away');
    }
    if (!this.flushing) void this.flush();
  }

  private giveUp(pending: Pending, why: string): void {
    this.queued -= pending.rows.length;
    this.dropped += pending.rows.length;
    this.log(`[hub] 3101 日志记录 ${pending.rows.length} 条未能保存（${why}），累计 ${this.dropped} 条 / ${pending.rows.length} service records dropped: ${why}`);
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.rows.length <= MAX_ROWS)) count += this.queue[n++]!.rows.length;
    return this.queue.splice(0, n);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        const rows = batch.flatMap((p) => p.rows);
        try {
          if (rows.length > 0) await insertRows(this.db, rows);
          this.done(batch);
          this.retryMs = FIRST_RETRY_MS;
        } catch (error) {
          if (isConnectionLost(error)) await this.waitForDatabase(batch, error);
          else await this.oneByOne(batch);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private done(batch: readonly Pending[]): void {
    for (const p of batch) {
      this.queued -= p.rows.length;
      p.settle?.resolve();
    }
  }

  /** Waiting callers get the outage now (their HIS retries); check records go back to the front. */
  private async waitForDatabase(batch: readonly Pending[], error: unknown): Promise<void> {
    const kept = batch.filter((p) => {
      if (p.settle === undefined) return true;
      this.queued -= p.rows.length;
      p.settle.reject(error);
      return false;
    });
    this.queue.unshift(...kept);
    await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  /** One request's rows must not fail the others that shared its transaction. */
  private async oneByOne(batch: readonly Pending[]): Promise<void> {
    for (const [i, p] of batch.entries()) {
      try {
        if (p.rows.length > 0) await insertRows(this.db, p.rows);
        this.done([p]);
      } catch (error) {
        if (p.settle) {
          this.queued -= p.rows.length;
          p.settle.reject(error);
        } else if (isConnectionLost(error)) {
          // The database went away mid-way: this and the rest wait for the next round.
          this.queue.unshift(...batch.slice(i));
          return;
        } else {
          this.giveUp(p, `refused by the database: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
        }
      }
    }
  }
}
