import type { AsyncEngineApi, LoadPackOutcome } from './engine-api';
import { within } from './within';

/** A running engine worker as seen by its owner. */
export interface EngineWorkerHandle {
  engine: AsyncEngineApi;
  terminate(): void;
}

export interface EngineOwnerOptions {
  /** Starts a fresh worker (`new Worker(runtime.getURL('/engine-worker.js'))` wrapped with comlink). */
  spawn: () => EngineWorkerHandle;
  /** The pack a fresh owner starts with; `undefined` when there is none to load. */
  initialPack: () => Promise<unknown>;
  /** How long a health probe may take before the worker is presumed dead. */
  healthTimeoutMs?: number;
  /** How long a fresh worker may take to load its pack (a 50k-rule pack compiles in seconds). */
  startTimeoutMs?: number;
  onError?: (message: string, error?: unknown) => void;
}

interface Running {
  handle: EngineWorkerHandle;
  /** Settles once the worker has its pack, so the first check after a start sees rules. */
  ready: Promise<void>;
}

const noAnswer = (ms: number) => () => new Error(`no answer in ${ms} ms`);

/**
 * Owns the engine worker: starts it with the active pack, and replaces it when it stops answering.
 * The pack last loaded through the owner is kept so a replacement worker gets the same rules.
 */
export class EngineOwner {
  private running: Running;
  private lastGoodPack: unknown = undefined;
  private readonly healthTimeoutMs: number;
  private readonly startTimeoutMs: number;

  /** The engine API, routed to whichever worker is current; calls wait for its pack to load. */
  readonly engine: AsyncEngineApi = {
    loadPack: async (packJson) => {
      const outcome = await (await this.current()).loadPack(packJson);
      if (outcome.ok) this.lastGoodPack = packJson;
      return outcome;
    },
    unloadPack: async () => {
      // A replacement worker starts from the initial pack again, not from the one taken out.
      this.lastGoodPack = undefined;
      await (await this.current()).unloadPack();
    },
    check: async (order, sessionKey) => (await this.current()).check(order, sessionKey),
    status: async () => (await this.current()).status(),
    endSession: async (sessionKey) => (await this.current()).endSession(sessionKey),
  };

  constructor(private readonly options: EngineOwnerOptions) {
    this.healthTimeoutMs = options.healthTimeoutMs ?? 500;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.running = this.start();
  }

  /** Resolves when the current worker has loaded its pack (or found none to load). */
  ready(): Promise<void> {
    return this.running.ready;
  }

  /** Probes the worker; a worker that does not answer in time is replaced. */
  async ensureHealthy(): Promise<void> {
    const running = this.running;
    try {
      await within(running.ready, this.startTimeoutMs, noAnswer(this.startTimeoutMs));
      await within(running.handle.engine.status(), this.healthTimeoutMs, noAnswer(this.healthTimeoutMs));
    } catch (error) {
      if (this.running !== running) return this.running.ready;
      this.options.onError?.('engine worker stopped answering; starting a new one', error);
      running.handle.terminate();
      this.running = this.start();
    }
    return this.running.ready;
  }

  private async current(): Promise<AsyncEngineApi> {
    const running = this.running;
    await running.ready;
    return running.handle.engine;
  }

  private start(): Running {
    const handle = this.options.spawn();
    const ready = this.loadInto(handle).catch((error: unknown) => {
      // The engine still answers (with `no-pack`), which the UI shows as 审核未完成.
      this.options.onError?.('engine started without a pack', error);
    });
    return { handle, ready };
  }

  private async loadInto(handle: EngineWorkerHandle): Promise<void> {
    const pack = this.lastGoodPack !== undefined ? this.lastGoodPack : await this.options.initialPack();
    if (pack === undefined) return;
    const outcome: LoadPackOutcome = await handle.engine.loadPack(pack);
    if (!outcome.ok) throw new Error(`pack rejected: ${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.lastGoodPack = pack;
  }
}
