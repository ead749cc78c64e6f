import { FLAG_EVENTS_MAX_BATCH, FLAG_EVENTS_MESSAGE, FlagEventsAnswerSchema } from './flag-log-messages';
import type { FlagEvent } from '../contract/flag-event';

/**
 * Batches flag events in the content script and hands them to the background, which owns the
 * Dexie database. Sending never blocks the page: events queue in memory, go out a moment after
 * the last one (or at once when the batch is full), and are sent again if the background did not
 * confirm them — the record ids make that harmless.
 */

export interface FlagLogSenderOptions {
  /** Delivers one batch; resolves with the background's answer. */
  send: (message: { type: typeof FLAG_EVENTS_MESSAGE; events: FlagEvent[] }) => Promise<unknown>;
  /** Quiet time before a partial batch goes out. */
  flushDelayMs?: number;
  /** A batch this large goes out at once. */
  batchSize?: number;
  /** Beyond this many unsent events the oldest are dropped (the background is unreachable). */
  maxQueue?: number;
  /** Pause before retrying a batch that failed. */
  retryDelayMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface FlagLogSender {
  record(event: FlagEvent): void;
  /** Sends everything queued now; resolves when the background answered (or failed to). */
  flush(): Promise<void>;
  /** Events not yet confirmed by the background. */
  pending(): number;
  dispose(): void;
}

export function createFlagLogSender(options: FlagLogSenderOptions): FlagLogSender {
  const flushDelayMs = options.flushDelayMs ?? 400;
  const batchSize = Math.min(options.batchSize ?? 50, FLAG_EVENTS_MAX_BATCH);
  const maxQueue = options.maxQueue ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let queue: FlagEvent[] = [];
  let timer: unknown;
  let sending: Promise<void> | undefined;
  let disposed = false;

  function schedule(ms: number): void {
    if (disposed || timer !== undefined) return;
    timer = setTimer(() => {
      timer = undefined;
      void flush();
    }, ms);
  }

  async function sendBatch(batch: FlagEvent[]): Promise<boolean> {
    try {
      const answer = FlagEventsAnswerSchema.safeParse(await options.send({ type: FLAG_EVENTS_MESSAGE, events: batch }));
      return answer.success && answer.data.ok;
    } catch {
      // Background asleep and not yet woken, or the extension was reloaded: retry later.
      return false;
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !disposed) {
      const batch = queue.slice(0, batchSize);
      if (!(await sendBatch(batch))) {
        schedule(retryDelayMs);
        return;
      }
      const sent = new Set(batch);
      queue = queue.filter((event) => !sent.has(event));
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    sending ??= drain().finally(() => {
      sending = undefined;
    });
    return sending;
  }

  return {
    record(event) {
      if (disposed) return;
      queue.push(event);
      if (queue.length > maxQueue) queue = queue.slice(queue.length - maxQueue);
      if (queue.length >= batchSize) void flush();
      else schedule(flushDelayMs);
    },
    flush,
    pending: () => queue.length,
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
    },
  };
}
