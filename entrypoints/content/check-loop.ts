import type { Finding } from '../../contract/findings';
import type { AsyncEngineApi, CheckOutcome } from '../../workers/engine-api';
import { isEngineError } from '../../workers/engine-client';
import type { Timers } from './change-scheduler';
import type { IncompleteReason } from './incomplete-reason';
import type { OrderSnapshot } from './order-reader';
import { guarded, settle } from './safe';

/**
 * Orders to the engine and answers back: one check per new read of the order, the newest one
 * winning; 审核中 only for a check slower than a moment; the engine's time budget, after which
 * the check counts as incomplete; and waiting for the answer about one exact order (a held
 * submission). What an answer means for the page is the controller's business (`CheckHost`).
 */

export type CheckState =
  | { kind: 'done'; fingerprint: string; snapshot: OrderSnapshot; findings: Finding[]; packVersion: string }
  | { kind: 'failed'; fingerprint: string; snapshot: OrderSnapshot; reason: IncompleteReason };

export type CheckDuring = 'typing' | 'submit';

export interface CheckHost {
  readonly engine: Pick<AsyncEngineApi, 'check'>;
  /** Engine session key for this form. */
  readonly sessionKey: string;
  readonly timers: Timers;
  now(): number;
  /** Longest wait for the engine. */
  readonly budgetMs: number;
  /** 审核中 shows only for checks slower than this. */
  readonly checkingDelayMs: number;
  /** The newest check's answer (older answers are dropped: their order no longer is). */
  answered(state: CheckState, during: CheckDuring, engineMs: number): void;
  /** No answer within the budget; `log` false when a held submission logs its own wait. */
  overBudget(during: CheckDuring, elapsedMs: number, log: boolean): void;
  /** The 审核中 state changed. */
  render(): void;
  disposed(): boolean;
}

interface InFlight {
  seq: number;
  snapshot: OrderSnapshot;
  sentAt: number;
  during: CheckDuring;
  timers: unknown[];
}

function reasonOf(error: unknown): IncompleteReason {
  return isEngineError(error) ? error.code : 'engine-failed';
}

export class CheckLoop {
  /** A check has been under way longer than the checking delay. */
  showChecking = false;
  private inFlight: InFlight | undefined;
  /** The engine has not answered since `since`: past the budget the check counts as incomplete. */
  private unanswered: { since: number; timer: unknown } | undefined;
  private seq = 0;
  private waiters = new Map<string, Array<(state: CheckState | undefined) => void>>();

  constructor(private readonly host: CheckHost) {}

  /** The order with this fingerprint is with the engine now. */
  isChecking(fingerprint: string): boolean {
    return this.inFlight?.snapshot.fingerprint === fingerprint;
  }

  check(snapshot: OrderSnapshot, during: CheckDuring): void {
    const { host } = this;
    for (const timer of this.inFlight?.timers ?? []) host.timers.clear(timer);
    const flight: InFlight = { seq: ++this.seq, snapshot, sentAt: host.now(), during, timers: [] };
    this.inFlight = flight;
    flight.timers.push(
      host.timers.set(
        guarded('checking badge', () => {
          if (this.inFlight !== flight) return;
          this.showChecking = true;
          host.render();
        }),
        host.checkingDelayMs,
      ),
    );
    // Measured from the oldest unanswered check, so that typing on (each keystroke a new check)
    // does not keep postponing 审核未完成 while the engine is gone.
    if (!this.unanswered) this.armBudget(flight.sentAt);
    settle(
      'engine check',
      host.engine.check(snapshot.order, host.sessionKey).then(
        (outcome) => this.finish(flight, outcome),
        (error: unknown) => this.finish(flight, undefined, reasonOf(error)),
      ),
    );
  }

  /** The answer about exactly this order, or undefined when none came within `ms`. */
  waitFor(fingerprint: string, ms: number): Promise<CheckState | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (state: CheckState | undefined): void => {
        if (done) return;
        done = true;
        this.host.timers.clear(timer);
        resolve(state);
      };
      const timer = this.host.timers.set(
        guarded('submit wait', () => {
          const list = this.waiters.get(fingerprint);
          if (list) this.waiters.set(fingerprint, list.filter((w) => w !== finish));
          finish(undefined);
        }),
        ms,
      );
      const list = this.waiters.get(fingerprint) ?? [];
      list.push(finish);
      this.waiters.set(fingerprint, list);
    });
  }

  dispose(): void {
    for (const timer of this.inFlight?.timers ?? []) this.host.timers.clear(timer);
    if (this.unanswered) this.host.timers.clear(this.unanswered.timer);
  }

  private armBudget(since: number): void {
    const { host } = this;
    const timer = host.timers.set(
      guarded('engine budget', () => {
        if (this.unanswered?.timer !== timer) return;
        this.unanswered = undefined;
        const flight = this.inFlight;
        // A held submission logs its own wait (see the controller's onSubmitAttempt); typing logs here.
        if (flight) host.overBudget(flight.during, host.now() - since, flight.during === 'typing');
      }),
      Math.max(0, since + host.budgetMs - host.now()),
    );
    this.unanswered = { since, timer };
  }

  private finish(flight: InFlight, outcome: CheckOutcome | undefined, error?: IncompleteReason): void {
    const { host } = this;
    if (host.disposed()) return;
    const engineMs = host.now() - flight.sentAt;
    const { snapshot } = flight;
    const state: CheckState =
      outcome?.ok === true
        ? { kind: 'done', fingerprint: snapshot.fingerprint, snapshot, findings: outcome.result.findings, packVersion: outcome.result.packVersion }
        : { kind: 'failed', fingerprint: snapshot.fingerprint, snapshot, reason: outcome && !outcome.ok ? outcome.reason : (error ?? 'engine-failed') };
    if (this.inFlight === flight) {
      for (const timer of flight.timers) host.timers.clear(timer);
      this.inFlight = undefined;
      this.showChecking = false;
    }
    // The engine answered: the budget starts again for whatever is still waiting.
    if (this.unanswered) host.timers.clear(this.unanswered.timer);
    this.unanswered = undefined;
    if (this.inFlight) this.armBudget(this.inFlight.sentAt);
    // A newer check is under way (or done): this answer is for an order that no longer is.
    if (flight.seq === this.seq) host.answered(state, flight.during, engineMs);
    const waiting = this.waiters.get(state.fingerprint);
    this.waiters.delete(state.fingerprint);
    for (const resolve of waiting ?? []) resolve(state);
  }
}
