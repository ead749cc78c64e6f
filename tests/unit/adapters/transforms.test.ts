import { describe, expect, it } from 'vitest';
import {
  applyTransforms,
  lineKindFromCode,
  parseAge,
  parseDate,
  parseDays,
  parseFlag,
  parseLineKind,
  parseNumber,
  parseSex,
  parseUnit,
} from '../../../adapters/transforms';

const value = <T>(r: { ok: true; value: T } | { ok: false }): T | undefined => (r.ok ? r.value : undefined);

describe('parseAge', () => {
  it('reads whole years with or without 岁, in full-width digits and Chinese numerals', () => {
    expect(value(parseAge('45岁'))).toEqual({ years: 45 });
    expect(value(parseAge('45'))).toEqual({ years: 45 });
    expect(value(parseAge('４５岁'))).toEqual({ years: 45 });
    expect(value(parseAge(' 45 岁 '))).toEqual({ years: 45 });
    expect(value(parseAge('四十五岁'))).toEqual({ years: 45 });
    expect(value(parseAge('68Y'))).toEqual({ years: 68 });
  });

  it('keeps months of a child over one year as a fraction of a year', () => {
    const age = value(parseAge('3岁2月'));
    expect(age?.years).toBeCloseTo(3 + 2 / 12, 3);
    expect(age?.days).toBeUndefined();
    expect(value(parseAge('1岁6个月'))?.years).toBeCloseTo(1.5, 4);
  });

  it('gives ages under one year in days, as newborn and infant limits count them', () => {
    expect(value(parseAge('12天'))).toEqual({ days: 12 });
    expect(value(parseAge('28天'))).toEqual({ days: 28 });
    expect(value(parseAge('3月'))).toEqual({ days: 91 });
    expect(value(parseAge('3个月'))).toEqual({ days: 91 });
    expect(value(parseAge('2月15天'))).toEqual({ days: 75 });
    expect(value(parseAge('2周'))).toEqual({ days: 14 });
    expect(value(parseAge('18小时'))).toEqual({ days: 0 });
    expect(value(parseAge('0岁'))).toEqual({ days: 0 });
  });

  it('refuses what is not an age', () => {
    for (const bad of ['', '成人', '45岁?', '-3岁', '200岁', '岁', 'abc']) {
      const parsed = parseAge(bad);
      expect(parsed.ok, bad).toBe(false);
    }
    expect(parseAge('成人')).toMatchObject({ ok: false, detail: '「成人」不是可识别的年龄' });
  });

  it('accepts the boundary of 150 years and refuses 151', () => {
    expect(value(parseAge('150岁'))).toEqual({ years: 150 });
    expect(parseAge('151岁').ok).toBe(false);
  });
});

describe('parseSex', () => {
  it('maps Chinese, English and GB/T 2261.1 codes', () => {
    expect(['男', '男性', 'M', 'm', 'male', 'Male', '1'].map((s) => value(parseSex(s)))).toEqual(Array(7).fill('M'));
    expect(['女', '女性', 'F', 'female', '2', 'Ｆ'].map((s) => value(parseSex(s)))).toEqual(Array(6).fill('F'));
    expect(['未知', '不详', 'unknown', '0', '9'].map((s) => value(parseSex(s)))).toEqual(Array(5).fill('U'));
  });

  it('refuses anything else rather than guessing', () => {
    expect(parseSex('X')).toMatchObject({ ok: false, reason: 'unknown-sex' });
    expect(parseSex('男女').ok).toBe(false);
  });
});

describe('parseNumber and parseUnit', () => {
  it('split a quantity written with its unit', () => {
    expect(value(parseNumber('3盒'))).toBe(3);
    expect(value(parseUnit('3盒'))).toBe('盒');
    expect(value(parseNumber('0.2g'))).toBe(0.2);
    expect(value(parseUnit('0.2 g'))).toBe('g');
    expect(value(parseNumber('10万单位'))).toBe(10);
    expect(value(parseUnit('10万单位'))).toBe('万单位');
  });

  it('read full-width digits, fractions, thousands separators and Chinese numerals', () => {
    expect(value(parseNumber('１２'))).toBe(12);
    expect(value(parseNumber('０.２５ｇ'))).toBe(0.25);
    expect(value(parseNumber('1/2片'))).toBe(0.5);
    expect(value(parseNumber('1,200'))).toBe(1200);
    expect(value(parseNumber('三盒'))).toBe(3);
    expect(value(parseNumber('共3盒'))).toBe(3);
    expect(value(parseNumber('0'))).toBe(0);
  });

  it('refuse negatives, empty text and text with several numbers not at the start', () => {
    expect(parseNumber('-3').ok).toBe(false);
    expect(parseNumber('').ok).toBe(false);
    expect(parseNumber('盒').ok).toBe(false);
    expect(parseNumber('约3至5盒').ok).toBe(false);
    expect(parseNumber('1/0').ok).toBe(false);
  });

  it('take a bare unit as the unit and refuse a bare number', () => {
    expect(value(parseUnit('盒'))).toBe('盒');
    expect(parseUnit('3').ok).toBe(false);
    expect(parseUnit('').ok).toBe(false);
  });
});

