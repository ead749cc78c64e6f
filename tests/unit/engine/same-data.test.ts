import { describe, expect, it } from 'vitest';
import { sameData } from '../../../rules/engine/same-data';

describe('sameData: equal as JSON texts would be', () => {
  it('compares nested objects and arrays by value', () => {
    expect(sameData({ a: 1, b: [{ c: 'x' }, 2] }, { b: [{ c: 'x' }, 2], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: [{ c: 'x' }, 2] }, { a: 1, b: [{ c: 'y' }, 2] })).toBe(false);
    expect(sameData([1, 2], [2, 1])).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
  });
  it('a key holding undefined is the same as no key; null is a value', () => {
    expect(sameData({ a: 1, days: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, days: undefined })).toBe(true);
    expect(sameData({ a: 1, days: null }, { a: 1 })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, days: 3 })).toBe(false);
    expect(sameData({ a: 1, days: 3 }, { a: 1 })).toBe(false);
  });
  it('an array is not an object with index keys, and types must match', () => {
    expect(sameData(['a'], { 0: 'a' })).toBe(false);
    expect(sameData({ 0: 'a' }, ['a'])).toBe(false);
    expect(sameData(1, '1')).toBe(false);
    expect(sameData(true, 1)).toBe(false);
    expect(sameData(undefined, null)).toBe(false);
  });
});
