import type { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import type { Finding, RuleKind, Severity } from '../../contract/findings';
import type { RuleBase } from '../pack/rule-base';
import type { EvalContext } from '../engine/context';
import { KIND_NAMES, type KindName } from './names';

export type RuleOf<K extends RuleKind, P extends z.ZodType> = RuleBase & { kind: K; params: z.infer<P> };

/**
 * What a hit of a kind means for payment, which sets the severity an imported rule gets:
 * `refused` — 医保不予支付 for certain from the order's own facts (sex, age, visit type, a hard
 * limit …), so `critical`; `confirm` — payable if a condition the page cannot show holds (a
 * diagnosis detail, a first-line failure, an approval), which the doctor confirms, so `warning`.
 */
export type Consequence = 'refused' | 'confirm';

/**
 * Fields whose absence a kind reads as a fact (no 审批号 → not approved): when the page could not
 * read one of them (`Order.unread`), the engine reports a data gap naming `check` instead.
 */
export interface KindNeeds {
  /** Contract paths ("lines.approvalNo"). */
  readonly fields: readonly string[];
  /** What goes unchecked, for the doctor ("事前审批"). */
  readonly check: string;
}

interface KindBase<K extends RuleKind, P extends z.ZodType> {
  readonly kind: K;
  readonly params: P;
  /** Fixed per kind, or decided by the rule's params (a visit-type rule with an 急救 exception). */
  readonly consequence: Consequence | ((params: z.infer<P>) => Consequence);
  /** What the kind is called (zh, en) and the words an import takes for it: from names.ts. */
  readonly name: KindName;
  readonly needs?: KindNeeds;
  /**
   * A prescribing rule (《医疗机构处方审核规范》: the pharmacist refuses such a prescription whoever
   * pays), not only a payment restriction: a line rule of it is judged on lines the patient pays
   * for too. Fixed per kind or decided by the rule's params (an age rule from the 儿童禁用 list, not
   * a 限儿童 payment limit). Order kinds see every matched line and decide for themselves.
   */
  readonly prescribing?: boolean | ((params: z.infer<P>) => boolean);
}

/** A rule kind judged one line at a time (most restrictions). */
export interface LineKind<K extends RuleKind, P extends z.ZodType> extends KindBase<K, P> {
  readonly scope: 'line';
  /**
   * The line's findings also depend on the other lines filed under the same rule (a course or a
   * frequency counted across the lines of one item): the incremental session re-judges the line
   * when one of them changes.
   */
  readonly readsOtherLines?: boolean;
  evaluate(rule: RuleOf<K, P>, line: OrderLine, ctx: EvalContext): Finding[];
}

/** A rule kind judged over all the lines it matched at once (duplicates, combinations). */
export interface OrderKind<K extends RuleKind, P extends z.ZodType> extends KindBase<K, P> {
  readonly scope: 'order';
  /** Order kinds see all their lines at once and are judged again on every call. */
  readonly readsOtherLines?: undefined;
  evaluate(rule: RuleOf<K, P>, matched: readonly OrderLine[], ctx: EvalContext): Finding[];
}

export type KindDefinition<K extends RuleKind, P extends z.ZodType> = LineKind<K, P> | OrderKind<K, P>;

/*
 * Every definition is built with the same fields in the same order, whatever its module wrote: the
 * engine reads `scope`, `needs` and `evaluate` of a different kind on almost every rule, and one
 * object shape keeps those reads monomorphic.
 */
export function defineLineKind<K extends RuleKind, P extends z.ZodType>(def: Omit<LineKind<K, P>, 'scope' | 'name'>): LineKind<K, P> {
  const { kind, params, consequence, needs, prescribing, readsOtherLines, evaluate } = def;
  return { kind, params, consequence, name: KIND_NAMES[kind], needs, prescribing, readsOtherLines, scope: 'line', evaluate };
}

export function defineOrderKind<K extends RuleKind, P extends z.ZodType>(def: Omit<OrderKind<K, P>, 'scope' | 'name'>): OrderKind<K, P> {
  const { kind, params, consequence, needs, prescribing, evaluate } = def;
  return { kind, params, consequence, name: KIND_NAMES[kind], needs, prescribing, readsOtherLines: undefined, scope: 'order', evaluate };
}

/** Whether a rule is judged on lines the patient pays for (see KindBase.prescribing). */
export function isPrescribingRule(def: { prescribing?: boolean | ((params: never) => boolean) }, params: unknown): boolean {
  const p = def.prescribing;
  return typeof p === 'function' ? (p as (params: unknown) => boolean)(params) : p === true;
}

export const SEVERITY_OF_CONSEQUENCE: Readonly<Record<Consequence, Severity>> = { refused: 'critical', confirm: 'warning' };

/**
 * The severity of a finding that asks the doctor to confirm a condition: never above `warning`,
 * whatever the rule says, since payment then depends on what only the doctor knows.
 */
export function confirmSeverity(rule: Pick<RuleBase, 'severity'>): Severity {
  return rule.severity === 'critical' ? 'warning' : rule.severity;
}
