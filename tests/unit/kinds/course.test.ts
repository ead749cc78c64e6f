import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingSchema, type Finding } from '../../../contract/findings';
import type { OrderInput } from '../../../contract/order';
import type { PackInput } from '../../../rules/pack/schema';
import { check, makeOrder, makePack } from '../../support/builders';

type LineInput = OrderInput['lines'][number];
type HistoryInput = NonNullable<OrderInput['history']>[number];

const SHARED = path.resolve(__dirname, '../../../..', 'shared');

/** 疗程限制 rows of the structured catalogue: key = first 12 chars of the national code. */
function courseRow(name: string): { prefix: string; maxDays: number } {
  const lines = readFileSync(path.join(SHARED, 'data', 'drug-restrictions-structured.csv'), 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = (title: string) => header.indexOf(title);
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (f[col('药品名称')] === name) {
      const days = /^(\d+)天$/.exec(f[col('疗程限制')] ?? '');
      if (days) return { prefix: f[col('药品编码')]!, maxDays: Number(days[1]) };
    }
  }
  throw new Error(`no 疗程 row for ${name}`);
}

const BUTYLPHTHALIDE_ROW = courseRow('丁苯酞软胶囊'); // XN07XXD130E0, 20天
const OZAGREL_ROW = courseRow('奥扎格雷'); // XB01AXA223B0, 14天
const BUTYLPHTHALIDE = 'XN07XXD130E002010102774'; // 丁苯酞软胶囊, the contract's example code
const OZAGREL_INJ = 'XB01AXA223B002010100156'; // 奥扎格雷钠注射液 (第十三批 med_codes)
const OZAGREL_POWDER = 'XB01AXA223B001010100269'; // 注射用奥扎格雷钠 (第十三批 med_codes)
const CILOSTAZOL = 'XB01ACX010A001010100177'; // 西洛他唑片: another drug, must not count

const courseRule = (row: { prefix: string; maxDays: number }, name: string, windowDays?: number) => ({
  id: `nhsa-course-${row.prefix}`,
  kind: 'course' as const,
  name,
  basis: '医保药品目录 限支付疗程',
  match: { prefixes: [row.prefix] },
  params: windowDays === undefined ? { maxDays: row.maxDays } : { maxDays: row.maxDays, windowDays },
});

const butylphthalide = (days: number | undefined, extra: Partial<LineInput> = {}): LineInput => ({
  id: '1', code: BUTYLPHTHALIDE, name: '丁苯酞软胶囊', spec: '0.1g*24粒', dose: 0.2, doseUnit: 'g', frequency: 'tid',
  days, quantity: 2, unit: '盒', price: 98.5, ...extra,
});

function run(lines: LineInput[], history: HistoryInput[] = [], windowDays?: number, encounter: Partial<OrderInput['encounter']> = {}): Finding[] {
  const pack = makePack([courseRule(BUTYLPHTHALIDE_ROW, '丁苯酞软胶囊', windowDays)] as PackInput['rules']);
  const { findings } = check(pack, makeOrder({ lines, history, encounter: { visitType: 'inpatient', ...encounter } }));
  for (const f of findings) FindingSchema.parse(f);
  return findings;
}

const past = (date: string, days: number | undefined, code = BUTYLPHTHALIDE): HistoryInput => ({
  date, code, days, quantity: 1, unit: '盒', visitType: 'inpatient',
});

describe('course: 支付不超过20天 (丁苯酞软胶囊)', () => {
  it('reads the limit from the catalogue', () => {
    expect(BUTYLPHTHALIDE_ROW).toEqual({ prefix: 'XN07XXD130E0', maxDays: 20 });
  });

  it('passes 20 days and flags 21 with set-days 20', () => {
    expect(run([butylphthalide(20)])).toEqual([]);
    const findings = run([butylphthalide(21)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'course',
      severity: 'warning',
      lineId: '1',
      message: '丁苯酞软胶囊 医保支付不超过 20 天，本次累计 21 天',
      actions: [
        { type: 'set-days', value: 20, label: '改为 20 天' },
        { type: 'mark-self-pay', label: '转自费' },
      ],
    });
    expect(findings[0]!.amountAtRisk).toBeCloseTo((2 * 98.5) / 21, 2);
  });

  it('adds history: 14 days used, 6 more pass, 7 more fail with 改为 6 天', () => {
    const history = [past('2026-11-10', 14)];
    expect(run([butylphthalide(6)], history)).toEqual([]);
    const [f] = run([butylphthalide(7)], history);
    expect(f?.message).toBe('丁苯酞软胶囊 医保支付不超过 20 天，已用 14 天，本次累计 21 天');
    expect(f?.actions[0]).toEqual({ type: 'set-days', value: 6, label: '改为 6 天' });
    expect(f?.amountAtRisk).toBeCloseTo((2 * 98.5) / 7, 2);
  });

  it('offers only 转自费 once the course is used up', () => {
    const [f] = run([butylphthalide(3)], [past('2026-11-01', 10), past('2026-11-12', 10)]);
    expect(f?.message).toContain('已用 20 天');
    expect(f?.actions).toEqual([{ type: 'mark-self-pay', label: '转自费' }]);
    expect(f?.amountAtRisk).toBe(197);
  });

  it('counts other lines of the same item above this one in the order', () => {
    const findings = run([butylphthalide(12), butylphthalide(10, { id: '2' })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ lineId: '2', message: '丁苯酞软胶囊 医保支付不超过 20 天，已用 12 天，本次累计 22 天' });
    expect(findings[0]!.actions[0]).toMatchObject({ value: 8 });
  });

  it('ignores other drugs and history after the order date', () => {
    expect(run([butylphthalide(10)], [past('2026-11-10', 30, CILOSTAZOL)])).toEqual([]);
    expect(run([butylphthalide(10)], [past('2026-11-23', 30)])).toEqual([]);
  });
});

