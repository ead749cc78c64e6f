import { describe, expect, it } from 'vitest';
import { memoize } from '../../../rules/parse/cache';
import { arabicNumerals, toHalfWidth } from '../../../rules/parse/text';

describe('toHalfWidth', () => {
  it('turns full-width digits, letters and signs into ASCII', () => {
    expect(toHalfWidth('０．２５ｇ＊２４粒／盒')).toBe('0.25g*24粒/盒');
    expect(toHalfWidth('ＴＩＤ\u3000')).toBe('TID ');
    expect(toHalfWidth('10µg')).toBe('10μg');
  });
});

describe('arabicNumerals', () => {
  it.each([
    ['每日三次', '每日3次'],
    ['一日两次', '1日2次'],
    ['每十二小时一次', '每12小时1次'],
    ['每二十四小时一次', '每24小时1次'],
    ['每十小时一次', '每10小时1次'],
    ['隔日一次', '隔日1次'],
  ])('%s → %s', (text, expected) => {
    expect(arabicNumerals(text)).toBe(expected);
  });

  it('leaves runs that are not numbers alone', () => {
    expect(arabicNumerals('十十')).toBe('十十');
    expect(arabicNumerals('三四')).toBe('三四');
  });
});

describe('memoize', () => {
  it('computes once per key', () => {
    let calls = 0;
    const f = memoize((k) => {
      calls++;
      return k.length;
    });
    expect(f('abc')).toBe(3);
    expect(f('abc')).toBe(3);
    expect(calls).toBe(1);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const seen: string[] = [];
    const f = memoize((k) => {
      seen.push(k);
      return k;
    }, 2);
    f('a');
    f('b');
    f('c'); // evicts a
    f('b'); // still cached
    f('a'); // recomputed
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });

  it('caches undefined results too', () => {
    let calls = 0;
    const f = memoize(() => {
      calls++;
      return undefined;
    });
    f('x');
    f('x');
    expect(calls).toBe(1);
  });
});
