import { z } from 'zod';
import { memoize } from './cache';
import { fail, ok, type Parsed } from './result';
import { toHalfWidth } from './text';
import { AmountSchema, unitInfo, type Amount, type Dimension } from './units';

/**
 * 规格 as HIS pages write it: "0.25g×24粒/盒", "10mg×7片×2板", "5ml:0.1g", "100ml:0.5g/瓶",
 * "每粒装0.3g". The first part says what one dispensing unit contains; the counted parts say how
 * many of each unit the next one holds, innermost first.
 */

export const UnitSizeSchema = z.object({
  unit: z.string().min(1),
  /** Dispensing units in one of `unit` (片 1, 板 7, 盒 14 for "10mg×7片×2板/盒"). */
  size: z.number().positive(),
});

export const SpecSchema = z.object({
  /** The 规格 as written, for messages. */
  text: z.string(),
  /** Everything one dispensing unit contains: [0.1 g, 5 ml] for "5ml:0.1g". */
  content: z.array(AmountSchema),
  /** The drug amount per dispensing unit (mass or activity), when the spec states exactly one. */
  strength: AmountSchema.optional(),
  /** Volume per dispensing unit, for solutions: with `strength` it gives the concentration. */
  volume: AmountSchema.optional(),
  /** What is handed out one by one (粒, 片, 支, 袋, 瓶), when the spec names it. */
  dispensingUnit: z.string().optional(),
  /** Dispensing units per package: 24 for "0.25g*24粒", 7 × 2 = 14 for "10mg×7片×2板". */
  unitsPerPackage: z.number().positive().optional(),
  /** The package's name when written ("/盒"); often implicit. */
  packageUnit: z.string().optional(),
  unitSizes: z.array(UnitSizeSchema),
});

export type Spec = z.infer<typeof SpecSchema>;
export type UnitSize = z.infer<typeof UnitSizeSchema>;

export type SpecFailure = 'empty' | 'unrecognised' | 'unknown-unit' | 'inconsistent-units' | 'misplaced-content';

type Segment =
  | { readonly kind: 'content'; readonly amounts: Amount[]; readonly per?: string | undefined }
  | { readonly kind: 'count'; readonly count: number; readonly unit: string; readonly per?: string | undefined };

const BRACKETED = /\([^()]*\)|\[[^[\]]*\]|【[^【】]*】/g;
const SEPARATORS = /[×xX*,、;]/g;
const TERM = /^(\d+(?:\.\d+)?|\.\d+)(.+)$/;
/** "每粒装0.3g", "每袋重10g", "每片含0.25g": the unit is named before its content. */
const EACH_PREFIX = /^每([^\d.]{1,2}?)(?:装量|装|重|含)?(?=[\d.])/;

function normalise(text: string): string {
  return toHalfWidth(text)
    .replace(BRACKETED, '') // "(以C13H16O计)", "(铝塑)": notes, not quantities
    .replace(/\s+/g, '')
    .replace(/^规格:?/, '')
    .replace(SEPARATORS, '*');
}

function parseTerm(term: string, spec: string): Parsed<Amount, SpecFailure> {
  const m = TERM.exec(term);
  if (!m) return fail('unrecognised', `规格「${spec}」中「${term}」无法识别`);
  const info = unitInfo(m[2]);
  if (!info) return fail('unknown-unit', `规格「${spec}」中「${term}」的单位无法识别`);
  const value = Number(m[1]);
  if (!(value > 0)) return fail('unrecognised', `规格「${spec}」中「${term}」的数值无效`);
  return ok({ value, unit: info.symbol });
}

function countUnit(text: string): string | undefined {
  const info = unitInfo(text.replace(/^1(?=\D)/, '')); // "/1盒" reads as "/盒"
  return info?.dimension === 'count' ? info.symbol : undefined;
}

function isCompoundStrength(body: string): boolean {
  const parts = body.split('/');
  return parts.length > 1 && parts.every((part) => {
    const m = TERM.exec(part);
    const dimension = m ? unitInfo(m[2])?.dimension : undefined;
    return dimension === 'mass' || dimension === 'activity';
  });
}

