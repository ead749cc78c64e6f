import type { z } from 'zod';
import { RuleSchema, type Rule } from '../pack/schema';
import { EffectiveSchema, RuleBaseSchema } from '../pack/rule-base';
import { importedSeverity, kindDefinition } from '../kinds';
import type { RuleSourceSchema } from '../pack/rule-base';
import { zodErrors } from '../pack/load';
import type { RuleDraft } from './restriction-text';
import type { FileReportBuilder } from './report';
import { stableStringify } from './stable-json';

/** A rule as an importer writes it: defaults (enabled, severity …) are filled in by the schema. */
export type RuleInput = z.input<typeof RuleSchema>;

export interface RuleSeed {
  /** Readable id, e.g. nhsa-b1-sex-阿帕他胺片; made unique with -2, -3 … if two groups share it. */
  id: string;
  draft: RuleDraft;
  name?: string;
  basis: string;
  text?: string;
  source: z.infer<typeof RuleSourceSchema>;
  codes?: readonly string[];
  prefixes?: readonly string[];
  /** Line kinds the rule is limited to (or, with no codes or prefixes, applies to). */
  lineKinds?: RuleInput['match']['lineKinds'];
  /** Rule fields a source states itself (the local rules template); the schema defaults otherwise. */
  fields?: Partial<Pick<RuleInput, 'severity' | 'interruptive' | 'enabled' | 'effective'>>;
  /** The file rows this seed came from (for the report). */
  rows: readonly number[];
}

interface Group {
  seed: RuleSeed;
  codes: Set<string>;
  prefixes: Set<string>;
  rows: number[];
}

/**
 * Rules an importer has already checked against RuleSchema, with the parsed result (defaults
 * filled in): assembling a pack of 100,000 rows then does not check each rule a second time.
 */
const checked = new WeakMap<object, Rule>();

/** Validates an importer's rule once; the parsed rule is remembered for pack assembly. */
export function checkRule(candidate: object): ReturnType<typeof RuleSchema.safeParse> {
  const parsed = RuleSchema.safeParse(candidate);
  if (parsed.success) checked.set(candidate, parsed.data);
  return parsed;
}

/** A kind's params parsed once per params object: rules made from one restriction text share theirs. */
const paramsChecked = new WeakMap<object, { success: boolean; data?: unknown }>();

/**
 * checkRule for rules an importer assembles from checked parts (knowledge points): the id and the
 * dates are checked as the schema does, the params once per shared params object, and the rest —
 * names, texts, codes split from cells — is well formed by construction. Anything that fails goes
 * through the full schema, for its error paths. A 100,000-row import spends its time here.
 */
export function checkAssembledRule(candidate: RuleInput): ReturnType<typeof RuleSchema.safeParse> {
  const def = kindDefinition(candidate.kind);
  const params = candidate.params as object;
  let result = paramsChecked.get(params);
  if (!result && def) {
    result = def.params.safeParse(params);
    paramsChecked.set(params, result);
  }
  const codes = candidate.match.codes ?? [];
  const wellFormed =
    result?.success === true &&
    RuleBaseSchema.shape.id.safeParse(candidate.id).success &&
    (candidate.effective === undefined || EffectiveSchema.safeParse(candidate.effective).success) &&
    codes.length > 0 &&
    codes.every((c) => typeof c === 'string' && c.length > 0);
  if (!wellFormed) return checkRule(candidate);
  const rule = { enabled: true, severity: 'warning', interruptive: true, basis: '', ...candidate, params: result!.data } as Rule;
  checked.set(candidate, rule);
  return { success: true, data: rule } as ReturnType<typeof RuleSchema.safeParse>;
}

/** The parsed rule of a candidate checkRule passed, if this very object was checked. */
export function checkedRule(candidate: object): Rule | undefined {
  return checked.get(candidate);
}

/** Whitespace makes ids hard to quote and compare; the rest of a name stays as published. */
export function idPart(text: string): string {
  return text.trim().replace(/\s+/g, '_');
}

/**
 * Groups seeds into one rule per (id, kind, params): rows of the same name and restriction add
 * their codes to one rule. Each finished rule is validated against the pack schema; a rule that
 * fails is reported against its rows instead of being written.
 */
export class RuleCollector {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly report: FileReportBuilder) {}

  add(seed: RuleSeed): void {
    // Most seeds set neither: skip writing an empty pair for each of them.
    const plain = Object.keys(seed.fields ?? {}).length === 0 && !seed.lineKinds?.length;
    const extra = plain ? '' : stableStringify([seed.fields ?? {}, seed.lineKinds ?? []]);
    const key = `${seed.id}\u0000${seed.draft.kind}\u0000${stableStringify(seed.draft.params)}\u0000${extra}`;
    const group = this.groups.get(key);
    if (group) {
      seed.codes?.forEach((c) => group.codes.add(c));
      seed.prefixes?.forEach((p) => group.prefixes.add(p));
      group.rows.push(...seed.rows);
      return;
    }
    this.groups.set(key, { seed, codes: new Set(seed.codes ?? []), prefixes: new Set(seed.prefixes ?? []), rows: [...seed.rows] });
  }

  finish(): RuleInput[] {
    const rules: RuleInput[] = [];
    const taken = new Map<string, number>();
    for (const { seed, codes, prefixes, rows } of this.groups.values()) {
      const seen = taken.get(seed.id) ?? 0;
      taken.set(seed.id, seen + 1);
      const id = seen === 0 ? seed.id : `${seed.id}-${seen + 1}`;
      const match: RuleInput['match'] = {};
      if (codes.size) match.codes = [...codes];
      if (prefixes.size) match.prefixes = [...prefixes];
      if (seed.lineKinds?.length) match.lineKinds = [...seed.lineKinds];
      const candidate = {
        id,
        kind: seed.draft.kind,
        ...(seed.name ? { name: seed.name } : {}),
        severity: importedSeverity(seed.draft.kind, seed.draft.params),
        ...seed.fields,
        basis: seed.basis,
        ...(seed.text ? { text: seed.text } : {}),
        match,
        params: seed.draft.params,
        source: seed.source,
      };
      const parsed = checkRule(candidate);
      if (!parsed.success) {
        const why = zodErrors(parsed.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
        for (const row of rows) {
          this.report.notUnderstoodRow({ row, ...(seed.name ? { name: seed.name } : {}), ...(seed.text ? { text: seed.text } : {}), reason: `${seed.draft.kind} rule is invalid (${why})` });
        }
        continue;
      }
      rows.forEach((r) => this.report.used(r));
      rules.push(candidate as RuleInput);
    }
    return rules;
  }
}
