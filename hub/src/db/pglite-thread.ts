import { PGlite, type Transaction } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The thread PGlite runs on (pglite.ts starts it): PostgreSQL in WebAssembly executes a statement
 * synchronously, so on the hub's own thread every insert of the flag log (milliseconds for a
 * national 3101 check) stopped all other requests. Here the hub's thread goes on answering while
 * the database works, and the two share the machine's cores.
 *
 * It imports nothing of ours, so Node runs it as it is (type stripping), under tsx or not. The
 * messages are the Db interface's calls, numbered; each gets one reply. A transaction is opened by
 * `begin` and held until `end`: PGlite queues every other statement behind it, as on one thread.
 */

export interface ThreadOptions {
  dataDir?: string;
  loadDataDir?: Blob;
}

export type ThreadCall =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'exec'; script: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** An error as it crossed the thread: its message and PostgreSQL's fields (code, detail …). */
export interface ThreadError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError };

/** The first message: the database is open, or why it could not be. */
export type ThreadReady = { ready: true } | { ready: false; message: string };

const port = parentPort!;

function describe(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { name: error.name, message: error.message, fields };
}

interface OpenTransaction {
  tx: Transaction;
  /** Ends the transaction: true commits, false rolls back. */
  finish: (commit: boolean) => void;
  /** Settles once it has committed (or rolled back as asked); rejects when the commit failed. */
  done: Promise<void>;
}

async function serve(pg: PGlite): Promise<void> {
  const transactions = new Map<number, OpenTransaction>();
  let nextTx = 0;
  const reply = (id: number, run: () => Promise<unknown>) =>
    run().then(
      (value) => port.postMessage({ id, ok: true, value } satisfies ThreadReply),
      (error: unknown) => port.postMessage({ id, ok: false, error: describe(error) } satisfies ThreadReply),
    );
  const target = (tx: number | undefined) => {
    if (tx === undefined) return pg;
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    return open.tx;
  };

  port.on('message', (call: ThreadCall) => {
    switch (call.op) {
      case 'query':
        return reply(call.id, async () => {
          const result = await target(call.tx).query(call.sql, call.params);
          return { rows: result.rows, affected: result.affectedRows ?? 0 };
        });
      case 'exec':
        return reply(call.id, async () => void (await target(call.tx).exec(call.script)));
      case 'begin': {
        const id = ++nextTx;
        let decide!: (commit: boolean) => void;
        const decided = new Promise<boolean>((resolve) => (decide = resolve));
        let opened!: (tx: Transaction) => void;
        // PGlite commits when the callback returns and rolls back when it throws.
        const ended = pg
          .transaction(async (tx) => {
            opened(tx);
            if (!(await decided)) throw new RolledBack();
          })
          .then(
            () => undefined,
            (error: unknown) => {
              if (!(error instanceof RolledBack)) throw error;
            },
          );
        const began = new Promise<Transaction>((resolve, reject) => {
          opened = resolve;
          // BEGIN failed: said in the answer to this call.
          ended.catch(reject);
        });
        return reply(call.id, async () => {
          transactions.set(id, { tx: await began, finish: decide, done: ended });
          return id;
        });
      }
      case 'end':
        return reply(call.id, async () => {
          const open = transactions.get(call.tx);
          if (!open) throw new Error(`transaction ${call.tx} is not open`);
          open.finish(call.commit);
          try {
            await open.done;
          } finally {
            transactions.delete(call.tx);
          }
        });
      case 'close':
        return reply(call.id, async () => {
          if (!pg.closed) await pg.close();
        });
    }
  });
}

class RolledBack extends Error {}

const options = workerData as ThreadOptions;
PGlite.create({
  ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
}).then(
  (pg) => {
    void serve(pg);
    port.postMessage({ ready: true } satisfies ThreadReady);
  },
  (error: unknown) => port.postMessage({ ready: false, message: error instanceof Error ? error.message : String(error) } satisfies ThreadReady),
);
