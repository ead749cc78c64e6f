import { describe, expect, it } from 'vitest';
import { clip, fillDays, niceTicks } from '../../../components/review/charts/scale';
import type { OverrideRow, RuleRow, RuleVerdictCounts } from '../../../contract/review/stats';
import type { RuleReport } from '../../../contract/review/rule-reports';
import { HIGHLIGHT, healthFlags, isHigh, rate, ruleHealth } from '../../../components/review/rates';
import { realRules } from '../../hub/support/events';

const [a, b, c, d] = realRules();

const top = (rule: typeof a, shown: number, decisions: number, continued: number): RuleRow => ({
  ruleId: rule!.id,
  kind: rule!.kind,
  shown,
  decisions,
  continued,
  corrected: decisions - continued,
  ignored: 0,
  amountAtRisk: shown * 10,
});
const override = (rule: typeof a, decisions: number, continued: number): OverrideRow => ({
  key: rule!.id,
  decisions,
  continued,
  corrected: decisions - continued,
  ignored: 0,
  overrideRate: continued / decisions,
});
const verdicts = (rule: typeof a, reviewed: number, falsePositive: number): RuleVerdictCounts => ({
  ruleId: rule!.id,
  reviewed,
  falsePositive,
  confirmed: reviewed - falsePositive,
  justified: 0,
});
const report = (rule: typeof a, id: number): RuleReport => ({
  id,
  ruleId: rule!.id,
  packVersion: '2026.11.1',
  eventId: null,
  comment: '限定支付范围已于本年调整',
  reporter: '0123456789abcdef',
  reporterLabel: '质控科',
  at: '2026-11-22T02:00:00.000Z',
});

describe('rates and thresholds', () => {
  it('states the thresholds: override ≥ 50 %, 误报 ≥ 30 %, at least 10 events', () => {
    expect(HIGHLIGHT).toEqual({ overrideRate: 0.5, falsePositiveRate: 0.3, minEvents: 10 });
  });

  it('has no rate without a denominator', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 4)).toBe(0.75);
  });

  it('counts a rate exactly at the threshold, not just below it or on too few events', () => {
    expect(isHigh(5 / 10, 10, 0.5, 10)).toBe(true);
    expect(isHigh(4 / 10, 10, 0.5, 10)).toBe(false);
    expect(isHigh(9 / 9, 9, 0.5, 10)).toBe(false);
    expect(isHigh(3 / 10, 10, 0.3, 10)).toBe(true);
    expect(isHigh(29 / 100, 100, 0.3, 10)).toBe(false);
    expect(isHigh(null, 100, 0.3, 10)).toBe(false);
    expect(healthFlags({ overrideRate: 0.6, decisions: 20, falsePositiveRate: 0.5, reviewed: 10 })).toEqual(['override-high', 'false-positive-high']);
    expect(healthFlags({ overrideRate: 0.6, decisions: 20, falsePositiveRate: 0.5, reviewed: 10 }, { overrideRate: 0.7, falsePositiveRate: 0.6, minEvents: 5 })).toEqual([]);
  });
});

describe('rule health', () => {
  it('merges counts, verdicts and reports per rule and puts the rules needing attention first', () => {
    const rows = ruleHealth({
      topRules: [top(a, 120, 40, 8), top(b, 60, 20, 12), top(c, 30, 10, 1)],
      // d fired less than the top-rules cut but has decisions: it still appears.
      overrides: [override(a, 40, 8), override(b, 20, 12), override(d, 12, 3), { ...override(c, 10, 1), key: null }],
      verdicts: [verdicts(c, 10, 4), verdicts(a, 25, 2)],
      reports: [report(d, 1), report(c, 2), report(c, 3)],
    });
    // Flagged first; among them the one with 规则有误 reports; then reported ones; then by volume.
    expect(rows.map((r) => [r.ruleId, r.flags])).toEqual([
      [c!.id, ['false-positive-high']],
      [b!.id, ['override-high']],
      [d!.id, []],
      [a!.id, []],
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.ruleId, r]));
    expect(byId[b!.id]!.overrideRate).toBe(0.6);
    expect(byId[c!.id]!.falsePositiveRate).toBe(0.4);
    expect(byId[c!.id]!.reports.map((r) => r.id)).toEqual([2, 3]);
    expect(byId[d!.id]!.shown).toBe(0);
    expect(byId[d!.id]!.overrideRate).toBe(0.25);
    expect(byId[d!.id]!.falsePositiveRate).toBeNull();
    expect(byId[a!.id]!.kind).toBe(a!.kind);
  });

  it('is empty for no data', () => {
    expect(ruleHealth({ topRules: [], overrides: [], verdicts: [], reports: [] })).toEqual([]);
  });
});

describe('chart scales', () => {
  const day = (date: string, shown: number) => ({ day: date, shown, decisions: 0, continued: 0, corrected: 0, ignored: 0 });

  it('fills the days without events with zeros, within the filter range when there is one', () => {
    const filled = fillDays([day('2026-11-03', 5), day('2026-11-01', 2)]);
    expect(filled.map((r) => [r.day, r.shown])).toEqual([
      ['2026-11-01', 2],
      ['2026-11-02', 0],
      ['2026-11-03', 5],
    ]);
    // The chart spans the data, never wider (issue #13 R9): a wide filter draws no empty stretch.
    expect(fillDays([day('2026-11-03', 5), day('2026-11-05', 1)], '2026-11-02', '2026-11-30').map((r) => r.day)).toEqual(['2026-11-03', '2026-11-04', '2026-11-05']);
    expect(fillDays([day('2026-11-01', 5), day('2026-11-05', 1)], '2026-11-02', '2026-11-04').map((r) => r.day)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
    expect(fillDays([])).toEqual([]);
    expect(fillDays([], '2026-11-05', '2026-11-01')).toEqual([]);
  });

  it('keeps the newest days of a very long range', () => {
    const filled = fillDays([day('2020-01-01', 1), day('2026-11-22', 1)], '2020-01-01', '2026-11-22', 30);
    expect(filled).toHaveLength(30);
    expect(filled.at(-1)!.day).toBe('2026-11-22');
  });

  it('clamps to the data: one event dated far ahead does not stretch the chart (issue #13 R9)', () => {
    const rows = [day('2026-11-20', 3), day('2026-11-22', 1), day('2099-01-01', 1)];
    expect(fillDays(rows, undefined, undefined, 400, '2026-11-22').map((r) => [r.day, r.shown])).toEqual([
      ['2026-11-20', 3],
      ['2026-11-21', 0],
      ['2026-11-22', 1],
    ]);
    // A filter from long before the first event starts the chart at that event.
    expect(fillDays(rows, '2020-01-01', undefined, 400, '2026-11-22')).toHaveLength(3);
    // Tomorrow (a clock a little ahead, within the hub's bound) still shows.
    expect(fillDays([...rows, day('2026-11-23', 2)], undefined, undefined, 400, '2026-11-22').at(-1)).toMatchObject({ day: '2026-11-23', shown: 2 });
  });

  it('picks round ticks that cover the maximum', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(1234).every((t) => t % 500 === 0)).toBe(true);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('clips labels by display width, CJK counting double', () => {
    expect(clip('nhsa-r65-age-儿童清肺口服液', 16)).toBe('nhsa-r65-age-儿…');
    expect(clip('心血管内科', 10)).toBe('心血管内科');
    expect(clip('心血管内科', 9)).toBe('心血管内…');
  });
});
