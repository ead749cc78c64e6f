import { TRACE_FLUSH, traceMark } from './trace';

/**
 * Collects what changed on the page (edited rows, or "something structural") and hands it over
 * once the doctor pauses: a trailing debounce, with a ceiling so that a long burst of typing is
 * still checked while it goes on.
 */

export interface PendingChanges {
  /** Re-read the whole order (rows added/removed, header or page-level fields changed). */
  full: boolean;
  /** Rows whose content changed; empty when `full`. */
  rows: Set<Element>;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ChangeSchedulerOptions {
  /** Quiet time after the last change. */
  delayMs?: number;
  /** Longest a change waits while changes keep coming. */
  maxWaitMs?: number;
  timers?: Timers;
  now?: () => number;
}

export class ChangeScheduler {
  private rows = new Set<Element>();
  private full = false;
  private timer: unknown;
  private firstChangeAt: number | undefined;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;
  private readonly timers: Timers;
  private readonly now: () => number;

  constructor(
    private readonly onFlush: (changes: PendingChanges) => void,
    options: ChangeSchedulerOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 150;
    this.maxWaitMs = options.maxWaitMs ?? 600;
    this.timers = options.timers ?? browserTimers;
    this.now = options.now ?? (() => performance.now());
  }

  markRow(row: Element): void {
    if (!this.full) this.rows.add(row);
    this.arm();
  }

  markAll(): void {
    this.full = true;
    this.rows.clear();
    this.arm();
  }

  get hasPending(): boolean {
    return this.full || this.rows.size > 0;
  }

  /** Hands over what is pending now (the submit guard cannot wait for the debounce). */
  flushNow(): void {
    this.cancelTimer();
    this.firstChangeAt = undefined;
    if (!this.hasPending) return;
    traceMark(TRACE_FLUSH);
    const changes: PendingChanges = { full: this.full, rows: this.rows };
    this.rows = new Set();
    this.full = false;
    this.onFlush(changes);
  }

  /** Forgets what is pending (it was read some other way). */
  discard(): void {
    this.cancelTimer();
    this.firstChangeAt = undefined;
    this.rows.clear();
    this.full = false;
  }

  dispose(): void {
    this.discard();
  }

  private arm(): void {
    const now = this.now();
    this.firstChangeAt ??= now;
    const untilCeiling = this.firstChangeAt + this.maxWaitMs - now;
    this.cancelTimer();
    this.timer = this.timers.set(() => this.flushNow(), Math.max(0, Math.min(this.delayMs, untilCeiling)));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
