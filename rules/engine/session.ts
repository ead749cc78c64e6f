import type { Order, OrderLine } from '../../contract/order';
import type { CheckResult, Finding } from '../../contract/findings';
import { buildContext } from './context';
import { isPackEffective, type CompiledPack, type CompiledRule } from './compile';
import { evaluateLine, evaluateOrderRules, gatherOrderWide, packNotEffectiveFinding } from './evaluate';
import { oneSexQuestion } from './sex-question';

interface LineEntry {
  fingerprint: string;
  findings: readonly Finding[];
  orderRules: CompiledRule[];
}

/**
 * Incremental evaluation for an order being typed: when one line changes, only that line's
 * rules run again; cross-line rules (duplicates, combinations) always run, on the lines they match.
 * The result equals `evaluate(compiled, order)` for the same input.
 */
export class EngineSession {
  private contextKey = '';
  private lines = new Map<string, LineEntry>();
  /** How many lines were recomputed by the last call: for tests and the logger. */
  lastRecomputed = 0;

  constructor(private readonly compiled: CompiledPack) {}

  get packVersion(): string {
    return this.compiled.version;
  }

  evaluate(order: Order): CheckResult {
    const started = performance.now();
    const done = (findings: Finding[]): CheckResult => ({
      orderId: order.id,
      packVersion: this.compiled.version,
      findings,
      elapsedMs: Math.max(0, performance.now() - started),
    });
    if (!isPackEffective(this.compiled, order.encounter.date)) {
      return done([packNotEffectiveFinding(this.compiled, order.encounter.date)]);
    }
    const { lines, ...context } = order;
    const contextKey = JSON.stringify(context);
    if (contextKey !== this.contextKey) {
      this.contextKey = contextKey;
      this.lines.clear();
    }
    const ctx = buildContext(order, this.compiled.settings, this.compiled.prescribers);
    const orderRules = new Map<CompiledRule, OrderLine[]>();
    const lineFindings: Finding[] = [];
    const seen = new Set<string>();
    this.lastRecomputed = 0;
    for (const line of lines) {
      seen.add(line.id);
      // A line's own rules may look at other lines of the same item (frequency counts them).
      const fingerprint = JSON.stringify([line, lines.filter((l) => l !== line && l.code === line.code)]);
      let entry = this.lines.get(line.id);
      if (!entry || entry.fingerprint !== fingerprint) {
        const collected = new Map<CompiledRule, OrderLine[]>();
        const findings = evaluateLine(this.compiled, line, ctx, collected);
        entry = { fingerprint, findings, orderRules: [...collected.keys()] };
        this.lines.set(line.id, entry);
        this.lastRecomputed++;
      }
      lineFindings.push(...entry.findings);
      for (const rule of entry.orderRules) {
        const matched = orderRules.get(rule);
        if (matched) matched.push(line);
        else orderRules.set(rule, [line]);
      }
    }
    for (const id of [...this.lines.keys()]) if (!seen.has(id)) this.lines.delete(id);
    gatherOrderWide(this.compiled, lines, ctx, orderRules);
    return done(oneSexQuestion([...lineFindings, ...evaluateOrderRules(orderRules, ctx)]));
  }
}
