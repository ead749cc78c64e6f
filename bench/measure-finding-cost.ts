import type { Order } from '../contract/order';
import type { CompiledPack } from '../rules/engine/compile';
import { evaluate } from '../rules/engine/evaluate';

/**
 * What an order's latency is made of: each order's mean time against its number of findings,
 * fitted by least squares. The slope is what one more finding costs (deciding it, its message,
 * actions and amount); the intercept is the order with nothing to report. The bench's synthetic
 * orders carry many more findings than real ones (bench:alerts), so the p50 target reads
 * differently at each density: the fit shows both.
 */
export interface FindingCostFigure {
  rules: number;
  lines: number;
  orders: number;
  meanFindings: number;
  meanUs: number;
  /** µs per finding, and µs for an order with none. */
  slopeUs: number;
  interceptUs: number;
  /** Share of the orders' spread the line explains (0–1). */
  r2: number;
}

export interface FindingCostOptions {
  warmupRounds: number;
  rounds: number;
}

export interface Fit {
  slope: number;
  intercept: number;
  r2: number;
}

/** Ordinary least squares of y on x. */
export function leastSquares(xs: readonly number[], ys: readonly number[]): Fit {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new Error('leastSquares needs two or more (x, y) pairs');
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0) throw new Error('leastSquares needs x values that differ');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** Orders are cycled as in the p50 measurement, so each is timed with the others' data around it. */
export function measureFindingCost(compiled: CompiledPack, orders: readonly Order[], opts: FindingCostOptions): FindingCostFigure {
  const n = orders.length;
  const findings = orders.map((order) => evaluate(compiled, order).findings.length);
  for (let i = 0; i < opts.warmupRounds * n; i++) evaluate(compiled, orders[i % n]!);
  const totalMs = new Array<number>(n).fill(0);
  for (let i = 0; i < opts.rounds * n; i++) {
    const k = i % n;
    const t0 = performance.now();
    evaluate(compiled, orders[k]!);
    totalMs[k]! += performance.now() - t0;
  }
  const meanUs = totalMs.map((ms) => (ms / opts.rounds) * 1000);
  const fit = leastSquares(findings, meanUs);
  return {
    rules: compiled.ruleCount,
    lines: orders[0]?.lines.length ?? 0,
    orders: n,
    meanFindings: findings.reduce((s, f) => s + f, 0) / n,
    meanUs: meanUs.reduce((s, t) => s + t, 0) / n,
    slopeUs: fit.slope,
    interceptUs: fit.intercept,
    r2: fit.r2,
  };
}
