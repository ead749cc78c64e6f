import type { Order, OrderLine } from '../../contract/order';
import type { CheckResult, Finding } from '../../contract/findings';
import { buildContext } from './context';
import { isPackEffective, rulesForLine, type CompiledPack, type CompiledRule } from './compile';
import { evaluateLine, evaluateOrderRules, gatherOrderWide, packNotEffectiveFinding } from './evaluate';
import { sameData } from './same-data';
import { oneSexQuestion } from './sex-question';

type OrderContext = Omit<Order, 'lines'>;

interface LineEntry {
  /** Copies of what the findings were computed from: the line and the other lines it depends on. */
  line: OrderLine;
  related: readonly OrderLine[];
  findings: readonly Finding[];
  orderRules: CompiledRule[];
}

const NO_LINES: readonly OrderLine[] = [];

/**
 * For each line, the other lines its own rules may look at, in page order: the lines of the same
 * code, and the lines filed under one of its rules that count across lines (a 疗程 over every
 * code of one prefix). Undefined when no line has any (the usual order).
 */
function relatedLines(compiled: CompiledPack, lines: readonly OrderLine[]): Map<OrderLine, OrderLine[]> | undefined {
  const groups = new Map<string | CompiledRule, OrderLine[]>();
  const join = (key: string | CompiledRule, line: OrderLine) => {
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  };
  for (const line of lines) {
    join(line.code, line);
    for (const rule of rulesForLine(compiled, line.code, line.kind)) if (rule.def.readsOtherLines) join(rule, line);
  }
  let related: Map<OrderLine, Set<OrderLine>> | undefined;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    related ??= new Map();
    for (const line of group) {
      let others = related.get(line);
      if (!others) related.set(line, (others = new Set()));
      for (const other of group) if (other !== line) others.add(other);
    }
  }
  if (!related) return undefined;
  const inPageOrder = new Map<OrderLine, OrderLine[]>();
  for (const [line, others] of related) inPageOrder.set(line, lines.filter((other) => others.has(other)));
  return inPageOrder;
}

/**
 * Incremental evaluation for an order being typed: when one line changes, only that line's
 * rules run again; cross-line rules (duplicates, combinations) always run, on the lines they match.
 * The result equals `evaluate(compiled, order)` for the same input.
 */
export class EngineSession {
  /** A copy of the last order's patient, encounter, prescriber and history: a change starts over. */
  private context: OrderContext | undefined;
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
    // Copies, not the caller's objects: a caller editing its order in place must still be seen to change it.
    if (this.context === undefined || !sameData(context, this.context)) {
      this.context = structuredClone(context);
      this.lines.clear();
    }
    const ctx = buildContext(order, this.compiled.settings, this.compiled);
    const orderRules = new Map<CompiledRule, OrderLine[]>();
    const lineFindings: Finding[] = [];
    const seen = new Set<string>();
    const relatedOf = relatedLines(this.compiled, lines);
    this.lastRecomputed = 0;
    for (const line of lines) {
      seen.add(line.id);
      const related = relatedOf?.get(line) ?? NO_LINES;
      let entry = this.lines.get(line.id);
      if (!entry || !sameData(line, entry.line) || !sameData(related, entry.related)) {
        const collected = new Map<CompiledRule, OrderLine[]>();
        const findings = evaluateLine(this.compiled, line, ctx, collected);
        entry = { line: { ...line }, related: related.map((other) => ({ ...other })), findings, orderRules: [...collected.keys()] };
        this.lines.set(line.id, entry);
        this.lastRecomputed++;
      }
      for (let i = 0; i < entry.findings.length; i++) lineFindings.push(entry.findings[i]!);
      for (const rule of entry.orderRules) {
        const matched = orderRules.get(rule);
        if (matched) matched.push(line);
        else orderRules.set(rule, [line]);
      }
    }
    for (const id of [...this.lines.keys()]) if (!seen.has(id)) this.lines.delete(id);
    gatherOrderWide(this.compiled, lines, ctx, orderRules);
    const orderFindings = evaluateOrderRules(orderRules, ctx);
    for (let i = 0; i < orderFindings.length; i++) lineFindings.push(orderFindings[i]!);
    return done(oneSexQuestion(lineFindings));
  }
}
