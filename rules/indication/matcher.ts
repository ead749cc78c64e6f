import type { Diagnosis } from '../../contract/order';
import type { IndicationParams } from '../kinds/indication';
import { compactIcd, hasIcdPrefix, inIcdRange, type IcdRange } from './icd-code';

/** The parts of an indication rule's params that decide whether a diagnosis supports it. */
export type IndicationCriteria = Pick<IndicationParams, 'icdPrefixes' | 'icdRanges' | 'keywords' | 'excludeKeywords'>;

/** Criteria in the form the hot path wants: codes compact, empty entries dropped. */
export interface CompiledIndication {
  readonly prefixes: readonly string[];
  readonly ranges: readonly IcdRange[];
  readonly keywords: readonly string[];
  readonly excludes: readonly string[];
  /** False when the rule names no disease at all (conditions only): there is nothing to match. */
  readonly checksDiagnoses: boolean;
}

// Rules are evaluated on every keystroke; params objects live as long as the loaded pack, so the
// compiled form is kept beside them instead of being rebuilt per line.
const compiledByParams = new WeakMap<IndicationCriteria, CompiledIndication>();

export function compileIndication(criteria: IndicationCriteria): CompiledIndication {
  const cached = compiledByParams.get(criteria);
  if (cached) return cached;
  const prefixes = unique(criteria.icdPrefixes.map(compactIcd).filter(Boolean));
  const ranges = criteria.icdRanges
    .map((r) => ({ from: compactIcd(r.from), to: compactIcd(r.to) }))
    .filter((r) => r.from !== '' && r.to !== '');
  const keywords = unique(criteria.keywords.map((k) => k.trim()).filter(Boolean));
  const excludes = unique(criteria.excludeKeywords.map((k) => k.trim()).filter(Boolean));
  const compiled: CompiledIndication = {
    prefixes,
    ranges,
    keywords,
    excludes,
    checksDiagnoses: prefixes.length + ranges.length + keywords.length > 0,
  };
  compiledByParams.set(criteria, compiled);
  return compiled;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function isExcluded(compiled: CompiledIndication, name: string | undefined): boolean {
  if (!name) return false;
  for (const word of compiled.excludes) if (name.includes(word)) return true;
  return false;
}

function nameMatches(compiled: CompiledIndication, name: string | undefined): boolean {
  if (!name) return false;
  for (const word of compiled.keywords) if (name.includes(word)) return true;
  return false;
}

/** `compactCode` is the diagnosis code in compactIcd form. */
export function codeMatches(compiled: CompiledIndication, compactCode: string): boolean {
  for (const prefix of compiled.prefixes) if (hasIcdPrefix(compactCode, prefix)) return true;
  for (const range of compiled.ranges) if (inIcdRange(compactCode, range)) return true;
  return false;
}

// One order has a handful of diagnoses and many lines: compact their codes once per evaluation.
const compactCodesByList = new WeakMap<readonly Diagnosis[], readonly string[]>();

function compactCodes(diagnoses: readonly Diagnosis[]): readonly string[] {
  let codes = compactCodesByList.get(diagnoses);
  if (!codes) {
    codes = diagnoses.map((d) => compactIcd(d.code));
    compactCodesByList.set(diagnoses, codes);
  }
  return codes;
}

/**
 * The first diagnosis (or certified chronic condition, by name only) that satisfies the rule.
 * A diagnosis whose name carries an exclude word never counts, whatever its code.
 */
export function findSupportingDiagnosis(
  compiled: CompiledIndication,
  diagnoses: readonly Diagnosis[],
  chronicConditions: readonly string[] = [],
): Diagnosis | string | undefined {
  const codes = compactCodes(diagnoses);
  for (let i = 0; i < diagnoses.length; i++) {
    const dx = diagnoses[i]!;
    if (isExcluded(compiled, dx.name)) continue;
    if (codeMatches(compiled, codes[i]!) || nameMatches(compiled, dx.name)) return dx;
  }
  for (const condition of chronicConditions) {
    if (!isExcluded(compiled, condition) && nameMatches(compiled, condition)) return condition;
  }
  return undefined;
}
