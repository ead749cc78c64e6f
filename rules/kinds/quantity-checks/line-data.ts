import type { OrderLine } from '../../../contract/order';
import { parseFrequency, type Frequency } from '../../parse/frequency';
import { parseSpec, type Spec } from '../../parse/spec';
import { conversionNeedsSpec, convertAmount } from '../../parse/units';

/**
 * What a check needs from the line, or the gap to report when the line lacks it. `gap` is worded
 * for the doctor ("规格「0.1g*24片」无法解析"); `detail` says why, when there is more to say.
 */
export type Needed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: string; readonly detail?: string };

const have = <T>(value: T): Needed<T> => ({ ok: true, value });
const missing = (gap: string, detail?: string): Needed<never> => (detail ? { ok: false, gap, detail } : { ok: false, gap });

/** Zero days or a zero dose is what an empty HIS field turns into, so it counts as not filled. */
export function neededDays(line: OrderLine): Needed<number> {
  return line.days !== undefined && line.days > 0 ? have(line.days) : missing('未填天数');
}

export function neededQuantity(line: OrderLine): Needed<number> {
  return line.quantity !== undefined ? have(line.quantity) : missing('未填数量');
}

export function neededUnit(line: OrderLine): Needed<string> {
  return line.unit?.trim() ? have(line.unit.trim()) : missing('未填数量单位');
}

export function neededDose(line: OrderLine): Needed<{ dose: number; unit: string }> {
  if (line.dose === undefined || line.dose <= 0) return missing('未填单次剂量');
  if (!line.doseUnit?.trim()) return missing('未填剂量单位');
  return have({ dose: line.dose, unit: line.doseUnit.trim() });
}

export function neededFrequency(line: OrderLine): Needed<Frequency> {
  if (!line.frequency?.trim()) return missing('未填频次');
  const parsed = parseFrequency(line.frequency);
  return parsed.ok ? have(parsed.value) : missing(`频次「${line.frequency.trim()}」无法识别`, parsed.detail);
}

export function neededSpec(line: OrderLine): Needed<Spec> {
  if (!line.spec?.trim()) return missing('未填规格');
  const parsed = parseSpec(line.spec);
  return parsed.ok ? have(parsed.value) : missing(`规格「${line.spec.trim()}」无法解析`, parsed.detail);
}

/**
 * Converts an amount of the line into another unit, reading the 规格 only when the units cannot
 * be converted without it (mg → g needs none; g → 粒 does).
 */
export function convertForLine(line: OrderLine, value: number, from: string, to: string): Needed<number> {
  if (!conversionNeedsSpec(from, to)) {
    const direct = convertAmount(value, from, to, undefined);
    return direct.ok ? have(direct.value) : missing(direct.detail);
  }
  const spec = neededSpec(line);
  if (!spec.ok) return spec;
  const converted = convertAmount(value, from, to, spec.value);
  return converted.ok ? have(converted.value) : missing(converted.detail);
}
