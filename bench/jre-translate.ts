import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { PackSettings } from '../rules/pack/settings';
import type { Rule } from '../rules/pack/schema';

type Condition = Extract<TopLevelCondition, { all: unknown }>['all'][number];

/**
 * Our rules rewritten as json-rules-engine rules, for the comparison. A json-rules-engine rule fires
 * one event when its conditions hold, so each translation fires exactly when our kind yields a finding
 * (a violation or an "unknown, cannot verify" data finding): the bench checks that both engines report
 * the same (rule, line) pairs before it compares their speed.
 *
 * Facts are per line (see jre-facts.ts). Unknown patient/encounter values are null, so "unknown" is
 * a plain equality test. Conditions that pick the rule's codes run first (higher priority): the engine
 * then skips the rest of a rule whose codes do not match, its best case.
 */

const MATCH_PRIORITY = 3;
const SCOPE_PRIORITY = 2;

/** Kinds judged over several lines, or still stubs in our engine, are left out of the comparison. */
export const TRANSLATED_KINDS = [
  'sex', 'age', 'visit-type', 'institution-level', 'insurance-type', 'department', 'course', 'frequency', 'second-line', 'approval',
] as const;
type TranslatedKind = (typeof TRANSLATED_KINDS)[number];
type TranslatedRule = Extract<Rule, { kind: TranslatedKind }>;

const isTranslated = (rule: Rule): rule is TranslatedRule => (TRANSLATED_KINDS as readonly string[]).includes(rule.kind);

const dateNumber = (iso: string): number => Number(iso.replaceAll('-', ''));

function anyOf(conditions: Condition[]): Condition {
  return conditions.length === 1 ? conditions[0]! : { any: conditions };
}

/** The code test: exact codes, or the line's code cut to each prefix length the rule uses. */
function matchCondition(rule: Rule): Condition | undefined {
  const tests: Condition[] = [];
  const codes = rule.match.codes ?? [];
  if (codes.length === 1) tests.push({ fact: 'code', operator: 'equal', value: codes[0] });
  else if (codes.length > 1) tests.push({ fact: 'code', operator: 'in', value: codes });
  const byLength = new Map<number, string[]>();
  for (const p of rule.match.prefixes ?? []) byLength.set(p.length, [...(byLength.get(p.length) ?? []), p]);
  for (const [length, prefixes] of byLength) {
    tests.push(
      prefixes.length === 1
        ? { fact: `prefix${length}`, operator: 'equal', value: prefixes[0] }
        : { fact: `prefix${length}`, operator: 'in', value: prefixes },
    );
  }
  if (tests.length === 0) return undefined;
  return { ...anyOf(tests), priority: MATCH_PRIORITY } as Condition;
}

function scopeConditions(rule: Rule): Condition[] {
  const out: Condition[] = [];
  if (rule.match.lineKinds) out.push({ fact: 'lineKind', operator: 'in', value: rule.match.lineKinds, priority: SCOPE_PRIORITY });
  if (rule.effective?.from) {
    out.push({ fact: 'dateNum', operator: 'greaterThanInclusive', value: dateNumber(rule.effective.from), priority: SCOPE_PRIORITY });
  }
  if (rule.effective?.to) {
    out.push({ fact: 'dateNum', operator: 'lessThanInclusive', value: dateNumber(rule.effective.to), priority: SCOPE_PRIORITY });
  }
  return out;
}

