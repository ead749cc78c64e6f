import { describe, expect, it } from 'vitest';
import { ageValue } from '../../../rules/import/restriction-values';
import { check, makeOrder, makePack } from '../../support/builders';

/** Age bounds in every unit the 限年龄 / 儿童专用 values use: 岁, 周岁, 天 (日龄), 月龄 / 个月. */

const paramsOf = (v: string) => {
  const r = ageValue(v);
  if (!r.ok) throw new Error(r.reason);
  return r.draft.params;
};

describe('age values in every unit', () => {
  it.each([
    ['18周岁及以上', { minYears: 18 }],
    ['14岁以下', { maxYears: 14 }],
    ['出生28天内', { maxDays: 28 }],
    ['不满28天', { maxDays: 27 }],
    ['6月龄以下', { maxMonths: 6 }],
    ['不满6个月', { maxMonths: 5 }],
    ['6月龄及以上', { minMonths: 6 }],
    ['3月龄至6岁', { minMonths: 3, maxYears: 6 }],
  ])('%s', (text, bound) => {
    expect(paramsOf(text)).toMatchObject({ group: 'range', ...bound });
  });

  it('months are counted from the birth date: 5 months old is under 6月龄, 7 months is not', () => {
    const r = ageValue('6月龄以下');
    if (!r.ok) throw new Error(r.reason);
    const pack = makePack([{ id: 'infant', kind: 'age', basis: '测试', match: { codes: ['003106070030000'] }, params: r.draft.params } as Parameters<typeof makePack>[0][number]]);
    const order = (birthDate: string) =>
      makeOrder({ patient: { birthDate }, encounter: { date: '2026-11-22' }, lines: [{ id: '1', code: '003106070030000', name: '婴儿氧舱治疗', kind: 'item', quantity: 1 }] });
    expect(check(pack, order('2026-06-10')).findings).toEqual([]);
    expect(check(pack, order('2026-05-22')).findings).toEqual([]);
    expect(check(pack, order('2026-04-21')).findings).toMatchObject([{ kind: 'age', message: expect.stringContaining('7 月龄') }]);
  });
});
