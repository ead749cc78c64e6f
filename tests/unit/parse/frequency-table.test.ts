import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE, OUTPUT, parseFrequencyCsv, renderFrequencyModule } from '../../../scripts/build-frequency-table';
import { FREQUENCY_ROWS } from '../../../rules/data/frequencies';

describe('generated frequency table', () => {
  it('is up to date with ../shared/data/order-frequency.csv', () => {
    const rows = parseFrequencyCsv(readFileSync(DEFAULT_SOURCE, 'utf8'));
    expect(readFileSync(OUTPUT, 'utf8')).toBe(renderFrequencyModule(rows));
    expect(FREQUENCY_ROWS).toEqual(rows);
  });

  it('names its source in the header', () => {
    expect(readFileSync(OUTPUT, 'utf8').split('\n')[0]).toContain('order-frequency.csv');
    expect(path.basename(DEFAULT_SOURCE)).toBe('order-frequency.csv');
  });

  it('rejects a CSV without the expected columns or with bad numbers', () => {
    expect(() => parseFrequencyCsv('code,name\nqd,每日一次\n')).toThrow(/英文名称/);
    expect(() => parseFrequencyCsv('英文名称,中文名称,中文别名,执行周期,执行频次\nqd,每日一次,每天一次,0,1\n')).toThrow(/line 2/);
  });

  it('reads columns by header name, not position', () => {
    const rows = parseFrequencyCsv('执行频次,英文名称,执行周期,中文名称,中文别名\r\n3,tid,1,每日三次,每天三次\r\n');
    expect(rows).toEqual([{ code: 'tid', name: '每日三次', alias: '每天三次', cycleDays: 1, timesPerCycle: 3 }]);
  });
});
