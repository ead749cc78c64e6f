import { describe, expect, it } from 'vitest';
import { compilePack, orderWideRules, rulesForLine } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { EngineSession } from '../../../rules/engine/session';
import { makeOrder, makePack } from '../../support/builders';

// 注射用黄芪多糖: the structured catalogue keys it by the 12-char prefix ZC02AAZ04070 (疗程 14天, 机构 二级).
const HUANGQI_PREFIX = 'ZC02AAZ04070';
const HUANGQI = 'ZC02AAZ0407010100001';
const APALUTAMIDE = 'XL02BBA326A001010102180';

const sexRule = { id: 'sex', kind: 'sex' as const, match: { codes: [APALUTAMIDE] }, params: { allowed: 'M' as const } };
const levelRule = {
  id: 'level',
  kind: 'institution-level' as const,
  match: { prefixes: [HUANGQI_PREFIX] },
  params: { minLevel: 2 as const },
};

describe('compiled lookup tables', () => {
  it('a 12-char catalogue prefix matches full national codes', () => {
    const compiled = compilePack(makePack([levelRule]));
    expect(rulesForLine(compiled, HUANGQI, 'drug').map((r) => r.rule.id)).toEqual(['level']);
    expect(rulesForLine(compiled, 'ZC02AAZ04071' + '01010000', 'drug')).toEqual([]);
    expect(rulesForLine(compiled, 'ZC02', 'drug')).toEqual([]);
  });
  it('code-less rules apply only to their line kinds', () => {
    const compiled = compilePack(
      makePack([
        { id: 'dup', kind: 'duplicate-drug', match: { lineKinds: ['drug'] }, params: { by: 'ingredient' } },
        { id: 'days', kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true } },
      ]),
    );
    expect(rulesForLine(compiled, '001102000030000', 'item')).toEqual([]);
    expect(orderWideRules(compiled, 'item')).toEqual([]);
    // A line rule is looked up per line; an order-wide one is gathered once per order.
    expect(rulesForLine(compiled, APALUTAMIDE, 'drug').map((r) => r.rule.id)).toEqual(['days']);
    expect(orderWideRules(compiled, 'drug').map((r) => r.rule.id)).toEqual(['dup']);
  });
  it('lineKinds also narrow code rules', () => {
    const compiled = compilePack(makePack([{ ...sexRule, match: { codes: [APALUTAMIDE], lineKinds: ['item'] } }]));
    expect(rulesForLine(compiled, APALUTAMIDE, 'drug')).toEqual([]);
  });
  it('disabled rules are not compiled', () => {
    const compiled = compilePack(makePack([{ ...sexRule, enabled: false }]));
    expect(compiled.ruleCount).toBe(0);
  });
  it('a rule listed under both a code and a prefix of it runs once', () => {
    const compiled = compilePack(makePack([{ ...sexRule, match: { codes: [APALUTAMIDE], prefixes: ['XL02BBA326'] } }]));
    expect(rulesForLine(compiled, APALUTAMIDE, 'drug')).toHaveLength(1);
  });
});

describe('effective dates', () => {
  const order = (date: string) =>
    makeOrder({ patient: { sex: 'F' }, encounter: { date }, lines: [{ id: '1', code: APALUTAMIDE, name: '阿帕他胺片' }] });
  it('honours a rule window inclusively at both edges', () => {
    const compiled = compilePack(makePack([{ ...sexRule, effective: { from: '2026-03-01', to: '2026-12-31' } }]));
    expect(evaluate(compiled, order('2026-02-28')).findings).toEqual([]);
    expect(evaluate(compiled, order('2026-03-01')).findings).toHaveLength(1);
    expect(evaluate(compiled, order('2026-12-31')).findings).toHaveLength(1);
    expect(evaluate(compiled, order('2027-01-01')).findings).toEqual([]);
  });
  it('a pack outside its validity reports that it did not check', () => {
    const compiled = compilePack(makePack([sexRule], { effective: { from: '2027-01-01' } }));
    const { findings } = evaluate(compiled, order('2026-12-31'));
    expect(findings).toEqual([expect.objectContaining({ kind: 'data', ruleId: 'preflight:pack-effective' })]);
  });
  it('a pack past its end reports that it did not check, unless compiled to keep expired packs in force', () => {
    const expired = makePack([sexRule], { effective: { from: '2026-01-01', to: '2026-11-21' } });
    expect(evaluate(compilePack(expired), order('2026-11-22')).findings).toEqual([expect.objectContaining({ ruleId: 'preflight:pack-effective' })]);
    expect(evaluate(compilePack(expired, { keepExpired: true }), order('2026-11-22')).findings).toEqual([expect.objectContaining({ kind: 'sex' })]);
    // Before its start it is still not in force.
    expect(evaluate(compilePack(expired, { keepExpired: true }), order('2025-12-31')).findings).toEqual([expect.objectContaining({ ruleId: 'preflight:pack-effective' })]);
  });
  it('a line dated on its own is judged at its own date', () => {
    const compiled = compilePack(makePack([{ ...sexRule, effective: { to: '2026-11-20' } }]));
    const o = makeOrder({
      patient: { sex: 'F' },
      encounter: { date: '2026-11-22' },
      lines: [{ id: '1', code: APALUTAMIDE, date: '2026-11-19' }],
    });
    expect(evaluate(compiled, o).findings).toHaveLength(1);
  });
});

