import type { Db } from '../db/db';
import { isConnectionLost } from '../db/unavailable';
import { insertRows } from '../events/ingest';
import type { EventRow, StoredSummary } from '../events/row';

/**
 * The 3101 service's writes to the flag log, in group commits. Every request's records are
 * committed before its answer: a HIS that got an answer has its check in the log (nothing the
 * 质控 reviews is lost to a crash), and a 3103 disposition is acknowledged only once recorded.
 * Records that arrive while a transaction runs share the next one, so under load the database
 * sees one insert (and one commit) per batch of requests rather than per request.
 *
 * A lost connection fails the requests of that batch (their answer is 503; the HIS retries, and
 * its message id keeps a retry from storing anything twice). A batch the database refuses for
 * its data is retried request by request, so one request's records never fail the others.
 */

export interface LogWrite {
  rows: readonly EventRow[];
  /** Order summaries the rows name by summary_id (stored once per order). */
  summaries?: readonly StoredSummary[];
}

interface Pending extends LogWrite {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per transaction: the upload limit, the size the insert statement is tested at. */
const MAX_ROWS = 1000;

export class EventWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /** Resolves once the records are committed; rejects when they could not be (the caller answers an error). */
  write(records: LogWrite): Promise<void> {
    if (records.rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ ...records, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves once every write begun before the call has settled (a stopping hub waits for it). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.rows.length <= MAX_ROWS)) count += this.queue[n++]!.rows.length;
    return this.queue.splice(0, n);
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        try {
          await this.insert(batch);
          for (const p of batch) p.resolve();
        } catch (error) {
          if (isConnectionLost(error) || batch.length === 1) for (const p of batch) p.reject(error);
          else await this.oneByOne(batch);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private insert(batch: readonly Pending[]): Promise<number> {
    const rows = batch.flatMap((p) => p.rows);
    const summaries = new Map(batch.flatMap((p) => p.summaries ?? []).map((s) => [s.id, s]));
    return insertRows(this.db, rows, [...summaries.values()]);
  }

  /** One request's records must not fail the others that shared its transaction. */
  private async oneByOne(batch: readonly Pending[]): Promise<void> {
    for (const p of batch) {
      try {
        await this.insert([p]);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
