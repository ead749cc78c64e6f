import { describe, expect, it } from 'vitest';
import { paramsFromValue } from '../../../rules/import/local-values';
import { RuleSchema } from '../../../rules/pack/schema';

/** The local template's 限定值 of the order-level kinds, read into params the pack schema takes. */
const read = (kind: Parameters<typeof paramsFromValue>[0], value: string) => paramsFromValue(kind, value, []);
const valid = (kind: string, params: unknown) =>
  RuleSchema.safeParse({ id: 'x', kind, match: { lineKinds: ['drug'] }, params }).success;

describe('local template values of the order-level kinds', () => {
  it('诊断与性别不符: a sex and ICD codes', () => {
    const r = read('diagnosis-sex', '女;N70-N98;C51-C58;Z12.4');
    expect(r).toEqual({ ok: true, value: { allowed: 'F', icdRanges: [{ from: 'N70', to: 'N98' }, { from: 'C51', to: 'C58' }], icdPrefixes: ['Z12.4'] } });
    expect(valid('diagnosis-sex', r.ok && r.value)).toBe(true);
    expect(read('diagnosis-sex', 'N70-N98')).toMatchObject({ ok: false, reason: expect.stringContaining('男 或 女') });
    expect(read('diagnosis-sex', '男')).toMatchObject({ ok: false, reason: expect.stringContaining('ICD-10') });
  });

  it('诊断与年龄不符: an age range and ICD codes', () => {
    const r = read('diagnosis-age', '10至60岁;O00-O99');
    expect(r).toMatchObject({ ok: true, value: { minYears: 10, maxYears: 60, icdRanges: [{ from: 'O00', to: 'O99' }] } });
    expect(valid('diagnosis-age', r.ok && r.value)).toBe(true);
    expect(read('diagnosis-age', '17岁及以下;P00-P96')).toMatchObject({ ok: true, value: { maxYears: 17 } });
    expect(read('diagnosis-age', 'O00-O99')).toMatchObject({ ok: false });
  });

  it('中药配伍禁忌: two herbs', () => {
    const r = read('herb-incompatibility', '甘草;海藻');
    expect(r).toEqual({
      ok: true,
      value: { group: '配伍禁忌', families: [{ name: '甘草', members: ['甘草'] }, { name: '海藻', members: ['海藻'] }], pairs: [{ a: '甘草', b: '海藻' }] },
    });
    expect(valid('herb-incompatibility', r.ok && r.value)).toBe(true);
    expect(read('herb-incompatibility', '甘草与海藻')).toMatchObject({ ok: true });
    expect(read('herb-incompatibility', '甘草')).toMatchObject({ ok: false, reason: expect.stringContaining('两味饮片') });
  });

  it('药品种类超标: no value (the limit is the pack setting)', () => {
    const r = read('drug-count', '');
    expect(r).toEqual({ ok: true, value: {} });
    expect(valid('drug-count', {})).toBe(true);
  });

  it('中药超大处方: no value (the limits are the pack setting); the rule still counts only 饮片 codes', () => {
    const r = read('herb-oversize', '');
    expect(r).toEqual({ ok: true, value: {} });
    const parsed = RuleSchema.parse({ id: 'x', kind: 'herb-oversize', match: { lineKinds: ['drug'] }, params: {} });
    expect(parsed.params).toEqual({ herbPrefixes: ['T'] });
  });
});