function parseSegment(raw: string, spec: string): Parsed<Segment, SpecFailure> {
  let body = raw;
  let per: string | undefined;
  const each = EACH_PREFIX.exec(body);
  if (each) {
    per = countUnit(each[1]!);
    if (!per) return fail('unknown-unit', `规格「${spec}」中「${each[1]}」不是计数单位`);
    body = body.slice(each[0].length);
  }
  const slash = body.lastIndexOf('/');
  // "240mg/5mg": a combination tablet's strengths. The drug amount stays unknown (two masses),
  // but the counts that follow still allow the dispensed-quantity check in 片.
  if (slash > 0 && isCompoundStrength(body)) {
    body = body.replace(/\//g, ':');
  } else if (slash > 0) {
    const after = countUnit(body.slice(slash + 1));
    if (!after) return fail('unknown-unit', `规格「${spec}」中「${body.slice(slash + 1)}」不是计数单位`);
    if (per && per !== after) return fail('inconsistent-units', `规格「${spec}」中单位「${per}」与「${after}」不一致`);
    per = after;
    body = body.slice(0, slash);
  }
  const terms = body.split(':');
  const amounts: Amount[] = [];
  for (const term of terms) {
    const amount = parseTerm(term, spec);
    if (!amount.ok) return amount;
    amounts.push(amount.value);
  }
  const first = amounts[0]!;
  if (amounts.length === 1 && unitInfo(first.unit)?.dimension === 'count') {
    return ok({ kind: 'count', count: first.value, unit: first.unit, per });
  }
  if (amounts.some((a) => unitInfo(a.unit)?.dimension === 'count')) {
    return fail('unrecognised', `规格「${spec}」中「${body}」混有计数单位`);
  }
  return ok({ kind: 'content', amounts, per });
}

function ofDimension(amounts: readonly Amount[], dimension: Dimension): Amount[] {
  return amounts.filter((a) => unitInfo(a.unit)?.dimension === dimension);
}

/** The drug amount: the one mass, else the one activity; none when two masses leave it unclear ("10g:0.1g"). */
function strengthOf(content: readonly Amount[]): Amount | undefined {
  const masses = ofDimension(content, 'mass');
  if (masses.length > 0) return masses.length === 1 ? masses[0] : undefined;
  const activities = ofDimension(content, 'activity');
  return activities.length === 1 ? activities[0] : undefined;
}

function parseSpecUncached(text: string): Parsed<Spec, SpecFailure> {
  const normal = normalise(text);
  const shown = text.trim();
  if (normal === '') return fail('empty', '规格为空');
  const segments: Segment[] = [];
  for (const raw of normal.split('*')) {
    if (raw === '') continue;
    const segment = parseSegment(raw, shown);
    if (!segment.ok) return segment;
    segments.push(segment.value);
  }
  if (segments.length === 0) return fail('empty', '规格为空');

  let content: Amount[] = [];
  let dispensingUnit: string | undefined;
  const counts: Array<Extract<Segment, { kind: 'count' }>> = [];
  for (const [i, segment] of segments.entries()) {
    if (segment.kind === 'content') {
      if (i > 0) return fail('misplaced-content', `规格「${shown}」的含量应写在最前`);
      content = segment.amounts;
      dispensingUnit = segment.per;
    } else {
      counts.push(segment);
    }
  }

  const unitSizes: UnitSize[] = [];
  let unitsPerPackage: number | undefined;
  let packageUnit: string | undefined;
  if (counts.length > 0) {
    const innermost = counts[0]!.unit;
    if (dispensingUnit && dispensingUnit !== innermost) {
      return fail('inconsistent-units', `规格「${shown}」中单位「${dispensingUnit}」与「${innermost}」不一致`);
    }
    dispensingUnit = innermost;
    unitSizes.push({ unit: innermost, size: 1 });
    let size = 1;
    for (const [i, level] of counts.entries()) {
      size *= level.count;
      const next = counts[i + 1];
      // "7片/板*2板" names the container twice; a disagreement means we misread the spec.
      if (next && level.per && level.per !== next.unit) {
        return fail('inconsistent-units', `规格「${shown}」中单位「${level.per}」与「${next.unit}」不一致`);
      }
      const container = next?.unit ?? level.per;
      if (container && !unitSizes.some((s) => s.unit === container)) unitSizes.push({ unit: container, size });
      if (!next) packageUnit = level.per;
    }
    unitsPerPackage = size;
  } else if (dispensingUnit) {
    unitSizes.push({ unit: dispensingUnit, size: 1 });
  }

  const spec: Spec = { text: shown, content, unitSizes };
  const strength = strengthOf(content);
  const volumes = ofDimension(content, 'volume');
  if (strength) spec.strength = strength;
  if (volumes.length === 1) spec.volume = volumes[0];
  if (dispensingUnit) spec.dispensingUnit = dispensingUnit;
  if (unitsPerPackage !== undefined) spec.unitsPerPackage = unitsPerPackage;
  if (packageUnit) spec.packageUnit = packageUnit;
  return ok(spec);
}

/**
 * Parses a 规格; never throws. Results are memoised per string because pages repeat them, so
 * callers must treat the returned spec as read-only.
 */
export const parseSpec: (text: string) => Parsed<Spec, SpecFailure> = memoize(parseSpecUncached);
