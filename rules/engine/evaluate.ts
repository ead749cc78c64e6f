import type { Order, OrderLine } from '../../contract/order';
import type { CheckResult, Finding } from '../../contract/findings';
import { buildContext, type EvalContext } from './context';
import { isPackEffective, isRuleEffective, orderWideRules, rulesForLine, type CompiledPack, type CompiledRule } from './compile';
import { clampMessage } from '../kinds/finding';
import { paidByPatient } from '../kinds/consumable-lines';
import { LineFindings } from './same-restriction';
import { mergeCrossLineTwins } from './cross-line-twins';
import { oneSexQuestion } from './sex-question';
import { unreadGap } from './unread';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());


/** A rule that throws must not take the order down with it: report it as a data gap instead. */
function ruleFailure(rule: CompiledRule, line: OrderLine | undefined, error: unknown): Finding {
  const finding: Finding = {
    ruleId: rule.rule.id,
    kind: 'data',
    severity: 'info',
    message: clampMessage(`规则 ${rule.rule.id} 执行出错，${line ? `第 ${line.id} 行` : '本医嘱'}未能完整核对`),
    detail: String(error instanceof Error ? error.message : error),
    actions: [],
  };
  if (line) finding.lineId = line.id;
  return finding;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** Findings of the line-scope rules for one line; order-scope rules are collected into `orderRules`. */
export function evaluateLine(
  compiled: CompiledPack,
  line: OrderLine,
  ctx: EvalContext,
  orderRules?: Map<CompiledRule, OrderLine[]>,
): readonly Finding[] {
  // Most lines get no finding: the collector is made on the first one.
  let findings: LineFindings | undefined;
  const date = line.date ?? ctx.date;
  const patientPays = paidByPatient(line, ctx);
  const rules = rulesForLine(compiled, line.code, line.kind);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!isRuleEffective(rule, date)) continue;
    const def = rule.def;
    // A line the patient pays for is outside 医保 payment, so payment restrictions no longer apply;
    // prescribing rules (处方管理办法 limits, 抗菌药物分级, the 禁用/禁忌 lists) still do: the
    // pharmacy refuses such a prescription whoever pays, so 转自费 must not make them go away.
    if (def.scope === 'line' && patientPays && !rule.prescribing) continue;
    if (ctx.unread !== undefined && def.needs !== undefined) {
      const gap = unreadGap(rule, line, ctx.unread);
      if (gap) {
        (findings ??= new LineFindings()).add(rule, [gap]);
        continue;
      }
    }
    if (def.scope === 'order') {
      if (orderRules) {
        const matched = orderRules.get(rule);
        if (matched) matched.push(line);
        else orderRules.set(rule, [line]);
      }
      continue;
    }
    let found: Finding[];
    try {
      // The union of kinds is narrowed by `rule.kind`; the definition and the rule always agree.
      found = (def.evaluate as (r: unknown, l: OrderLine, c: EvalContext) => Finding[])(rule.rule, line, ctx);
    } catch (error) {
      found = [ruleFailure(rule, line, error)];
    }
    if (found.length > 0) (findings ??= new LineFindings()).add(rule, found);
  }
  return findings ? findings.findings : NO_FINDINGS;
}

/** The lines of each order-wide rule (compile.ts: every line of its kinds, on the dates it is in force). */
export function gatherOrderWide(compiled: CompiledPack, lines: readonly OrderLine[], ctx: EvalContext, orderRules: Map<CompiledRule, OrderLine[]>): void {
  let kinds: OrderLine['kind'][] | undefined;
  for (const line of lines) {
    if (kinds === undefined) kinds = [line.kind];
    else if (!kinds.includes(line.kind)) kinds.push(line.kind);
  }
  for (const kind of kinds ?? []) {
    for (const rule of orderWideRules(compiled, kind)) {
      // A rule of two line kinds comes up for both: its lines were gathered, in page order, the first time.
      if (orderRules.has(rule)) continue;
      let matched: OrderLine[] | undefined;
      for (const line of lines) {
        if (!rule.lineKinds?.has(line.kind) || !isRuleEffective(rule, line.date ?? ctx.date)) continue;
        (matched ??= []).push(line);
      }
      if (matched) orderRules.set(rule, matched);
    }
  }
}

export function evaluateOrderRules(orderRules: Map<CompiledRule, OrderLine[]>, ctx: EvalContext): Finding[] {
  const findings: Finding[] = [];
  const rules = [...orderRules.keys()].sort((a, b) => a.ordinal - b.ordinal);
  for (const rule of rules) {
    const def = rule.def;
    if (def.scope !== 'order') continue;
    try {
      findings.push(
        ...(def.evaluate as (r: unknown, m: readonly OrderLine[], c: EvalContext) => Finding[])(rule.rule, orderRules.get(rule)!, ctx),
      );
    } catch (error) {
      findings.push(ruleFailure(rule, undefined, error));
    }
  }
  return mergeCrossLineTwins(oneGapPerMessage(findings));
}

/**
 * A page field left unread concerns every rule that needs it: the operations list unread is one
 * data gap, not one per operation rule. Order-level gaps saying the same are kept once.
 */
function oneGapPerMessage(findings: Finding[]): Finding[] {
  let seen: Set<string> | undefined;
  return findings.filter((f) => {
    if (f.kind !== 'data' || f.lineId !== undefined) return true;
    seen ??= new Set();
    if (seen.has(f.message)) return false;
    seen.add(f.message);
    return true;
  });
}

export function packNotEffectiveFinding(compiled: CompiledPack, date: string): Finding {
  return {
    ruleId: 'preflight:pack-effective',
    kind: 'data',
    severity: 'info',
    message: `规则包 ${compiled.version} 在 ${date} 不在有效期内，未做审核`,
    actions: [],
  };
}

/**
 * Pure, synchronous evaluation of a validated order. Touches only the rules indexed under the
 * codes present (plus the few code-less rules for the line kinds present).
 */
export function evaluate(compiled: CompiledPack, order: Order): CheckResult {
  const started = now();
  let findings: Finding[];
  if (!isPackEffective(compiled, order.encounter.date)) {
    findings = [packNotEffectiveFinding(compiled, order.encounter.date)];
  } else {
    const ctx = buildContext(order, compiled.settings, compiled);
    const orderRules = new Map<CompiledRule, OrderLine[]>();
    findings = [];
    for (const line of order.lines) {
      const lineFindings = evaluateLine(compiled, line, ctx, orderRules);
      for (let i = 0; i < lineFindings.length; i++) findings.push(lineFindings[i]!);
    }
    gatherOrderWide(compiled, order.lines, ctx, orderRules);
    findings.push(...evaluateOrderRules(orderRules, ctx));
    oneSexQuestion(findings);
  }
  return { orderId: order.id, packVersion: compiled.version, findings, elapsedMs: Math.max(0, now() - started) };
}
