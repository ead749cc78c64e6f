import type { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import type { Finding, RuleKind } from '../../contract/findings';
import type { RuleBase } from '../pack/rule-base';
import type { EvalContext } from '../engine/context';

export type RuleOf<K extends RuleKind, P extends z.ZodType> = RuleBase & { kind: K; params: z.infer<P> };

/** A rule kind judged one line at a time (most restrictions). */
export interface LineKind<K extends RuleKind, P extends z.ZodType> {
  readonly kind: K;
  readonly scope: 'line';
  readonly params: P;
  evaluate(rule: RuleOf<K, P>, line: OrderLine, ctx: EvalContext): Finding[];
}

/** A rule kind judged over all the lines it matched at once (duplicates, combinations). */
export interface OrderKind<K extends RuleKind, P extends z.ZodType> {
  readonly kind: K;
  readonly scope: 'order';
  readonly params: P;
  evaluate(rule: RuleOf<K, P>, matched: readonly OrderLine[], ctx: EvalContext): Finding[];
}

export type KindDefinition<K extends RuleKind, P extends z.ZodType> = LineKind<K, P> | OrderKind<K, P>;

export function defineLineKind<K extends RuleKind, P extends z.ZodType>(def: Omit<LineKind<K, P>, 'scope'>): LineKind<K, P> {
  return { ...def, scope: 'line' };
}

export function defineOrderKind<K extends RuleKind, P extends z.ZodType>(def: Omit<OrderKind<K, P>, 'scope'>): OrderKind<K, P> {
  return { ...def, scope: 'order' };
}
