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

/** How an unspecified diagnosis reads in ICD names: "高脂血症，未特指" or "… NOS". */
const UNSPECIFIED = /未特指|未特定|未明确|NOS/;

/** "其他的" (E78.4 高脂血症，其他的) names the forms a category did not list: not broader, so kept. */
function withoutQualifier(name: string): string {
  return name.replace(/[，,](未特指的?|未特定的?)$/, '').trim();
}

/**
 * A diagnosis that names the allowed disease less precisely than the rule does: in the category
 * of an allowed code (E78 for E78.0/E78.2) and either unspecified by its name or a broader word
 * for an allowed one (高脂血症 inside 混合性高脂血症). The patient may well have the allowed
 * form, so the finding asks for the precise diagnosis instead of refusing payment.
 */
export function findBroaderDiagnosis(compiled: CompiledIndication, diagnoses: readonly Diagnosis[]): Diagnosis | undefined {
  const codes = compactCodes(diagnoses);
  for (let i = 0; i < diagnoses.length; i++) {
    const dx = diagnoses[i]!;
    const code = codes[i]!;
    if (code.length < 3 || isExcluded(compiled, dx.name)) continue;
    const category = code.slice(0, 3);
    const sameCategory = compiled.prefixes.some((p) => p.length > 3 && p.startsWith(category)) || compiled.ranges.some((r) => r.from.startsWith(category) && r.to.startsWith(category) && r.from.length > 3);
    if (!sameCategory) continue;
    const name = dx.name ? withoutQualifier(dx.name) : '';
    const broaderWord = name.length >= 2 && compiled.keywords.some((k) => k !== name && k.endsWith(name));
    if (broaderWord || (dx.name !== undefined && UNSPECIFIED.test(dx.name))) return dx;
  }
  return undefined;
}
