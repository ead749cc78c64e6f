import type { z } from 'zod';
import { RuleSchema, type Rule } from '../pack/schema';
import { EffectiveSchema, IsoDateSchema, RuleBaseSchema } from '../pack/rule-base';
import { kindDefinition } from '../kinds';

/**
 * Checking an importer's rules against the pack schema, once each. A 100,000-row import makes
 * about as many rules, and the full schema per rule was a good part of its time: rules are
 * checked by their parts instead, each part the way the schema checks it, with the parts rules
 * share (params of one reading, the dates of one publication) checked once. A rule of any other
 * shape, and any rule a part of which fails, goes through the full schema, for its error paths.
 */

/** A rule as an importer writes it: defaults (enabled, severity …) are filled in by the schema. */
export type RuleInput = z.input<typeof RuleSchema>;
type Parsed = ReturnType<typeof RuleSchema.safeParse>;

/** Validates a rule with the full schema (the by-parts check's fallback, for its error paths). */
export function checkRule(candidate: object): Parsed {
  return RuleSchema.safeParse(candidate);
}

/**
 * The rule lists importers return, each with the parsed rules of its checked rules: assembling
 * the pack then does not check each rule a second time. Kept per list rather than per rule, so
 * that 100,000 rules do not make 100,000 entries of a weak map; a copy of the list tells whether
 * a rule at an index is still the one checked.
 */
const checkedLists = new WeakMap<readonly RuleInput[], { rules: readonly RuleInput[]; parsed: readonly Rule[] }>();

/** Remembers an importer's rules (all checked) with their parsed rules, index for index. */
export function rememberChecked(rules: readonly RuleInput[], parsed: readonly Rule[]): void {
  if (rules.length === parsed.length) checkedLists.set(rules, { rules: rules.slice(), parsed });
}

/** The parsed rule of each of `rules` an importer checked (undefined for any other). */
export function checkedParsed(rules: readonly RuleInput[]): (Rule | undefined)[] {
  const known = checkedLists.get(rules);
  return rules.map((rule, i) => (known && known.rules[i] === rule ? known.parsed[i] : undefined));
}

/** A kind's params parsed once per params object: rules made from one reading share theirs. */
const paramsChecked = new WeakMap<object, { success: boolean; data?: unknown }>();
/** Date ranges checked once per object: rules of one publication date share theirs. */
const effectiveChecked = new WeakMap<object, boolean>();
/** Publication dates, by text: a file has a handful. */
const datesChecked = new Map<string, boolean>();
const DATES_KEPT = 1_000;

function effectiveOk(effective: unknown): boolean {
  if (typeof effective !== 'object' || effective === null) return false;
  let ok = effectiveChecked.get(effective);
  if (ok === undefined) {
    ok = EffectiveSchema.safeParse(effective).success;
    effectiveChecked.set(effective, ok);
  }
  return ok;
}

function dateOk(text: string): boolean {
  let ok = datesChecked.get(text);
  if (ok === undefined) {
    if (datesChecked.size >= DATES_KEPT) datesChecked.clear();
    ok = IsoDateSchema.safeParse(text).success;
    datesChecked.set(text, ok);
  }
  return ok;
}

/**
 * Ids made only of characters that are certainly visible (ASCII, Latin, Greek, dashes and quotes,
 * number forms, CJK, Hangul, full-width forms) pass the id schema (non-empty, nothing invisible)
 * without running it; any other id is given to the schema. tests/unit/import/rule-check.test.ts
 * holds every one of these characters against the schema.
 */
export const PLAINLY_VISIBLE_ID =
  /^[\x21-\x7e\u00a0-\u00ac\u00ae-\u00ff\u0370-\u03ff\u2010-\u2027\u2150-\u218f\u2460-\u24ff\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef]+$/;

const idOk = (id: unknown): boolean => (typeof id === 'string' && PLAINLY_VISIBLE_ID.test(id)) || RuleBaseSchema.shape.id.safeParse(id).success;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const nonEmptyStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);

/** The members importers write; a rule with any other (enabled, severity, lineKinds …) takes the full schema. */
const RULE_KEYS = new Set(['id', 'kind', 'name', 'basis', 'text', 'effective', 'match', 'params', 'source']);

/** RuleSourceSchema, member by member. */
const SOURCE_MEMBERS: Readonly<Record<string, (v: unknown) => boolean>> = {
  batch: optionalString,
  ruleClass: optionalString,
  gzCode: optionalString,
  file: optionalString,
  publishedAt: (v) => v === undefined || (typeof v === 'string' && dateOk(v)),
  row: (v) => v === undefined || Number.isInteger(v),
};

function matchOk(match: unknown): boolean {
  if (!isRecord(match)) return false;
  let count = 0;
  for (const key in match) {
    const list = match[key];
    if (list === undefined) continue;
    if ((key !== 'codes' && key !== 'prefixes') || !nonEmptyStrings(list)) return false;
    count += list.length;
  }
  return count > 0;
}

function sourceOk(source: unknown): boolean {
  if (source === undefined) return true;
  if (!isRecord(source)) return false;
  for (const key in source) {
    const member = SOURCE_MEMBERS[key];
    if (!member || !member(source[key])) return false;
  }
  return true;
}

/** The parsed params when every part of the rule is as the schema wants it; undefined otherwise. */
function paramsIfWellFormed(candidate: Record<string, unknown>): { data?: unknown } | undefined {
  for (const key in candidate) if (!RULE_KEYS.has(key)) return undefined;
  const def = typeof candidate.kind === 'string' ? kindDefinition(candidate.kind) : undefined;
  const params = candidate.params;
  if (!def || !isRecord(params)) return undefined;
  let result = paramsChecked.get(params);
  if (!result) {
    result = def.params.safeParse(params);
    paramsChecked.set(params, result);
  }
  const wellFormed =
    result.success &&
    idOk(candidate.id) &&
    optionalString(candidate.name) &&
    optionalString(candidate.basis) &&
    optionalString(candidate.text) &&
    (candidate.effective === undefined || effectiveOk(candidate.effective)) &&
    matchOk(candidate.match) &&
    sourceOk(candidate.source);
  return wellFormed ? result : undefined;
}

/**
 * checkRule for the rules importers make, by parts (see above). The parsed rule is what the
 * schema would make of it: its defaults filled in and its params as their schema parses them;
 * its other members, already in the schema's shape, are the candidate's own.
 */
export function checkImportedRule(candidate: RuleInput): Parsed {
  const params = paramsIfWellFormed(candidate as unknown as Record<string, unknown>);
  if (!params) return checkRule(candidate);
  const rule = { enabled: true, severity: 'warning', interruptive: true, ...candidate, basis: candidate.basis ?? '', params: params.data } as Rule;
  return { success: true, data: rule } as Parsed;
}