describe('course: window edges', () => {
  it('a 30-day window holds the order day and the 29 days before it', () => {
    // 2026-11-22 minus 29 days is 2026-10-24; minus 30 is 2026-10-23.
    expect(run([butylphthalide(10)], [past('2026-10-24', 11)], 30)).toHaveLength(1);
    expect(run([butylphthalide(10)], [past('2026-10-23', 11)], 30)).toEqual([]);
  });

  it('counts history on the order day itself', () => {
    expect(run([butylphthalide(10)], [past('2026-11-22', 11)], 30)).toHaveLength(1);
  });

  it('defaults to the pack historyWindowDays (365)', () => {
    // 2026-11-22 minus 364 days is 2025-11-23.
    expect(run([butylphthalide(10)], [past('2025-11-23', 11)])).toHaveLength(1);
    expect(run([butylphthalide(10)], [past('2025-11-22', 11)])).toEqual([]);
  });

  it('measures the window from the line date of an inpatient line', () => {
    const line = butylphthalide(10, { date: '2026-11-01' });
    // 2026-10-05 is 27 days before the line but 48 before the encounter date.
    expect(run([line], [past('2026-10-05', 11)], 30)).toHaveLength(1);
  });
});

describe('course: same item across codes', () => {
  it('counts history under another code with the rule prefix (奥扎格雷, 14天)', () => {
    expect(OZAGREL_ROW).toEqual({ prefix: 'XB01AXA223B0', maxDays: 14 });
    const pack = makePack([courseRule(OZAGREL_ROW, '奥扎格雷')] as PackInput['rules']);
    const line = { id: '1', code: OZAGREL_INJ, name: '奥扎格雷钠注射液', days: 5, quantity: 10, unit: '支', price: 12 };
    const order = (days: number) =>
      makeOrder({ encounter: { visitType: 'inpatient' }, lines: [line], history: [past('2026-11-15', days, OZAGREL_POWDER)] });
    expect(check(pack, order(9)).findings).toEqual([]);
    const [f] = check(pack, order(10)).findings;
    expect(f).toMatchObject({ kind: 'course', message: '奥扎格雷钠注射液 医保支付不超过 14 天，已用 10 天，本次累计 15 天' });
    expect(f?.actions[0]).toMatchObject({ type: 'set-days', value: 4 });
  });
});

describe('course: missing data', () => {
  it('does not ask a 住院 长期医嘱 for days it never has', () => {
    for (const days of [undefined, 0]) expect(run([butylphthalide(days)])).toEqual([]);
  });

  it('reports a line without days as a data gap with no amount', () => {
    for (const days of [undefined, 0]) {
      const findings = run([butylphthalide(days)], [], undefined, { visitType: 'discharge' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'data', severity: 'info', lineId: '1' });
      expect(findings[0]!.message).toContain('未填天数');
      expect(findings[0]!.amountAtRisk).toBeUndefined();
    }
  });

  it('says when history without days leaves the total unverified', () => {
    const [f] = run([butylphthalide(10)], [past('2026-11-10', undefined)]);
    expect(f).toMatchObject({ kind: 'data', severity: 'info' });
    expect(f?.message).toContain('既往 1 条记录未填天数');
  });

  it('still flags an overrun the known history proves', () => {
    const [f] = run([butylphthalide(10)], [past('2026-11-10', undefined), past('2026-11-12', 15)]);
    expect(f).toMatchObject({ kind: 'course' });
    expect(f?.message).toContain('已用 15 天');
  });
});
