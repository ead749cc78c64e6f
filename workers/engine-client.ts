import { EngineResponseSchema, engineResultSchemas, type AsyncEngineApi, type EngineApi, type EngineMethod } from './engine-api';
import type { EngineErrorCode } from '../contract/engine-errors';
import type { PortLike } from './port';
import { within } from './within';

/** A call that got no engine answer. The UI shows 审核未完成 for any of these, never "no problems". */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}

/** Failures after which a fresh port (and possibly a fresh engine owner) may succeed. */
const RECOVERABLE: ReadonlySet<EngineErrorCode> = new Set(['timeout', 'disconnected']);

export interface EngineClientOptions {
  /** Opens a new port to the engine owner (`runtime.connect({ name: ENGINE_PORT_NAME })`). */
  connect: () => PortLike;
  /** Asks whoever can to (re)create the engine owner; resolves when it is ready. */
  ensureEngine: () => Promise<unknown>;
  /** Per attempt. A warm engine answers in about a millisecond; this bounds a silently dead port. */
  timeoutMs?: number;
  /** Bound on `ensureEngine`, which may spawn a document and a worker and compile a pack (default 5 s). */
  ensureTimeoutMs?: number;
  /** Attempts after the first, each on a fresh port. */
  retries?: number;
}

export type EngineClient = AsyncEngineApi & {
  /** Drops the port; in-flight calls fail with `disconnected`. The client reconnects on the next call. */
  close(): void;
};

interface Pending {
  method: EngineMethod;
  port: PortLike;
  resolve: (value: unknown) => void;
  reject: (error: EngineError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Connection {
  port: PortLike;
  onMessage: (message: unknown) => void;
  onDisconnect: () => void;
}


/**
 * Request/response over a `runtime.Port` with ids and timeouts. A port can stop delivering after a
 * service-worker restart without any `onDisconnect`, so a call that times out is treated like a
 * dropped port: the client drops it, asks for the engine to be re-created, reconnects and retries.
 * Calls always settle, with the result or an `EngineError`.
 */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  const timeoutMs = options.timeoutMs ?? 1000;
  // A cold start (document, worker, a 2,000-rule pack validated and compiled) takes 1–2 s on an idle machine.
  const ensureTimeoutMs = options.ensureTimeoutMs ?? 5000;
  const retries = options.retries ?? 1;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let connection: Connection | undefined;
  /** Shared by concurrent calls that failed on the same port, so the engine is re-created once. */
  let recovery: { port: PortLike | undefined; done: Promise<void> } | undefined;

  function failPending(port: PortLike, code: EngineErrorCode, message: string): void {
    for (const [id, entry] of pending) {
      if (entry.port !== port) continue;
      pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(new EngineError(code, message));
    }
  }

  function drop(port: PortLike): void {
    if (connection?.port !== port) return;
    const { onMessage, onDisconnect } = connection;
    connection = undefined;
    port.onMessage.removeListener(onMessage);
    port.onDisconnect.removeListener(onDisconnect);
    try {
      port.disconnect();
    } catch {
      // Already gone; nothing to release.
    }
    failPending(port, 'disconnected', 'engine port closed');
  }

  function handleMessage(port: PortLike, message: unknown): void {
    const parsed = EngineResponseSchema.safeParse(message);
    if (!parsed.success) return; // Not ours to answer, or garbage: its caller will time out.
    const entry = pending.get(parsed.data.id);
    // Unknown id: a late answer to a call that already timed out.
    if (!entry || entry.port !== port) return;
    pending.delete(parsed.data.id);
    clearTimeout(entry.timer);
    if (!parsed.data.ok) {
      entry.reject(new EngineError(parsed.data.error.code, parsed.data.error.message));
      return;
    }
    const result = engineResultSchemas[entry.method].safeParse(parsed.data.result);
    if (result.success) entry.resolve(result.data);
    else entry.reject(new EngineError('bad-response', `engine answered ${entry.method} with an unexpected shape`));
  }

  function currentPort(): PortLike {
    if (connection) return connection.port;
    const port = options.connect();
    const onMessage = (message: unknown): void => handleMessage(port, message);
    const onDisconnect = (): void => drop(port);
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(onDisconnect);
    connection = { port, onMessage, onDisconnect };
    return port;
  }

  function openPort(): PortLike | EngineError {
    try {
      return currentPort();
    } catch (error) {
      // `runtime.connect` throws once the extension context is invalidated (extension reloaded).
      return new EngineError('disconnected', `cannot open engine port: ${String(error)}`);
    }
  }

  function attempt(port: PortLike, method: EngineMethod, args: unknown[]): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new EngineError('timeout', `engine did not answer ${method} in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { method, port, resolve, reject, timer });
      try {
        port.postMessage({ id, method, args });
      } catch {
        // Posting on a port whose other end is gone throws in Chrome.
        drop(port);
      }
    });
  }

  function recover(failedOn: PortLike | undefined): Promise<void> {
    if (recovery && recovery.port === failedOn) return recovery.done;
    if (failedOn) drop(failedOn);
    const done = within(Promise.resolve().then(options.ensureEngine), ensureTimeoutMs, () => new EngineError('timeout', `ensureEngine did not finish in ${ensureTimeoutMs} ms`)).then(
      () => undefined,
      // A failed ensure is not fatal by itself: the retry decides.
      () => undefined,
    );
    const current = { port: failedOn, done };
    recovery = current;
    void done.then(() => {
      if (recovery === current) recovery = undefined;
    });
    return done;
  }

  async function call<K extends EngineMethod>(method: K, args: Parameters<EngineApi[K]>): Promise<ReturnType<EngineApi[K]>> {
    // A call made while the engine is being re-created waits for it rather than racing it.
    if (recovery) await recovery.done;
    let lastError: EngineError | undefined;
    let failedOn: PortLike | undefined;
    for (let round = 0; round <= retries; round++) {
      if (lastError) await recover(failedOn);
      const port = openPort();
      if (port instanceof EngineError) {
        lastError = port;
        failedOn = undefined;
        continue;
      }
      try {
        // The answer was checked against this method's result schema in handleMessage.
        return (await attempt(port, method, args)) as ReturnType<EngineApi[K]>;
      } catch (error) {
        if (!isEngineError(error) || !RECOVERABLE.has(error.code)) throw error;
        lastError = error;
        failedOn = port;
      }
    }
    throw lastError ?? new EngineError('disconnected', 'engine unreachable');
  }

  return {
    loadPack: (pack) => call('loadPack', [pack]),
    unloadPack: () => call('unloadPack', []),
    // Ports serialise as JSON, where an `undefined` argument would arrive as null.
    check: (order, sessionKey) => call('check', sessionKey === undefined ? [order] : [order, sessionKey]),
    status: () => call('status', []),
    endSession: (sessionKey) => call('endSession', [sessionKey]),
    close() {
      if (connection) drop(connection.port);
    },
  };
}
