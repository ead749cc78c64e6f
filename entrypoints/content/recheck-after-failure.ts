import type { Timers } from './change-scheduler';
import type { IncompleteReason } from './incomplete-reason';
import { guarded } from './safe';

/**
 * After a check the engine could not answer, asks again by itself, sooner at first and then
 * every half minute. Without it a page opened while the engine was still starting (the first EMR
 * tab after the browser starts) or while it was being replaced would say 审核未完成 until the
 * doctor happened to change the order.
 */

/** Waits before each further attempt; the last one repeats for as long as the engine stays away. */
export const RECHECK_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000, 30_000];

/**
 * Failures that pass by themselves: the engine starting, restarting or being re-created, or a pack
 * still on its way. The others (an order the contract refuses, a malformed answer, a refused
 * caller) would fail the same way again until the order or the extension changes.
 */
const PASSING: ReadonlySet<IncompleteReason> = new Set<IncompleteReason>(['timeout', 'disconnected', 'engine-failed', 'no-pack']);

export function passesByItself(reason: IncompleteReason): boolean {
  return PASSING.has(reason);
}

export class RecheckAfterFailure {
  private attempts = 0;
  private timer: unknown;

  constructor(
    private readonly timers: Timers,
    /** Reads the order again and checks it. */
    private readonly recheck: () => void,
  ) {}

  /** A check failed: try again later if the failure may pass. */
  failed(reason: IncompleteReason): void {
    if (!passesByItself(reason) || this.timer !== undefined) return;
    const delay = RECHECK_DELAYS_MS[Math.min(this.attempts, RECHECK_DELAYS_MS.length - 1)]!;
    this.attempts++;
    this.timer = this.timers.set(
      guarded('recheck after failure', () => {
        this.timer = undefined;
        this.recheck();
      }),
      delay,
    );
  }

  /** A check was answered: the engine is back, the next failure starts the waits over. */
  answered(): void {
    this.attempts = 0;
    this.cancel();
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
