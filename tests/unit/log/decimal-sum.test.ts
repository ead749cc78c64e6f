import { describe, expect, it } from 'vitest';
import { DecimalSum } from '../../../log/decimal-sum';
import { random } from '../review/local-events';

const sum = (amounts: readonly number[]) => {
  const total = new DecimalSum();
  for (const a of amounts) total.add(a);
  return total.value();
};

/** Amounts as the hub's SQL sums them, exactly: yuan and fen as integers, by hand. */
describe('summing amounts as the hub does', () => {
  it('adds fen exactly where adding doubles drifts', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sum([0.1, 0.2])).toBe(0.3);
    const next = random(3);
    const fen = Array.from({ length: 5000 }, () => Math.floor(next() * 2_000_000));
    const plain = fen.reduce((total, f) => total + f / 100, 0);
    const exact = fen.reduce((total, f) => total + f, 0) / 100;
    expect(sum(fen.map((f) => f / 100))).toBe(exact);
    // The drift the hub and the extension disagreed on.
    expect(plain).not.toBe(exact);
  });

  it('adds amounts finer than a fen as decimals, and mixes both', () => {
    expect(sum([1.005, 2.0000001])).toBe(3.0050001);
    expect(sum([0.1, 1.005, 1e-7, 12.34])).toBe(13.4450001);
    expect(sum([123456789.123])).toBe(123456789.123);
  });

  it('reads each amount to 15 significant digits, as PostgreSQL turns a float8 into numeric', () => {
    // 0.1 + 0.2 as a double is 0.30000000000000004; PostgreSQL reads it as 0.3.
    expect(sum([0.1 + 0.2, 0.7])).toBe(1);
    expect(sum([123456789.123456789])).toBe(123456789.123457);
  });

  it('counts nothing for zero, negative or missing amounts (the hub clamps at 0)', () => {
    expect(sum([])).toBe(0);
    expect(sum([0, -5, Number.NaN, 2.5])).toBe(2.5);
  });
});
