import { Worker } from 'node:worker_threads';
import type { Db, Queryable, QueryResult, SqlParam } from './db';
import { DamagedDataError, preparePgliteDir } from './pglite-dir';
import type { ThreadCall, ThreadError, ThreadOptions, ThreadReady, ThreadReply } from './pglite-thread';

/**
 * The embedded driver: PostgreSQL compiled to WebAssembly, one connection, its data directory on
 * disk (or in memory for tests). PGlite runs on a thread of its own (pglite-thread.ts), so its
 * statements never hold up the hub's event loop; it serialises them itself, so concurrent requests
 * simply queue, and a transaction holds the connection until it commits.
 */

export interface PgliteOptions {
  /**
   * A dumped data directory (`dumpDataDir`) to start from instead of running initdb, which takes
   * seconds; tests use it to get a fresh database quickly.
   */
  template?: Blob;
  /** A file that exists only when this data directory was already in use (see preparePgliteDir). */
  usedMarker?: string;
}

/** A call as the driver makes it; the thread's numbering is added on sending. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Call = WithoutId<ThreadCall>;

/** An error from the thread, with PostgreSQL's fields (code, detail …) where it had them. */
function errorFrom(thrown: ThreadError): Error {
  const error = new Error(thrown.message);
  error.name = thrown.name;
  return Object.assign(error, thrown.fields);
}

/** The thread and its calls in flight; it keeps the process alive only while a call waits. */
class Thread {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private gone: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (reply: ThreadReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.settled(reply.id);
      if (reply.ok) call.resolve(reply.value);
      else call.reject(errorFrom(reply.error));
    });
    const fail = (error: Error) => {
      this.gone ??= error;
      for (const [id, call] of this.pending) {
        this.settled(id);
        call.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database thread stopped (exit code ${code})`)));
  }

  call<T>(call: Call): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = ++this.next;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...call, id } as ThreadCall);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

function queryable(thread: Thread, tx?: number): Queryable & { exec(script: string): Promise<void> } {
  const scope = tx === undefined ? {} : { tx };
  return {
    query: <Row>(sql: string, params: readonly SqlParam[] = []) => thread.call<QueryResult<Row>>({ op: 'query', sql, params: [...params], ...scope }),
    exec: (script) => thread.call<void>({ op: 'exec', script, ...scope }),
  };
}

/** Opens PGlite on `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Db> {
  if (dataDir !== undefined) preparePgliteDir(dataDir, options.usedMarker);
  const workerData: ThreadOptions = {
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(options.template === undefined ? {} : { loadDataDir: options.template }),
  };
  const worker = new Worker(new URL('./pglite-thread.ts', import.meta.url), { workerData });
  const ready = await new Promise<ThreadReady>((resolve) => {
    const failed = (error: Error) => resolve({ ready: false, message: error.message });
    worker.once('error', failed);
    worker.once('message', (message: ThreadReady) => {
      worker.off('error', failed);
      resolve(message);
    });
  });
  if (!ready.ready) {
    await worker.terminate();
    throw new DamagedDataError(`无法打开数据库目录 ${dataDir ?? '(内存)'}，数据可能已损坏（${ready.message}）。请停止中心端，从备份恢复数据目录 / cannot open the PGlite database: ${ready.message}`);
  }
  const thread = new Thread(worker);
  const plain = queryable(thread);
  let closed = false;
  return {
    driver: 'pglite',
    query: plain.query,
    async transaction(fn) {
      const tx = await thread.call<number>({ op: 'begin' });
      let result;
      try {
        result = await fn(queryable(thread, tx));
      } catch (error) {
        await thread.call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await thread.call({ op: 'end', tx, commit: true });
      return result;
    },
    exec: plain.exec,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await thread.call({ op: 'close' });
      } finally {
        await thread.stop();
      }
    },
  };
}
