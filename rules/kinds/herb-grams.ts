import type { OrderLine } from '../../contract/order';
import { convertMeasure } from '../parse/units';

/**
 * The weight of one 剂 of a 饮片 line, as the 饮片 kinds read it (a 饮片 prescription writes each
 * herb's 剂量 per 剂). A 剂量 without a unit is grams, the way such prescriptions are written —
 * unless the page could not read the unit column, when the number says nothing about weight.
 */
export type HerbGrams =
  | { readonly ok: true; readonly grams: number }
  /** `unit`: the unit that is not a weight (袋, 包); '' when the page did not read the unit. */
  | { readonly ok: false; readonly unit: string };

/** Undefined when the line states no 剂量. */
export function gramsPerDose(line: OrderLine, unread: ReadonlySet<string> | undefined): HerbGrams | undefined {
  if (line.dose === undefined || line.dose <= 0) return undefined;
  const unit = line.doseUnit?.trim() || (unread?.has('lines.doseUnit') ? '' : 'g');
  const grams = unit === '' ? undefined : convertMeasure(line.dose, unit, 'g');
  return grams === undefined ? { ok: false, unit } : { ok: true, grams };
}
