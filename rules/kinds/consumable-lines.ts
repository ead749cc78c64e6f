import type { HistoryEntry, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { convertMeasure, unitInfo } from '../parse/units';
import { toHalfWidth } from '../parse/text';

/**
 * What the 医用耗材 kinds share: which lines 医保 is asked to pay for, which earlier charges are the
 * same consumable as a rule means it, and quantities compared only in one unit.
 */

/** 自费 lines, or an encounter with no 医保: the patient pays, the payment limits do not apply. */
export const paidByPatient = (line: OrderLine, ctx: EvalContext): boolean =>
  line.selfPay === true || ctx.order.encounter.insuranceType === 'self-pay';

export const dateOf = (line: OrderLine, ctx: EvalContext): string => line.date ?? ctx.date;

/** A rule may list hundreds of codes: look them up in a Set built once per list. */
const codeSets = new WeakMap<readonly string[], ReadonlySet<string>>();
export function codeSet(codes: readonly string[] | undefined): ReadonlySet<string> {
  if (!codes) return new Set();
  let set = codeSets.get(codes);
  if (!set) {
    set = new Set(codes);
    codeSets.set(codes, set);
  }
  return set;
}

/** Whether a history entry's code is the consumable the rule is about (its codes or prefixes). */
export function ruleCovers(match: { codes?: string[] | undefined; prefixes?: string[] | undefined }): (code: string) => boolean {
  const codes = codeSet(match.codes);
  const prefixes = match.prefixes ?? [];
  return (code) => codes.has(code) || prefixes.some((p) => code.startsWith(p));
}

const normalUnit = (unit: string): string => toHalfWidth(unit).trim().toLowerCase();

/**
 * An amount in `target`'s unit, or undefined when it cannot be said without guessing: no unit on
 * one side and a unit on the other, or two units that do not convert (支 and 盒 need a 规格 a
 * consumable line rarely has). Equal spellings and measures (ml ↔ L) convert.
 */
export function inUnit(value: number, unit: string | undefined, target: string | undefined): number | undefined {
  const from = unit?.trim() ? unit : undefined;
  const to = target?.trim() ? target : undefined;
  if (from === undefined && to === undefined) return value;
  if (from === undefined || to === undefined) return undefined;
  if (normalUnit(from) === normalUnit(to)) return value;
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (a && b && a.symbol === b.symbol) return value;
  if (a && b && a.dimension === b.dimension && a.dimension !== 'count') return convertMeasure(value, from, to);
  return undefined;
}

/** History entries of the consumable between two dates (inclusive, ISO strings compare as dates). */
export function historyBetween(ctx: EvalContext, covers: (code: string) => boolean, from: string, to: string): HistoryEntry[] {
  return (ctx.order.history ?? []).filter((h) => covers(h.code) && h.date >= from && h.date <= to);
}
