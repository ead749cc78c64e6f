import { describe, expect, it } from 'vitest';
import { FindingLedger, findingIdentities } from '../../../entrypoints/content/finding-ledger';
import type { Finding } from '../../../contract/findings';
import { makeOrder } from '../../support/builders';
import { evaluateOrder, APALUTAMIDE, SEX_RULE_ID } from './support';

/** Findings of the test pack for one outpatient line of 阿帕他胺片 for a woman, over the day limit. */
function findingsFor(days: number, quantity = 1): Finding[] {
  const order = makeOrder({
    id: 'rx-ledger',
    patient: { sex: 'F', ageYears: 45 },
    lines: [
      { id: 'L1', code: APALUTAMIDE.code, name: APALUTAMIDE.name, kind: 'drug', spec: '60mg*120片', dose: 240, doseUnit: 'mg', frequency: 'qd', days, quantity, unit: '盒' },
    ],
  });
  const outcome = evaluateOrder(order);
  if (!outcome.ok) throw new Error('engine refused the order');
  return outcome.result.findings;
}

const lines = new Set(['L1']);

describe('finding identity', () => {
  it('is rule, line and kind, not the message, with an ordinal for repeats', () => {
    const over10 = findingsFor(10);
    const over20 = findingsFor(20);
    const dayLimit10 = over10.find((f) => f.kind === 'quantity')!;
    const dayLimit20 = over20.find((f) => f.kind === 'quantity')!;
    expect(dayLimit10.message).not.toBe(dayLimit20.message);
    expect(findingIdentities(over10)).toEqual(findingIdentities(over20));
    const twice = [dayLimit10, { ...dayLimit10, message: '第二条' }];
    const [first, second] = findingIdentities(twice);
    expect(first).not.toBe(second);
  });
});

describe('FindingLedger', () => {
  it('reports a finding as first shown once per order, however often it comes back', () => {
    const ledger = new FindingLedger();
    ledger.useOrder('rx-1');
    const first = ledger.update(findingsFor(10), lines);
    expect(first.firstShown.map((f) => f.ruleId)).toContain(SEX_RULE_ID);
    expect(ledger.update(findingsFor(12), lines).firstShown).toEqual([]);
    ledger.update([], lines);
    expect(ledger.update(findingsFor(10), lines).firstShown).toEqual([]);
    ledger.useOrder('rx-2');
    expect(ledger.update(findingsFor(10), lines).firstShown.length).toBe(first.firstShown.length);
  });

  it('reports a vanished finding as modified, or as removed-line when its line is gone, once', () => {
    const ledger = new FindingLedger();
    ledger.useOrder('rx-1');
    ledger.update(findingsFor(10), lines);
    const fixed = ledger.update(findingsFor(7), lines);
    expect(fixed.resolved.map((r) => [r.finding.kind, r.decision])).toEqual([['quantity', 'modified']]);
    expect(ledger.update(findingsFor(7), lines).resolved).toEqual([]);
    const gone = ledger.update([], new Set());
    expect(gone.resolved.map((r) => r.decision)).toEqual(gone.resolved.map(() => 'removed-line'));
    expect(gone.resolved.map((r) => r.finding.ruleId)).toContain(SEX_RULE_ID);
  });

  it('does not log a vanishing finding again when a decision was already logged for it', () => {
    const ledger = new FindingLedger();
    ledger.useOrder('rx-1');
    const findings = findingsFor(10);
    ledger.update(findings, lines);
    ledger.markDecided(findings.find((f) => f.kind === 'quantity')!);
    expect(ledger.update(findingsFor(7), lines).resolved).toEqual([]);
  });

  it('keeps a dismissal for the rest of the order, across new results', () => {
    const ledger = new FindingLedger();
    ledger.useOrder('rx-1');
    const findings = findingsFor(10);
    ledger.update(findings, lines);
    const sex = findings.find((f) => f.ruleId === SEX_RULE_ID)!;
    expect(ledger.dismiss(sex)).toBe(true);
    expect(ledger.dismiss(sex)).toBe(false);
    const next = findingsFor(11);
    ledger.update(next, lines);
    expect(ledger.isDismissed(next.find((f) => f.ruleId === SEX_RULE_ID)!)).toBe(true);
    ledger.useOrder('rx-2');
    ledger.update(next, lines);
    expect(ledger.isDismissed(next.find((f) => f.ruleId === SEX_RULE_ID)!)).toBe(false);
  });

  it('remembers a continued finding while it stays, and forgets it once it went away', () => {
    const ledger = new FindingLedger();
    ledger.useOrder('rx-1');
    const findings = findingsFor(10);
    ledger.update(findings, lines);
    const dayLimit = findings.find((f) => f.kind === 'quantity')!;
    ledger.markContinued(dayLimit);
    const same = findingsFor(12);
    ledger.update(same, lines);
    expect(ledger.isContinued(same.find((f) => f.kind === 'quantity')!)).toBe(true);
    ledger.update(findingsFor(7), lines);
    const back = findingsFor(10);
    ledger.update(back, lines);
    expect(ledger.isContinued(back.find((f) => f.kind === 'quantity')!)).toBe(false);
  });
});