describe('parseDays', () => {
  it('reads a course length written in days, weeks or months', () => {
    expect(value(parseDays('7'))).toBe(7);
    expect(value(parseDays('7天'))).toBe(7);
    expect(value(parseDays('１４日'))).toBe(14);
    expect(value(parseDays('一周'))).toBe(7);
    expect(value(parseDays('2周'))).toBe(14);
    expect(value(parseDays('1个月'))).toBe(30);
    expect(value(parseDays('0'))).toBe(0);
  });

  it('refuses other units and text', () => {
    expect(parseDays('3盒')).toMatchObject({ ok: false, detail: '「3盒」不是天数' });
    expect(parseDays('长期').ok).toBe(false);
    expect(parseDays('-7').ok).toBe(false);
  });
});

describe('parseDate', () => {
  it('reads the spellings HIS pages use', () => {
    for (const text of ['2026-11-22', '2026/11/22', '2026.11.22', '2026年11月22日', '20261122', '2026-11-22 09:30', '２０２６-１１-２２']) {
      expect(value(parseDate(text)), text).toBe('2026-11-22');
    }
    expect(value(parseDate('2026-1-5'))).toBe('2026-01-05');
  });

  it('knows month lengths and leap years', () => {
    expect(value(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(parseDate('2026-02-29').ok).toBe(false);
    expect(parseDate('2026-04-31').ok).toBe(false);
    expect(parseDate('2026-13-01').ok).toBe(false);
    expect(parseDate('2026-00-10').ok).toBe(false);
    expect(parseDate('22/11/2026').ok).toBe(false);
  });
});

describe('flags and line kinds', () => {
  it('reads checkbox states and yes/no words', () => {
    expect(['true', '是', '√', '自费', 'Y'].map((s) => value(parseFlag(s)))).toEqual(Array(5).fill(true));
    expect(['false', '否', '×', 'N', '0'].map((s) => value(parseFlag(s)))).toEqual(Array(5).fill(false));
    expect(parseFlag('也许').ok).toBe(false);
  });

  it('reads kind words and tells kinds from national code shapes', () => {
    expect(value(parseLineKind('西药'))).toBe('drug');
    expect(value(parseLineKind('检查'))).toBe('item');
    expect(value(parseLineKind('耗材'))).toBe('material');
    expect(parseLineKind('其他').ok).toBe(false);
    // 丁苯酞软胶囊 (西药, 23 chars), 儿童清肺口服液 (中成药, 20 chars), 糖化血红蛋白测定 (item, 15 digits).
    expect(lineKindFromCode('XN07XXD130E002010102774')).toBe('drug');
    expect(lineKindFromCode('ZA04CAE0023010100166')).toBe('drug');
    expect(lineKindFromCode('002503020030000')).toBe('item');
    expect(lineKindFromCode('C03010512000000300000')).toBeUndefined();
    expect(lineKindFromCode('C0301051200000030000')).toBe('material');
    // The full 27-character 医保医用耗材代码 (分类至特征 + 企业/产品) too, but not 26 or 28.
    expect(lineKindFromCode('C14010100101010000001000123')).toBe('material');
    expect(lineKindFromCode('C1401010010101000000100012')).toBeUndefined();
    expect(lineKindFromCode('C140101001010100000010001234')).toBeUndefined();
    expect(lineKindFromCode('自费药')).toBeUndefined();
  });
});

describe('applyTransforms', () => {
  it('runs a chain from left to right', () => {
    expect(value(applyTransforms(' 职工医保 ', [{ map: { 职工医保: 'employee' } }]))).toBe('employee');
    expect(value(applyTransforms('tid', ['upper']))).toBe('TID');
    expect(value(applyTransforms('主诊断', [{ map: { 主诊断: true }, default: false }]))).toBe(true);
    expect(value(applyTransforms('其他诊断', [{ map: { 主诊断: true }, default: false }]))).toBe(false);
  });

  it('passes frequencies through as written: parsing them is the engine’s job', () => {
    expect(value(applyTransforms('每日三次', []))).toBe('每日三次');
    expect(value(applyTransforms('tid', ['trim']))).toBe('tid');
  });

  it('stops at the first failure with its reason', () => {
    const result = applyTransforms('异地医保', [{ map: { 职工医保: 'employee' } }, 'upper']);
    expect(result).toMatchObject({ ok: false, reason: 'unmapped', detail: '「异地医保」不在映射表中' });
  });

  it('does not treat inherited object keys as map entries', () => {
    expect(applyTransforms('constructor', [{ map: { 门诊: 'outpatient' } }]).ok).toBe(false);
  });
});
