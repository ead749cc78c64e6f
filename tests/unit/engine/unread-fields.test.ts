import { describe, expect, it } from 'vitest';
import { EngineSession } from '../../../rules/engine/session';
import { compilePack } from '../../../rules/engine/compile';
import { check, makeOrder, makePack } from '../../support/builders';

/**
 * A field the page shows but the adapter could not read (Order.unread, a renamed column): rules
 * that would read its absence as a fact report a data gap naming the field instead.
 */

const DRUG = 'XL02BBA326A001010102180';
const pack = makePack([
  { id: 'approval', kind: 'approval', match: { codes: [DRUG] }, params: {} },
  { id: 'sex', kind: 'sex', match: { codes: [DRUG] }, params: { allowed: 'M' } },
  { id: 'indication', kind: 'indication', match: { codes: [DRUG] }, params: { icdPrefixes: ['C61'], keywords: ['前列腺癌'] } },
  { id: 'course', kind: 'course', match: { codes: [DRUG] }, params: { maxDays: 30 } },
  { id: 'days', kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true, checkDispensed: true } },
]);
const line = { id: '1', code: DRUG, name: '阿帕他胺片', days: 10 };

function findings(unread?: string[]) {
  const order = makeOrder({ patient: { sex: 'M' }, encounter: { visitType: 'outpatient', diagnoses: [] }, lines: [line] });
  return check(pack, unread ? { ...order, unread } : order).findings.map((f) => ({ ruleId: f.ruleId, kind: f.kind, severity: f.severity, message: f.message }));
}

describe('rules needing an unread field', () => {
  it('judge the absence as a fact while the page read the field', () => {
    const byRule = Object.fromEntries(findings().map((f) => [f.ruleId, f]));
    expect(byRule['approval']).toMatchObject({ kind: 'approval', message: expect.stringContaining('未见审批号') });
    expect(byRule['indication']).toMatchObject({ kind: 'data', message: expect.stringContaining('未录入诊断') });
  });

  it('report one data gap naming the field and what went unchecked when it is unread', () => {
    const byRule = Object.fromEntries(findings(['lines.approvalNo', 'encounter.diagnoses']).map((f) => [f.ruleId, f]));
    expect(byRule['approval']).toEqual({ ruleId: 'approval', kind: 'data', severity: 'info', message: '阿帕他胺片 页面未读取「审批号」，未核对事前审批' });
    expect(byRule['indication']).toEqual({ ruleId: 'indication', kind: 'data', severity: 'info', message: '阿帕他胺片 页面未读取「诊断」，未核对限定支付范围' });
  });

  it('leave rules that do not need the field alone', () => {
    const unreadDays = findings(['lines.days']);
    expect(unreadDays.find((f) => f.ruleId === 'course')).toEqual({ ruleId: 'course', kind: 'data', severity: 'info', message: '阿帕他胺片 页面未读取「天数」，未核对疗程' });
    // The sex rule needs only the patient's sex, which was read.
    expect(unreadDays.find((f) => f.ruleId === 'sex')).toBeUndefined();
    expect(findings(['lines.spec']).map((f) => f.ruleId).sort()).toEqual(findings().map((f) => f.ruleId).sort());
  });

  it('word the quantity checks\' gaps as unread rather than not filled in', () => {
    const noFrequency = { ...line, days: 7, quantity: 1, unit: '瓶', spec: '60mg*120片', dose: 240, doseUnit: 'mg' };
    const gapOf = (unread?: string[]) => {
      const order = makeOrder({ patient: { sex: 'M' }, lines: [noFrequency] });
      return check(pack, unread ? { ...order, unread } : order).findings.find((f) => f.ruleId === 'days' && f.kind === 'data')?.message;
    };
    expect(gapOf()).toMatch(/^阿帕他胺片 未填频次，未核对/);
    expect(gapOf(['lines.frequency'])).toMatch(/^阿帕他胺片 页面未读取频次，未核对/);
  });

  it('are re-evaluated by a session when the unread fields change', () => {
    const session = new EngineSession(compilePack(pack));
    const order = makeOrder({ patient: { sex: 'M' }, lines: [line] });
    const kindOf = (o: typeof order) => session.evaluate(o).findings.find((f) => f.ruleId === 'approval')?.kind;
    expect(kindOf(order)).toBe('approval');
    expect(kindOf({ ...order, unread: ['lines.approvalNo'] })).toBe('data');
    expect(kindOf(order)).toBe('approval');
  });
});
