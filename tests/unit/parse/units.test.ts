import { describe, expect, it } from 'vitest';
import { parseSpec, type Spec } from '../../../rules/parse/spec';
import {
  ceilTolerant,
  convertAmount,
  convertMeasure,
  dispensingUnitsPer,
  doseInDispensingUnits,
  formatNumber,
  isCountUnit,
  isPackageUnit,
  unitInfo,
} from '../../../rules/parse/units';

function spec(text: string): Spec {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(result.detail);
  return result.value;
}

describe('unitInfo', () => {
  it.each([
    ['g', 'g', 'mass'],
    ['G', 'g', 'mass'],
    ['克', 'g', 'mass'],
    ['mg', 'mg', 'mass'],
    ['ｍｇ', 'mg', 'mass'],
    ['μg', 'μg', 'mass'],
    ['µg', 'μg', 'mass'],
    ['ug', 'μg', 'mass'],
    ['mcg', 'μg', 'mass'],
    ['kg', 'kg', 'mass'],
    ['ml', 'ml', 'volume'],
    ['mL', 'ml', 'volume'],
    ['L', 'L', 'volume'],
    ['IU', 'IU', 'activity'],
    ['万U', '万IU', 'activity'],
    ['片', '片', 'count'],
    ['粒', '粒', 'count'],
    ['盒', '盒', 'count'],
    ['安瓿', '安瓿', 'count'],
  ])('%s → %s (%s)', (raw, symbol, dimension) => {
    expect(unitInfo(raw)).toMatchObject({ symbol, dimension });
  });

  it('does not know made-up units', () => {
    expect(unitInfo('furlong')).toBeUndefined();
    expect(unitInfo('')).toBeUndefined();
    expect(unitInfo(undefined)).toBeUndefined();
  });

  it('tells counting and package units apart', () => {
    for (const u of ['片', '粒', '袋', '支', '瓶', '盒', '板', '丸', '贴', '枚']) expect(isCountUnit(u), u).toBe(true);
    for (const u of ['盒', '板', '瓶', '袋']) expect(isPackageUnit(u), u).toBe(true);
    for (const u of ['片', '粒', '支', 'g']) expect(isPackageUnit(u), u).toBe(false);
    expect(isCountUnit('mg')).toBe(false);
  });
});

describe('convertMeasure', () => {
  it('converts within a dimension exactly', () => {
    expect(convertMeasure(250, 'mg', 'g')).toBe(0.25);
    expect(convertMeasure(0.2, 'g', 'mg')).toBe(200);
    expect(convertMeasure(500, 'μg', 'mg')).toBe(0.5);
    expect(convertMeasure(1, 'kg', 'g')).toBe(1000);
    expect(convertMeasure(0.5, 'L', 'ml')).toBe(500);
    expect(convertMeasure(80, '万U', 'IU')).toBe(800000);
  });

  it('refuses across dimensions and for counts', () => {
    expect(convertMeasure(1, 'g', 'ml')).toBeUndefined();
    expect(convertMeasure(1, '片', '粒')).toBeUndefined();
  });
});

describe('dose to dispensing units', () => {
  it('0.2 g with 0.1g*24粒 is 2 粒 per administration', () => {
    const r = doseInDispensingUnits(0.2, 'g', spec('0.1g*24粒'));
    expect(r).toEqual({ ok: true, value: 2 });
  });

  it('converts mg doses against a g strength', () => {
    expect(doseInDispensingUnits(500, 'mg', spec('0.25g×24粒/盒'))).toEqual({ ok: true, value: 2 });
  });

  it('reads a solution by mass or by volume', () => {
    const s = spec('5ml:0.1g');
    expect(doseInDispensingUnits(0.2, 'g', s)).toEqual({ ok: true, value: 2 });
    expect(doseInDispensingUnits(10, 'ml', s)).toEqual({ ok: true, value: 2 });
    expect(doseInDispensingUnits(50, 'mg', s)).toEqual({ ok: true, value: 0.5 });
  });

  it('takes a dose counted in the dispensing unit as is', () => {
    expect(doseInDispensingUnits(2, '片', spec('20mg*14片'))).toEqual({ ok: true, value: 2 });
  });

  it('reports why a conversion is impossible', () => {
    expect(doseInDispensingUnits(2, 'ml', spec('0.1g*24粒'))).toMatchObject({ ok: false, reason: 'no-content' });
    expect(doseInDispensingUnits(2, '片', spec('0.1g*24粒'))).toMatchObject({ ok: false, reason: 'unit-mismatch' });
    expect(doseInDispensingUnits(2, 'furlong', spec('0.1g*24粒'))).toMatchObject({ ok: false, reason: 'unknown-unit' });
    expect(doseInDispensingUnits(1, 'g', spec('10g:0.1g'))).toMatchObject({ ok: false, reason: 'ambiguous-content' });
  });
});

