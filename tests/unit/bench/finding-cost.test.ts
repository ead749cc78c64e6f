import { describe, expect, it } from 'vitest';
import { leastSquares } from '../../../bench/measure-finding-cost';

describe('finding cost fit', () => {
  it('recovers the slope and intercept of points on a line, with r² 1', () => {
    const xs = [3, 9, 14, 22, 30];
    const fit = leastSquares(xs, xs.map((x) => 44 + 1.85 * x));
    expect(fit.slope).toBeCloseTo(1.85, 10);
    expect(fit.intercept).toBeCloseTo(44, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('fits scattered points by least squares and says how much of their spread the line explains', () => {
    // y = x + noise of ±1 alternating: the fitted line passes through the means.
    const fit = leastSquares([0, 1, 2, 3], [1, 0, 3, 2]);
    expect(fit.slope).toBeCloseTo(0.6, 10);
    expect(fit.intercept).toBeCloseTo(0.6, 10);
    expect(fit.r2).toBeCloseTo(0.36, 10);
  });

  it('refuses inputs that define no line', () => {
    expect(() => leastSquares([5], [1])).toThrow(/two or more/);
    expect(() => leastSquares([2, 2, 2], [1, 2, 3])).toThrow(/differ/);
    expect(() => leastSquares([1, 2], [1])).toThrow(/two or more/);
  });
});
