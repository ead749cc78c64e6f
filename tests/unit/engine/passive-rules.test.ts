import { describe, expect, it } from 'vitest';
import { FindingLedger } from '../../../entrypoints/content/finding-ledger';
import { findingsToReview, shownMode } from '../../../entrypoints/content/finding-policy';
import { parseSettings } from '../../../settings/schema';
import { check, makeOrder, makePack } from '../../support/builders';

// 阿帕他胺片 (两库 第一批, 限定性别对象: 男). The 医保办 may set one rule passive: it still marks
// the line, but never holds the submission — whatever the kind's mode says.
const APALUTAMIDE = 'XL02BBA326A001010102180';
const rule = (interruptive: boolean) => ({
  id: 'nhsa-r67-sex-阿帕他胺片',
  kind: 'sex' as const,
  name: '阿帕他胺片',
  severity: 'critical' as const,
  interruptive,
  match: { codes: [APALUTAMIDE] },
  params: { allowed: 'M' as const },
});
const order = makeOrder({ patient: { sex: 'F' }, lines: [{ id: '1', code: APALUTAMIDE, name: '阿帕他胺片' }] });

function review(interruptive: boolean, kindModes = {}) {
  const { findings } = check(makePack([rule(interruptive)]), order);
  const ledger = new FindingLedger();
  ledger.useOrder('rx');
  ledger.update(findings, new Set(['1']));
  const settings = parseSettings({ kindModes });
  return { findings, toReview: findingsToReview(findings, ledger, settings), modes: findings.map((f) => shownMode(f, settings)) };
}

describe('rule-level interruptive setting', () => {
  it('marks findings of a passive rule and keeps them out of the pre-submit review', () => {
    const passive = review(false);
    expect(passive.findings).toMatchObject([{ kind: 'sex', severity: 'critical', passive: true }]);
    expect(passive.modes).toEqual(['passive']);
    expect(passive.toReview).toEqual([]);
  });

  it('leaves findings of interruptive rules without the flag, so they are reviewed', () => {
    const interruptive = review(true);
    expect(interruptive.findings[0]).not.toHaveProperty('passive');
    expect(interruptive.toReview).toHaveLength(1);
  });

  it('still lets a passive kind setting silence an interruptive rule', () => {
    expect(review(true, { sex: 'passive' }).toReview).toEqual([]);
  });
});