describe('result shape', () => {
  it('carries order id, pack version and elapsed time', () => {
    const compiled = compilePack(makePack([sexRule], { version: '2026.11.2' }));
    const result = evaluate(compiled, makeOrder({ id: 'rx-9', lines: [] }));
    expect(result).toMatchObject({ orderId: 'rx-9', packVersion: '2026.11.2', findings: [] });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });
});

describe('incremental session', () => {
  const pack = makePack([
    sexRule,
    levelRule,
    { id: 'dup', kind: 'duplicate-drug', match: { lineKinds: ['drug'] }, params: { by: 'ingredient' } },
  ]);
  const compiled = compilePack(pack);
  const base = makeOrder({
    patient: { sex: 'F' },
    encounter: { institutionLevel: 1 },
    lines: [
      { id: '1', code: APALUTAMIDE, name: '阿帕他胺片' },
      { id: '2', code: HUANGQI, name: '注射用黄芪多糖' },
    ],
  });

  it('equals a full evaluation and recomputes only the changed line', () => {
    const session = new EngineSession(compiled);
    expect(session.evaluate(base).findings).toEqual(evaluate(compiled, base).findings);
    expect(session.lastRecomputed).toBe(2);

    const typed = { ...base, lines: [base.lines[0]!, { ...base.lines[1]!, days: 3 }] };
    expect(session.evaluate(typed).findings).toEqual(evaluate(compiled, typed).findings);
    expect(session.lastRecomputed).toBe(1);

    const added = { ...typed, lines: [...typed.lines, { ...base.lines[0]!, id: '3' }] };
    const result = session.evaluate(added);
    expect(result.findings).toEqual(evaluate(compiled, added).findings);
    expect(result.findings.some((f) => f.kind === 'duplicate-drug' && f.lineId === '3')).toBe(true);
    // Line 1 shares its code with the new line, and line rules may count same-item lines: both rerun.
    expect(session.lastRecomputed).toBe(2);

    const unrelated = { ...added, lines: [...added.lines, { id: '4', code: '001102000030000', name: '急诊诊查费', kind: 'item' as const }] };
    expect(session.evaluate(unrelated).findings).toEqual(evaluate(compiled, unrelated).findings);
    expect(session.lastRecomputed).toBe(1);
  });

  it('re-judges a line when another code of the same 疗程 changes (lines of one prefix count together)', () => {
    const course = { id: 'course', kind: 'course' as const, match: { prefixes: [HUANGQI_PREFIX] }, params: { maxDays: 14 } };
    const courseCompiled = compilePack(makePack([course]));
    const session = new EngineSession(courseCompiled);
    // Two manufacturers' 黄芪多糖: different codes under the prefix the 疗程 is filed under.
    const first = { id: '1', code: HUANGQI, name: '注射用黄芪多糖', days: 7 };
    const second = { id: '2', code: `${HUANGQI_PREFIX}20200002`, name: '注射用黄芪多糖（乙厂）', days: 10 };
    const long = makeOrder({ lines: [first, second] });
    const overCourse = session.evaluate(long).findings;
    expect(overCourse.map((f) => [f.kind, f.lineId])).toEqual([['course', '2']]);

    const shortened = makeOrder({ lines: [{ ...first, days: 3 }, second] });
    expect(session.evaluate(shortened).findings).toEqual(evaluate(courseCompiled, shortened).findings);
    expect(session.evaluate(shortened).findings).toEqual([]);
  });

  it('sees an order its caller edited in place', () => {
    const session = new EngineSession(compiled);
    const order = makeOrder({ patient: { sex: 'F' }, lines: [{ id: '1', code: APALUTAMIDE, name: '阿帕他胺片' }] });
    expect(session.evaluate(order).findings.map((f) => f.kind)).toEqual(['sex']);
    order.patient.sex = 'M';
    expect(session.evaluate(order).findings).toEqual([]);
    order.lines[0]!.code = HUANGQI;
    order.encounter.institutionLevel = 1;
    expect(session.evaluate(order).findings).toEqual(evaluate(compiled, order).findings);
    expect(session.evaluate(order).findings.map((f) => f.kind)).toEqual(['institution-level']);
  });

  it('starts over when the patient or encounter changes', () => {
    const session = new EngineSession(compiled);
    session.evaluate(base);
    const male = { ...base, patient: { ...base.patient, sex: 'M' as const } };
    expect(session.evaluate(male).findings).toEqual(evaluate(compiled, male).findings);
    expect(session.lastRecomputed).toBe(2);
  });
});

describe('self-pay lines', () => {
  it('payment restrictions stop once the line is marked 自费; 处方管理办法 day limits still apply', () => {
    const compiled = compilePack(
      makePack([sexRule, { id: 'days', kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true } }]),
    );
    const line = { id: '1', code: APALUTAMIDE, name: '阿帕他胺片', days: 10 };
    const paid = evaluate(compiled, makeOrder({ patient: { sex: 'F' }, lines: [line] }));
    expect(paid.findings.map((f) => f.kind).sort()).toEqual(['quantity', 'sex']);
    const selfPay = evaluate(compiled, makeOrder({ patient: { sex: 'F' }, lines: [{ ...line, selfPay: true }] }));
    expect(selfPay.findings.map((f) => f.kind)).toEqual(['quantity']);
  });
});
