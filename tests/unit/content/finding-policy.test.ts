import { describe, expect, it } from 'vitest';
import { FindingLedger } from '../../../entrypoints/content/finding-ledger';
import { findingsToReview, shownMode, visibleFindings } from '../../../entrypoints/content/finding-policy';
import { parseSettings } from '../../../settings/schema';
import { makeOrder } from '../../support/builders';
import { APALUTAMIDE, SEX_RULE_ID, evaluateOrder } from './support';

// A woman prescribed 阿帕他胺片 (male only: critical in the test pack) for 10 days (warning: over 7,
// which the 前列腺恶性肿瘤 diagnosis lets the doctor extend with a stated reason).
const outcome = evaluateOrder(
  makeOrder({
    patient: { sex: 'F', ageYears: 45 },
    encounter: { diagnoses: [{ code: 'C61.x00', name: '前列腺恶性肿瘤' }] },
    lines: [{ id: '1', code: APALUTAMIDE.code, name: APALUTAMIDE.name, kind: 'drug', spec: '60mg*120片', dose: 240, doseUnit: 'mg', frequency: 'qd', days: 10, quantity: 1, unit: '盒' }],
  }),
);
if (!outcome.ok) throw new Error('engine refused the order');
const findings = outcome.result.findings;
const sex = findings.find((f) => f.ruleId === SEX_RULE_ID)!;
const dayLimit = findings.find((f) => f.kind === 'quantity')!;

function ledger(): FindingLedger {
  const l = new FindingLedger();
  l.useOrder('rx');
  l.update(findings, new Set(['1']));
  return l;
}

describe('finding policy', () => {
  it('has the two findings the tests below rely on', () => {
    expect(sex.severity).toBe('critical');
    expect(dayLimit.severity).toBe('warning');
  });

  it('reviews critical findings by default, warnings too when configured', () => {
    expect(findingsToReview(findings, ledger(), parseSettings({}))).toEqual([sex]);
    expect(findingsToReview(findings, ledger(), parseSettings({ version: 2, warningBlocksSubmit: true }))).toEqual(expect.arrayContaining([sex, dayLimit]));
  });

  it('never reviews passive kinds, continued findings, or anything in silent mode', () => {
    expect(findingsToReview(findings, ledger(), parseSettings({ warningBlocksSubmit: false, kindModes: { sex: 'passive' } }))).toEqual([]);
    const l = ledger();
    l.markContinued(sex);
    expect(findingsToReview(findings, l, parseSettings({ warningBlocksSubmit: false }))).toEqual([]);
    expect(findingsToReview(findings, ledger(), parseSettings({ silent: true }))).toEqual([]);
  });

  it('still reviews a dismissed critical finding, while hiding it from the rows', () => {
    const l = ledger();
    l.dismiss(sex);
    expect(visibleFindings(findings, l, parseSettings({ warningBlocksSubmit: false }))).not.toContain(sex);
    expect(findingsToReview(findings, l, parseSettings({ warningBlocksSubmit: false }))).toEqual([sex]);
  });

  it('names how each finding was shown', () => {
    expect(shownMode(sex, parseSettings({}))).toBe('interruptive');
    expect(shownMode(sex, parseSettings({ kindModes: { sex: 'passive' } }))).toBe('passive');
    expect(shownMode(sex, parseSettings({ silent: true, kindModes: { sex: 'passive' } }))).toBe('silent');
    expect(visibleFindings(findings, ledger(), parseSettings({ silent: true }))).toEqual([]);
  });
});
