import { z } from 'zod';
import { fail, ok, type Parsed } from './result';
import { toHalfWidth } from './text';
import type { Spec } from './spec';

/**
 * Units of measure and the Chinese counting units (量词) used on prescriptions, and the
 * conversions the quantity checks need: between measures of one kind (mg ↔ g) and, through a
 * parsed 规格, between a dose and dispensing units (0.2 g of "0.1g*24粒" is 2 粒).
 */

export const DimensionSchema = z.enum(['mass', 'volume', 'activity', 'count']);
export type Dimension = z.infer<typeof DimensionSchema>;

/** An amount in a canonical unit symbol (g, mg, μg, kg, ml, L, μl, IU, 万IU, or a counting unit). */
export const AmountSchema = z.object({ value: z.number().positive(), unit: z.string().min(1) });
export type Amount = z.infer<typeof AmountSchema>;

export interface UnitInfo {
  /** Canonical spelling: "mcg", "ug" and "微克" are all "μg". */
  readonly symbol: string;
  readonly dimension: Dimension;
  /** Size in the dimension's smallest unit (μg, μl, IU); 1 for counting units. */
  readonly factor: number;
}

const MEASURES: ReadonlyArray<readonly [symbol: string, dimension: Dimension, factor: number, spellings: readonly string[]]> = [
  // Factors are whole numbers of the smallest unit (μg, μl) so that mg ↔ g stays exact.
  ['kg', 'mass', 1e9, ['kg', '千克', '公斤']],
  ['g', 'mass', 1e6, ['g', '克']],
  ['mg', 'mass', 1e3, ['mg', '毫克']],
  ['μg', 'mass', 1, ['μg', 'ug', 'mcg', '微克']],
  ['L', 'volume', 1e6, ['l', '升']],
  ['ml', 'volume', 1e3, ['ml', '毫升', 'cc']],
  ['μl', 'volume', 1, ['μl', 'ul', '微升']],
  // Insulin "U" and "IU" are the same quantity in practice; pages use both for one product.
  ['IU', 'activity', 1, ['iu', 'u', '单位', '国际单位']],
  ['千IU', 'activity', 1e3, ['千iu', '千u', 'kiu', 'ku', '千单位']],
  ['万IU', 'activity', 1e4, ['万iu', '万u', '万单位', '万国际单位']],
];

/** Counting units that name one thing handed to the patient or one of its containers. */
const COUNT_UNITS = [
  '片', '粒', '丸', '袋', '包', '支', '瓶', '贴', '枚', '颗', '只', '个', '管', '罐', '喷', '揿', '吸', '滴',
  '剂', '付', '副', '张', '块', '条', '套', '泡', '盒', '板', '箱', '听', '筒', '桶', '提', '件', '安瓿',
] as const;

/** Units a pharmacy dispenses whole, each holding a number of dispensing units. */
const PACKAGE_UNITS = new Set(['盒', '板', '箱', '瓶', '袋', '包', '罐', '听', '筒', '桶', '提', '件']);

/** Containers that are never themselves the dispensing unit (a 瓶 or 袋 can be: "500ml" 瓶). */
const OUTER_ONLY_UNITS = new Set(['盒', '板', '箱', '提', '件']);

const UNITS: ReadonlyMap<string, UnitInfo> = new Map<string, UnitInfo>([
  // The canonical symbol too ("IU", "L"): parsed 规格 carry it, and it is looked up on every line.
  ...MEASURES.flatMap(([symbol, dimension, factor, spellings]) =>
    [symbol, ...spellings].map((s) => [s, { symbol, dimension, factor }] as const),
  ),
  ...COUNT_UNITS.map((u) => [u, { symbol: u, dimension: 'count' as const, factor: 1 }] as const),
]);

/** Looks a unit up however it is spelled ("MG", "ｍｇ", "毫克"); undefined when unknown. */
export function unitInfo(raw: string | undefined): UnitInfo | undefined {
  if (!raw) return undefined;
  // The quantity checks ask this many times per line with units already in table form: look up first.
  return UNITS.get(raw) ?? UNITS.get(toHalfWidth(raw).trim().toLowerCase());
}

export function isCountUnit(raw: string | undefined): boolean {
  return unitInfo(raw)?.dimension === 'count';
}

export function isPackageUnit(raw: string | undefined): boolean {
  const info = unitInfo(raw);
  return info !== undefined && PACKAGE_UNITS.has(info.symbol);
}

/** Converts between measures of one dimension (250 mg → 0.25 g); undefined across dimensions. */
export function convertMeasure(value: number, from: string, to: string): number | undefined {
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (!a || !b || a.dimension !== b.dimension || a.dimension === 'count') return undefined;
  return (value * a.factor) / b.factor;
}

