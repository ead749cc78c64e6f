import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../contract/findings';
import { duplicatesIn, foundPlanted, measure, summaryLine, targetChecks, type CheckedOrder } from '../../../bench/alert-metrics';

const finding = (over: Partial<Finding> & Pick<Finding, 'kind' | 'severity'>): Finding => ({
  ruleId: `r-${over.kind}`,
  message: '…',
  actions: [],
  ...over,
});

describe('alert metrics', () => {
  it('counts every further finding of one kind on one line as a duplicate, and only those', () => {
    const order: CheckedOrder = {
      orderId: 'o1',
      findings: [
        finding({ kind: 'sex', severity: 'critical', lineId: '1', ruleId: 'batch' }),
        finding({ kind: 'sex', severity: 'critical', lineId: '1', ruleId: 'catalogue' }),
        finding({ kind: 'sex', severity: 'critical', lineId: '1', ruleId: 'third' }),
        finding({ kind: 'indication', severity: 'warning', lineId: '1' }),
        finding({ kind: 'sex', severity: 'critical', lineId: '2' }),
      ],
      interruptive: [],
    };
    const duplicates = duplicatesIn(order);
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ orderId: 'o1', lineId: '1', kind: 'sex' });
    expect(duplicates[0]!.findings.map((f) => f.ruleId)).toEqual(['batch', 'catalogue', 'third']);
    expect(measure([order]).duplicates).toBe(2);
  });

  it('finds a planted violation only by a finding of its kind on its line', () => {
    const planted = { kind: 'quantity' as const, lineId: '2' };
    const on = (f: Finding[]): CheckedOrder => ({ orderId: 'o', planted, findings: f, interruptive: [] });
    expect(foundPlanted(on([finding({ kind: 'quantity', severity: 'critical', lineId: '2' })]))).toBe(true);
    expect(foundPlanted(on([finding({ kind: 'quantity', severity: 'critical', lineId: '1' })]))).toBe(false);
    expect(foundPlanted(on([finding({ kind: 'data', severity: 'info', lineId: '2' })]))).toBe(false);
    expect(foundPlanted({ orderId: 'clean', findings: [], interruptive: [] })).toBeUndefined();
  });

  it('averages over all orders and prints the summary line last in the agreed shape', () => {
    const critical = finding({ kind: 'sex', severity: 'critical', lineId: '1' });
    const orders: CheckedOrder[] = [
      { orderId: 'a', planted: { kind: 'sex', lineId: '1' }, findings: [critical], interruptive: [critical] },
      { orderId: 'b', findings: [finding({ kind: 'indication', severity: 'warning', lineId: '1' }), finding({ kind: 'data', severity: 'info', lineId: '2' })], interruptive: [] },
      { orderId: 'c', findings: [], interruptive: [] },
      { orderId: 'd', planted: { kind: 'age', lineId: '1' }, findings: [], interruptive: [] },
    ];
    const m = measure(orders);
    expect(m).toMatchObject({ orders: 4, interruptivePer10: 2.5, perOrder: { critical: 0.25, warning: 0.25, info: 0.25 }, planted: 2, found: 1, recall: 0.5 });
    expect(summaryLine(m)).toBe('alerts: interruptive per 10 orders 2.5, findings per order critical 0.25 warning 0.25 info 0.25, duplicates 0, recall 50%');
    expect(targetChecks(m).map((t) => t.met)).toEqual([false, true, false]);
  });

  it('rounds recall down, so 100% means nothing was missed', () => {
    const base = measure([]);
    expect(summaryLine({ ...base, recall: 23 / 24 })).toMatch(/recall 95\.8%$/);
    expect(summaryLine({ ...base, recall: 0.9999 })).toMatch(/recall 99\.9%$/);
    expect(summaryLine({ ...base, recall: 1 })).toMatch(/recall 100%$/);
  });
});
