import type { Db } from '../db/db';
import { insertRows } from '../events/ingest';
import type { EventRow } from '../events/row';

/**
 * Group commit for the 3101 service's flag-log rows. Every answer is sent only after its rows
 * committed (as uploads are), but requests that arrive while a transaction is running share the
 * next one: under load the database sees one insert per batch of requests, not one per request,
 * and an idle hub writes at once. The rows go into the same statement as uploads (events and the
 * rollup counters together).
 */

interface Pending {
  rows: readonly EventRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per transaction; the upload limit, so one statement stays the size uploads are tested at. */
const MAX_ROWS = 1000;

export class EventWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  /** Resolves once the rows are committed (ids already stored count as written: retries are harmless). */
  write(rows: readonly EventRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.rows.length <= MAX_ROWS)) {
      count += this.queue[n]!.rows.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        try {
          await insertRows(this.db, batch.flatMap((p) => p.rows));
          for (const p of batch) p.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          // One request's rows must not fail the others that happened to share its transaction.
          else for (const p of batch) await insertRows(this.db, p.rows).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
