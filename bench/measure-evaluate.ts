import type { Order } from '../contract/order';
import { rulesForLine, type CompiledPack, type CompiledRule } from '../rules/engine/compile';
import { evaluate } from '../rules/engine/evaluate';
import { EngineSession } from '../rules/engine/session';
import { sampleSync, type SampleOptions, type Timing } from './timing';

export interface EvaluateFigure {
  rules: number;
  lines: number;
  timing: Timing;
  findingsPerOrder: number;
  /** Rules (code-keyed and code-less) the engine looked at per line. */
  rulesPerLine: number;
  /** Share of lines hitting no code-keyed rule, 1–3, and more than 3. */
  codeKeyedHits: { none: number; few: number; many: number };
}

const isCodeKeyed = (r: CompiledRule) => (r.rule.match.codes?.length ?? 0) + (r.rule.match.prefixes?.length ?? 0) > 0;

export function measureEvaluate(compiled: CompiledPack, orders: readonly Order[], opts: SampleOptions): EvaluateFigure {
  let findings = 0;
  let lines = 0;
  let touched = 0;
  const hits = { none: 0, few: 0, many: 0 };
  for (const order of orders) {
    findings += evaluate(compiled, order).findings.length;
    for (const line of order.lines) {
      const rules = rulesForLine(compiled, line.code, line.kind);
      touched += rules.length;
      const keyed = rules.filter(isCodeKeyed).length;
      hits[keyed === 0 ? 'none' : keyed <= 3 ? 'few' : 'many']++;
    }
    lines += order.lines.length;
  }
  const timing = sampleSync((i) => evaluate(compiled, orders[i % orders.length]!), opts);
  return {
    rules: compiled.ruleCount,
    lines: orders[0]?.lines.length ?? 0,
    timing,
    findingsPerOrder: findings / orders.length,
    rulesPerLine: touched / Math.max(1, lines),
    codeKeyedHits: { none: hits.none / lines, few: hits.few / lines, many: hits.many / lines },
  };
}

export interface SessionFigure {
  rules: number;
  lines: number;
  timing: Timing;
  /** Lines the session recomputed per call: 1 when the cache works as intended. */
  recomputedPerCall: number;
  /** The session's findings equal evaluate()'s on the same edited orders. */
  agrees: boolean;
}

/**
 * Edits that change one line at a time: line k's days go up by one, then back, in a cycle of 2n steps
 * that ends where it started, so every call differs from the previous one in exactly one line.
 */
export function oneLineEdits(order: Order): Order[] {
  const n = order.lines.length;
  const current = [...order.lines];
  const edits: Order[] = [];
  for (let step = 0; step < 2 * n; step++) {
    const k = step % n;
    const original = order.lines[k]!;
    current[k] = step < n ? { ...original, days: (original.days ?? 1) + 1 } : original;
    edits.push({ ...order, lines: [...current] });
  }
  return edits;
}

/**
 * Call i's place in the edit cycles: the cycle of order i mod n, at that order's next step, so
 * each order walks its own cycle whatever the others do.
 */
export function cycleThrough<T>(cycles: readonly (readonly T[])[]): (i: number) => { index: number; item: T } {
  const steps = cycles.map(() => 0);
  return (i) => {
    const index = i % cycles.length;
    const cycle = cycles[index]!;
    const step = steps[index]!;
    steps[index] = step + 1;
    return { index, item: cycle[step % cycle.length]! };
  };
}

export function measureSession(compiled: CompiledPack, orders: readonly Order[], opts: SampleOptions): SessionFigure {
  const edits = orders.map(oneLineEdits);
  const sessions = orders.map((order) => {
    const session = new EngineSession(compiled);
    session.evaluate(order);
    return session;
  });
  const edit = cycleThrough(edits);
  let recomputed = 0;
  let calls = 0;
  let agrees = true;
  const next = (i: number, check: boolean) => {
    const { index: j, item: order } = edit(i);
    const result = sessions[j]!.evaluate(order);
    if (check) {
      recomputed += sessions[j]!.lastRecomputed;
      calls++;
      if (JSON.stringify(result.findings) !== JSON.stringify(evaluate(compiled, order).findings)) agrees = false;
    }
    return result;
  };
  // One checked pass per edit of every order, outside the timed loop.
  for (let i = 0; i < edits.reduce((s, c) => s + c.length, 0); i++) next(i, true);
  const timing = sampleSync((i) => next(i, false), opts);
  return {
    rules: compiled.ruleCount,
    lines: orders[0]?.lines.length ?? 0,
    timing,
    recomputedPerCall: recomputed / Math.max(1, calls),
    agrees,
  };
}
