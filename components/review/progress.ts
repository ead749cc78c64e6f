import { signal, type Signal } from '@preact/signals';
import { isCancelled } from '../../contract/review/data-source';

/**
 * One query at a time per view, with its elapsed time and a way to stop it. Starting a new query
 * aborts the one before (a changed filter makes its answer useless); cancel() aborts it and keeps
 * whatever was shown before.
 */

export type QueryStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface QueryState<T> {
  status: QueryStatus;
  data: T | undefined;
  error: unknown;
}

export interface Clock {
  now(): number;
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

export class QueryTracker<T> {
  readonly state: Signal<QueryState<T>> = signal({ status: 'idle', data: undefined, error: undefined });
  readonly elapsedMs = signal(0);
  private controller: AbortController | undefined;
  private stopTicking: (() => void) | undefined;
  private generation = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  get running(): boolean {
    return this.state.value.status === 'running';
  }

  /** Runs `load`; resolves with its answer, or undefined when it failed or was superseded or cancelled. */
  async run(load: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    const started = this.clock.now();
    this.elapsedMs.value = 0;
    this.stopTicking?.();
    this.stopTicking = this.clock.every(100, () => {
      this.elapsedMs.value = this.clock.now() - started;
    });
    this.state.value = { ...this.state.value, status: 'running', error: undefined };
    try {
      const data = await load(controller.signal);
      if (generation !== this.generation) return undefined;
      this.finish(started);
      this.state.value = { status: 'done', data, error: undefined };
      return data;
    } catch (error) {
      if (generation !== this.generation) return undefined;
      this.finish(started);
      const cancelled = controller.signal.aborted || isCancelled(error);
      this.state.value = { status: cancelled ? 'cancelled' : 'error', data: this.state.value.data, error: cancelled ? undefined : error };
      return undefined;
    }
  }

  /** Stops the running query at once; a source that ignores the signal is not waited for. */
  cancel(): void {
    if (!this.running) return;
    this.generation++;
    this.controller?.abort();
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.state.value = { status: 'cancelled', data: this.state.value.data, error: undefined };
  }

  /** Stops any query and its clock: the view is going away. */
  dispose(): void {
    this.generation++;
    this.controller?.abort();
    this.stopTicking?.();
    this.stopTicking = undefined;
  }

  private finish(started: number): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.elapsedMs.value = this.clock.now() - started;
  }
}
