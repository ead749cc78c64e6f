import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  administrationsOnHeaviestDay,
  administrationsOver,
  FrequencySchema,
  parseFrequency,
  type Frequency,
} from '../../../rules/parse/frequency';

const SHARED = path.resolve(__dirname, '../../../..', 'shared');

/** The dictionary as published, read independently of the generator. */
const csvRows = readFileSync(path.join(SHARED, 'data', 'order-frequency.csv'), 'utf8')
  .replace(/^\uFEFF/, '')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [code, name, alias, cycle, times] = line.split(',');
    return { code: code!, name: name!, alias: alias!, cycleDays: Number(cycle), timesPerCycle: Number(times) };
  });

function parsed(text: string): Frequency {
  const result = parseFrequency(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.detail}`);
  return FrequencySchema.parse(result.value);
}

describe('parseFrequency: every row of order-frequency.csv', () => {
  it('has the 27 published rows', () => {
    expect(csvRows).toHaveLength(27);
  });

  it.each(csvRows)('$code / $name / $alias → every $cycleDays day(s) × $timesPerCycle', (row) => {
    for (const text of [row.code, row.code.toUpperCase(), row.name, row.alias]) {
      const f = parsed(text);
      expect(f.cycleDays, text).toBe(row.cycleDays);
      expect(f.timesPerCycle, text).toBe(row.timesPerCycle);
      expect(f.timesPerDay, text).toBeCloseTo(row.timesPerCycle / row.cycleDays, 10);
      expect(f.asNeeded, text).toBe(row.code === 'st' || row.code === 'prn');
    }
  });
});

describe('parseFrequency: spellings', () => {
  it.each([
    ['tid', 'tid', 1, 3],
    ['TID', 'tid', 1, 3],
    ['t.i.d.', 'tid', 1, 3],
    ['T.I.D', 'tid', 1, 3],
    [' Bid ', 'bid', 1, 2],
    ['q.d.', 'qd', 1, 1],
    ['q8h', 'q8h', 1, 3],
    ['Q8H', 'q8h', 1, 3],
    ['ｑ８ｈ', 'q8h', 1, 3],
    ['qn', 'qn', 1, 1],
    ['qod', 'qod', 2, 1],
    ['biw', 'biw', 7, 2],
    ['每日三次', 'tid', 1, 3],
    ['每天3次', 'tid', 1, 3],
    ['一日3次', 'tid', 1, 3],
    ['一日三次', 'tid', 1, 3],
    ['1日2次', 'bid', 1, 2],
    ['日2次', 'bid', 1, 2],
    ['一天一次', 'qd', 1, 1],
    ['3次/日', 'tid', 1, 3],
    ['3次/天', 'tid', 1, 3],
    ['2次/d', 'bid', 1, 2],
    ['1次/2日', 'qod', 2, 1],
    ['2次/周', 'biw', 7, 2],
    ['每8小时一次', 'q8h', 1, 3],
    ['每8小时1次', 'q8h', 1, 3],
    ['8小时一次', 'q8h', 1, 3],
    ['每十二小时一次', 'q12h', 1, 2],
    ['每半小时一次', 'q1/2h', 1, 48],
    ['每晚一次', 'qn', 1, 1],
    ['每晚', 'qn', 1, 1],
    ['睡前', 'qn', 1, 1],
    ['qhs', 'qn', 1, 1],
    ['隔日一次', 'qod', 2, 1],
    ['隔天一次', 'qod', 2, 1],
    ['每2日1次', 'qod', 2, 1],
    ['每周两次', 'biw', 7, 2],
    ['每星期2次', 'biw', 7, 2],
    ['一周三次', 'tiw', 7, 3],
    ['每2周1次', '2W', 14, 1],
    ['隔周一次', 'qow', 14, 1],
    ['q3w', '3W', 21, 1],
    ['q24h', 'qd', 1, 1],
    ['tid(饭后)', 'tid', 1, 3],
  ])('%j → %s', (text, code, cycleDays, timesPerCycle) => {
    const f = parsed(text);
    expect(f.code).toBe(code);
    expect(f.cycleDays).toBe(cycleDays);
    expect(f.timesPerCycle).toBe(timesPerCycle);
    expect(f.asNeeded).toBe(false);
  });

  it('keeps the text as written', () => {
    expect(parsed(' T.I.D. ').text).toBe('T.I.D.');
  });

  it('reads intervals the dictionary lacks', () => {
    expect(parsed('q36h')).toMatchObject({ cycleDays: 1.5, timesPerCycle: 1 });
    expect(parsed('q48h')).toMatchObject({ cycleDays: 2, timesPerCycle: 1, code: 'qod' });
    expect(parsed('每月1次')).toMatchObject({ cycleDays: 30, timesPerCycle: 1 });
  });

  it.each([
    ['prn', 'prn'],
    ['PRN', 'prn'],
    ['必要时', 'prn'],
    ['st', 'st'],
    ['ST', 'st'],
    ['立即', 'st'],
    ['即时', 'st'],
  ])('%s is as-needed (%s)', (text, code) => {
    expect(parsed(text)).toMatchObject({ code, asNeeded: true });
  });
});

describe('parseFrequency: failures', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['遵医嘱', 'unknown'],
    ['tidd', 'unknown'],
    ['q0h', 'unknown'],
    ['每日', 'unknown'],
  ])('%j → %s', (text, reason) => {
    const result = parseFrequency(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('names the text in the failure detail', () => {
    const result = parseFrequency('遵医嘱');
    expect(!result.ok && result.detail).toBe('频次「遵医嘱」无法识别');
  });
});

describe('administration counts', () => {
  it('counts whole cycles over the days', () => {
    expect(administrationsOver(parsed('tid'), 7)).toBe(21);
    expect(administrationsOver(parsed('qod'), 7)).toBe(4); // days 1, 3, 5, 7
    expect(administrationsOver(parsed('qod'), 8)).toBe(4);
    expect(administrationsOver(parsed('qw'), 14)).toBe(2);
    expect(administrationsOver(parsed('biw'), 14)).toBe(4);
    expect(administrationsOver(parsed('q8h'), 3)).toBe(9);
  });

  it('bounds the heaviest day, not the average', () => {
    expect(administrationsOnHeaviestDay(parsed('tid'))).toBe(3);
    expect(administrationsOnHeaviestDay(parsed('q6h'))).toBe(4);
    expect(administrationsOnHeaviestDay(parsed('qod'))).toBe(1);
    expect(administrationsOnHeaviestDay(parsed('biw'))).toBe(1);
  });
});
