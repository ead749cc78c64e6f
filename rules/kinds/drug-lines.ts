import { z } from 'zod';
import type { HistoryEntry } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { codeSet } from './consumable-lines';
import { ingredientKey } from './duplicate-drug';
import { dayNumber } from './calendar-days';

/**
 * What the kinds of the hospital's drug lists share (药品相互作用, 药品禁忌症, 药品与项目不符): a set
 * of drugs named by national codes and code prefixes (an ATC class is the prefix X + class), who
 * pays for a line, and which earlier prescriptions still count.
 */

/** Drugs by exact national code and by code prefix (the first 12 characters, or X + an ATC class). */
export const DrugSetSchema = z
  .object({
    codes: z.array(z.string().min(1)).default([]),
    prefixes: z.array(z.string().min(1)).default([]),
    /** How the drugs read in messages ("利奥西呱", "抗血小板药（ATC B01AC）"). */
    label: z.string().min(1),
  })
  .refine((s) => s.codes.length + s.prefixes.length > 0, { message: 'a drug set needs codes or prefixes' });

export type DrugSet = z.infer<typeof DrugSetSchema>;

/** Whether a national code is one of the set's drugs. */
export function inDrugSet(set: { codes: readonly string[]; prefixes: readonly string[] }, code: string): boolean {
  if (codeSet(set.codes).has(code)) return true;
  for (const prefix of set.prefixes) if (code.startsWith(prefix)) return true;
  return false;
}

// Who pays and a line's date mean the same for drugs as for 医用耗材: one definition.
export { paidByPatient, dateOf as lineDate } from './consumable-lines';

/** Two codes of one medicine (the ingredient segment of the national code, or the same code). */
export function sameMedicine(a: string, b: string): boolean {
  if (a === b) return true;
  const key = ingredientKey(a);
  return key !== undefined && key === ingredientKey(b);
}


/**
 * History entries prescribed on or before `day` whose supply reaches into the `days` days ending
 * on `day` (today included): written in that window, or written earlier for enough days to still
 * be taken in it. An entry without days counts for its own date only. `days` 0: none.
 */
export function recentHistory(ctx: EvalContext, day: string, days: number): HistoryEntry[] {
  if (days <= 0) return [];
  const today = dayNumber(day);
  const windowStart = today - days + 1;
  return (ctx.order.history ?? []).filter((h) => {
    const start = dayNumber(h.date);
    if (!Number.isFinite(start) || start > today) return false;
    const supplied = h.days !== undefined && h.days >= 1 ? Math.ceil(h.days) : 1;
    return start + supplied - 1 >= windowStart;
  });
}