/** When the rule yields a finding for a line it matches; undefined = always. */
function findingCondition(rule: TranslatedRule, settings: PackSettings): Condition | undefined {
  switch (rule.kind) {
    case 'sex':
      return { fact: 'sex', operator: 'notEqual', value: rule.params.allowed };
    case 'age': {
      const p = rule.params;
      const maxYears = p.maxYears ?? (p.group === 'child' ? settings.childMaxAgeYears : undefined);
      const maxDays = p.maxDays ?? (p.group === 'newborn' ? settings.newbornMaxAgeDays : undefined);
      const minYears = p.minYears ?? (p.group === 'adult' ? settings.childMaxAgeYears + 1 : undefined);
      const tests: Condition[] = [];
      if (minYears !== undefined || maxYears !== undefined) tests.push({ fact: 'ageYears', operator: 'equal', value: null });
      if (p.minDays !== undefined || maxDays !== undefined) tests.push({ fact: 'ageDays', operator: 'equal', value: null });
      if (minYears !== undefined) tests.push({ fact: 'ageYears', operator: 'lessThan', value: minYears });
      if (maxYears !== undefined) tests.push({ fact: 'ageYears', operator: 'greaterThan', value: maxYears });
      if (p.minDays !== undefined) tests.push({ fact: 'ageDays', operator: 'lessThan', value: p.minDays });
      if (maxDays !== undefined) tests.push({ fact: 'ageDays', operator: 'greaterThan', value: maxDays });
      return anyOf(tests);
    }
    case 'visit-type': {
      const tests: Condition[] = [];
      if (rule.params.forbidInternet) tests.push({ fact: 'internet', operator: 'equal', value: true });
      const allowed = rule.params.allowed;
      if (allowed) {
        // 出院带药 belongs to the inpatient stay: allowing 住院 allows it too.
        const passing = allowed.includes('inpatient') ? [...new Set([...allowed, 'discharge'])] : allowed;
        tests.push({ fact: 'visitType', operator: 'notIn', value: passing });
      }
      return anyOf(tests);
    }
    case 'institution-level':
      return anyOf([
        { fact: 'institutionLevel', operator: 'equal', value: null },
        { fact: 'institutionLevel', operator: 'lessThan', value: rule.params.minLevel },
      ]);
    case 'insurance-type':
      return { fact: 'insuranceType', operator: 'notIn', value: rule.params.allowed };
    case 'department':
      return { not: anyOf(rule.params.keywords.map((k) => ({ fact: 'department', operator: 'textIncludes', value: k }))) };
    case 'course': {
      const params = {
        codes: rule.match.codes ?? [],
        prefixes: rule.match.prefixes ?? [],
        windowDays: rule.params.windowDays ?? settings.historyWindowDays,
      };
      // Over the course, or within it while earlier records lack days (a data finding).
      return anyOf([
        { fact: 'courseDays', operator: 'greaterThan', value: rule.params.maxDays, params },
        { fact: 'courseUndated', operator: 'greaterThan', value: 0, params },
      ]);
    }
    case 'frequency':
      return { fact: 'frequencyLoad', operator: 'greaterThan', value: rule.params.maxCount, params: { periodDays: rule.params.periodDays } };
    case 'second-line':
      return undefined;
    case 'approval':
      return { fact: 'approvalNo', operator: 'equal', value: null };
  }
}

export interface Translation {
  /** Our rules that have a faithful json-rules-engine form. */
  rules: Rule[];
  jre: RuleProperties[];
  /** Prefix lengths the translated rules use: one prefix fact per length. */
  prefixLengths: number[];
}

export function translateRules(rules: readonly Rule[], settings: PackSettings): Translation {
  const out: Translation = { rules: [], jre: [], prefixLengths: [] };
  const lengths = new Set<number>();
  for (const rule of rules) {
    if (!rule.enabled || !isTranslated(rule)) continue;
    const match = matchCondition(rule);
    if (!match) continue;
    const finding = findingCondition(rule, settings);
    const all: Condition[] = [match, ...scopeConditions(rule)];
    if (finding) all.push(finding);
    out.rules.push(rule);
    out.jre.push({ name: rule.id, conditions: { all }, event: { type: rule.kind, params: { ruleId: rule.id } } });
    for (const p of rule.match.prefixes ?? []) lengths.add(p.length);
  }
  out.prefixLengths = [...lengths].sort((a, b) => a - b);
  return out;
}