export type ConversionFailure =
  | 'unknown-unit'
  | 'no-content'
  | 'ambiguous-content'
  | 'unit-mismatch'
  | 'no-package-size';

/**
 * How many dispensing units one `unit` is worth under `spec`: 1 粒 = 1, 1 盒 = 24 for
 * "0.1g*24粒", 1 g = 10 for the same spec, 1 ml = 0.2 for "5ml:0.1g".
 */
export function dispensingUnitsPer(unit: string, spec: Spec): Parsed<number, ConversionFailure> {
  const info = unitInfo(unit);
  if (!info) return fail('unknown-unit', `单位「${unit}」无法识别`);
  if (info.dimension !== 'count') {
    const matching = spec.content.filter((a) => unitInfo(a.unit)?.dimension === info.dimension);
    if (matching.length === 0) return fail('no-content', `规格「${spec.text}」未标明以「${unit}」计的含量`);
    if (matching.length > 1) return fail('ambiguous-content', `规格「${spec.text}」含多个以「${unit}」计的量`);
    const amount = matching[0]!;
    return ok((info.factor / unitInfo(amount.unit)!.factor) / amount.value);
  }
  if (spec.dispensingUnit === info.symbol) return ok(1);
  const level = spec.unitSizes.find((s) => s.unit === info.symbol);
  if (level) return ok(level.size);
  if (spec.dispensingUnit === undefined) {
    // "500ml" or "5ml:0.1g" name no unit: whatever single item the line counts in (瓶, 支, 袋) is it.
    if (!OUTER_ONLY_UNITS.has(info.symbol)) return ok(1);
    return fail('no-package-size', `规格「${spec.text}」未标明每${info.symbol}数量`);
  }
  if (PACKAGE_UNITS.has(info.symbol) && spec.packageUnit === undefined) {
    // "0.1g*24粒" says how many 粒 one package holds without naming it: a 盒 or 瓶 on the line is that package.
    if (spec.unitsPerPackage !== undefined) return ok(spec.unitsPerPackage);
    return fail('no-package-size', `规格「${spec.text}」未标明每${info.symbol}数量`);
  }
  return fail('unit-mismatch', `单位「${unit}」与规格「${spec.text}」的${spec.dispensingUnit}不符`);
}

/** Whether converting between two known units needs the 规格 (g → 粒 does, mg → g does not). */
const throughSpec = (a: UnitInfo, b: UnitInfo): boolean => a.symbol !== b.symbol && (a.dimension !== b.dimension || a.dimension === 'count');

/** Whether `convertAmount` between these units would read the 规格; false when either unit is unknown. */
export function conversionNeedsSpec(from: string, to: string): boolean {
  const a = unitInfo(from);
  const b = unitInfo(to);
  return a !== undefined && b !== undefined && throughSpec(a, b);
}

/**
 * Converts an amount from one unit to another: directly for measures of one dimension and equal
 * counting units, otherwise through the 规格 (a dose of 0.2 g → 2 粒; 48 粒 → 2 盒).
 */
export function convertAmount(value: number, from: string, to: string, spec: Spec | undefined): Parsed<number, ConversionFailure | 'no-spec'> {
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (!a) return fail('unknown-unit', `单位「${from}」无法识别`);
  if (!b) return fail('unknown-unit', `单位「${to}」无法识别`);
  if (!throughSpec(a, b)) return ok(a.symbol === b.symbol ? value : (value * a.factor) / b.factor);
  if (!spec) return fail('no-spec', `缺少规格，无法由「${from}」换算为「${to}」`);
  const perFrom = dispensingUnitsPer(from, spec);
  if (!perFrom.ok) return perFrom;
  const perTo = dispensingUnitsPer(to, spec);
  if (!perTo.ok) return perTo;
  return ok((value * perFrom.value) / perTo.value);
}

/** Converts a dose per administration into dispensing units (0.2 g with "0.1g*24粒" → 2 粒). */
export function doseInDispensingUnits(dose: number, doseUnit: string, spec: Spec): Parsed<number, ConversionFailure> {
  const per = dispensingUnitsPer(doseUnit, spec);
  return per.ok ? ok(dose * per.value) : per;
}

/**
 * Floating-point ratios such as 0.2 / 0.1 come out as 2.0000000000000004; rounding up such a
 * value must give 2, not 3.
 */
export function ceilTolerant(value: number): number {
  return Math.ceil(value - 1e-9);
}

/**
 * A number for a message: at most three decimals, no trailing zeros. Equal to
 * `String(Number(value.toFixed(3)))`, which is slow and runs for most findings: whole numbers need
 * no rounding, and thousandths rounded in floating point agree with toFixed's exact decimal
 * rounding except near a half, which is left to toFixed.
 */
export function formatNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  const scaled = value * 1000;
  if (Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) > 1e-6) return String(Math.round(scaled) / 1000);
  return String(Number(value.toFixed(3)));
}