describe('dispensingUnitsPer a package', () => {
  it('uses the package size for a package unit', () => {
    expect(dispensingUnitsPer('盒', spec('0.1g*24粒'))).toEqual({ ok: true, value: 24 });
    expect(dispensingUnitsPer('盒', spec('10mg×7片×2板'))).toEqual({ ok: true, value: 14 });
    expect(dispensingUnitsPer('板', spec('10mg×7片×2板'))).toEqual({ ok: true, value: 7 });
    expect(dispensingUnitsPer('盒', spec('40mg*7片/盒'))).toEqual({ ok: true, value: 7 });
  });

  it('treats the single item of an unnamed spec as the dispensing unit', () => {
    expect(dispensingUnitsPer('瓶', spec('500ml'))).toEqual({ ok: true, value: 1 });
    expect(dispensingUnitsPer('支', spec('5ml:0.1g'))).toEqual({ ok: true, value: 1 });
  });

  it('cannot size a box the spec does not describe', () => {
    expect(dispensingUnitsPer('盒', spec('5ml:0.1g'))).toMatchObject({ ok: false, reason: 'no-package-size' });
    expect(dispensingUnitsPer('盒', spec('1g/支'))).toMatchObject({ ok: false, reason: 'no-package-size' });
    // The spec names its package 瓶; a 盒 is something else.
    expect(dispensingUnitsPer('盒', spec('0.1g*100片/瓶'))).toMatchObject({ ok: false, reason: 'unit-mismatch' });
  });
});

describe('convertAmount', () => {
  it('converts 48 粒 to 2 盒 and 2 盒 to 4.8 g through the spec', () => {
    const s = spec('0.1g*24粒');
    expect(convertAmount(48, '粒', '盒', s)).toEqual({ ok: true, value: 2 });
    expect(convertAmount(2, '盒', 'g', s)).toMatchObject({ ok: true });
    const grams = convertAmount(2, '盒', 'g', s);
    expect(grams.ok && grams.value).toBeCloseTo(4.8, 10);
  });

  it('needs no spec within a dimension, and says so when one is needed', () => {
    expect(convertAmount(300, 'mg', 'g', undefined)).toEqual({ ok: true, value: 0.3 });
    expect(convertAmount(3, '粒', '粒', undefined)).toEqual({ ok: true, value: 3 });
    expect(convertAmount(0.3, 'g', '粒', undefined)).toMatchObject({ ok: false, reason: 'no-spec' });
  });
});

describe('number helpers', () => {
  it('rounds up without floating-point surprises', () => {
    expect(ceilTolerant(0.2 / 0.1)).toBe(2);
    expect(ceilTolerant(2.01)).toBe(3);
    expect(ceilTolerant(3)).toBe(3);
  });

  it('formats for messages', () => {
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(3.5)).toBe('3.5');
    expect(formatNumber(2)).toBe('2');
  });

  it('formats every number as three-decimal rounding by toFixed would, halves and edge values included', () => {
    const reference = (v: number) => String(Number(v.toFixed(3)));
    const values = [
      0, -0, 1, -7, 2 ** 53 - 1, 2 ** 53 + 2, 1e21, 1.5e300, -1e25, Number.NaN, Infinity, -Infinity,
      1.0005, 2.0005, 1.2345, -1.2345, 0.0005, -0.0005, 0.0004999, 0.1 + 0.2, 1 / 3, -2 / 3, 4.35, 1.005, 8.345, 1234.5675,
      0.125, 0.0625, 99.9995, 99.99949, 1e-7, -1e-7, 123456789.0125,
    ];
    // Random values at every scale, and values a hair either side of a half-thousandth.
    let seed = 20261207;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      values.push((next() - 0.5) * 10 ** Math.floor(next() * 12 - 4));
      const half = (Math.floor(next() * 1e6) + 0.5) / 1000;
      values.push(half, half + Number.EPSILON * half, half - Number.EPSILON * half, -half);
    }
    for (const v of values) expect(formatNumber(v), String(v)).toBe(reference(v));
  });
});
