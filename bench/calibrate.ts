/**
 * Two fixed workloads timed before the bench, so figures from different machines can be put side by
 * side: engine latency follows allocation and hash-map speed more than raw arithmetic, and virtual
 * machines differ most on the former.
 */
export interface Calibration {
  /** 10⁷ iterations of integer arithmetic. */
  arithmeticMs: number;
  /** 10⁵ Map.set calls with fresh 23-character string keys and array values. */
  mapInsertMs: number;
}

function bestOf(runs: number, work: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export function calibrate(): Calibration {
  const arithmeticMs = bestOf(5, () => {
    let acc = 0;
    for (let i = 0; i < 10_000_000; i++) acc = (acc + Math.imul(i, 2654435761)) | 0;
    return acc;
  });
  const mapInsertMs = bestOf(5, () => {
    const map = new Map<string, number[]>();
    for (let i = 0; i < 100_000; i++) map.set(`XC09CAA284A001010${String(i).padStart(6, '0')}`, [i]);
    return map.size;
  });
  return { arithmeticMs, mapInsertMs };
}
