/** Per-call latency sampling with performance.now(): each call is timed on its own so p99 shows the tail. */
export interface Timing {
  iterations: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
}

export interface SampleOptions {
  warmup: number;
  iterations: number;
  /** Stop early once this much time went into sampling (the slow comparison engine needs it). */
  budgetMs?: number;
  /** Never stop before this many samples, whatever the budget. */
  minIterations?: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarise(samplesMs: number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((s, v) => s + v, 0);
  return {
    iterations: sorted.length,
    p50Us: percentile(sorted, 0.5) * 1000,
    p99Us: percentile(sorted, 0.99) * 1000,
    meanUs: (total / Math.max(1, sorted.length)) * 1000,
  };
}

function shouldStop(done: number, startedAt: number, opts: SampleOptions): boolean {
  if (done >= opts.iterations) return true;
  if (opts.budgetMs === undefined || done < (opts.minIterations ?? 1)) return false;
  return performance.now() - startedAt > opts.budgetMs;
}

/** Times `run(i)` once per iteration; `i` lets the caller rotate through a pool of inputs. */
export function sampleSync(run: (i: number) => unknown, opts: SampleOptions): Timing {
  for (let i = 0; i < opts.warmup; i++) run(i);
  const samples: number[] = [];
  const startedAt = performance.now();
  for (let i = 0; !shouldStop(i, startedAt, opts); i++) {
    const t0 = performance.now();
    run(i);
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

/** `inspect` sees each timed call's result after its clock stopped (to check answers without paying for it). */
export async function sampleAsync<T>(
  run: (i: number) => Promise<T>,
  opts: SampleOptions,
  inspect?: (i: number, value: T) => void,
): Promise<Timing> {
  for (let i = 0; i < opts.warmup; i++) await run(i);
  const samples: number[] = [];
  const startedAt = performance.now();
  for (let i = 0; !shouldStop(i, startedAt, opts); i++) {
    const t0 = performance.now();
    const value = await run(i);
    samples.push(performance.now() - t0);
    inspect?.(i, value);
  }
  return summarise(samples);
}

/** One wall-clock measurement, for the things that run once per pack (compile, validate). */
export function timeOnce<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = run();
  return { value, ms: performance.now() - t0 };
}
