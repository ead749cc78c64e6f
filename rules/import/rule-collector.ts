import type { z } from 'zod';
import { importedSeverity } from '../kinds';
import type { RuleSourceSchema } from '../pack/rule-base';
import { zodErrors } from '../pack/load';
import type { RuleDraft } from './restriction-text';
import type { FileReportBuilder } from './report';
import type { Rule } from '../pack/schema';
import { checkImportedRule, rememberChecked, type RuleInput } from './rule-check';
import { GroupsById } from './id-groups';
import { paramsKey } from './params-key';
import { stableStringify } from './stable-json';

export type { RuleInput } from './rule-check';

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

/** What seeds of one id must share to be one rule: kind, params and the rule fields they set. */
interface SeedKey {
  kind: string;
  params: string;
  extra: string;
}

/** The seeds of one rule: nearly always one, so the rest are kept only when there are some. */
interface Group {
  key: SeedKey;
  seed: RuleSeed;
  more: RuleSeed[] | undefined;
  /** 1 for the first group of its id, 2 for the next … */
  n: number;
}

/** A seed's list, or the seeds' lists joined, first occurrence kept. */
function gathered<T>(seeds: readonly RuleSeed[], list: (seed: RuleSeed) => readonly T[] | undefined): T[] {
  if (seeds.length === 1) {
    const only = list(seeds[0]!) ?? [];
    return only.length === 1 ? [only[0]!] : [...new Set(only)];
  }
  const all = new Set<T>();
  for (const seed of seeds) for (const item of list(seed) ?? []) all.add(item);
  return [...all];
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
  private readonly groups = new GroupsById<Group, SeedKey>(
    (g) => g.key,
    (a, b) => a.kind === b.kind && a.params === b.params && a.extra === b.extra,
    (k) => `${k.kind}\u0000${k.params}\u0000${k.extra}`,
  );
  /** Groups in the order they were made. */
  private readonly made: Group[] = [];

  constructor(private readonly report: FileReportBuilder) {}

  add(seed: RuleSeed): void {
    // Most seeds set neither: skip writing an empty pair for each of them.
    const plain = Object.keys(seed.fields ?? {}).length === 0 && !seed.lineKinds?.length;
    const extra = plain ? '' : stableStringify([seed.fields ?? {}, seed.lineKinds ?? []]);
    const key: SeedKey = { kind: seed.draft.kind, params: paramsKey(seed.draft.params as object), extra };
    const group = this.groups.find(seed.id, key);
    if (group) {
      (group.more ??= []).push(seed);
      return;
    }
    const made: Group = { key, seed, more: undefined, n: 0 };
    made.n = this.groups.add(seed.id, made);
    this.made.push(made);
  }

  finish(): RuleInput[] {
    const rules: RuleInput[] = [];
    const parsedRules: Rule[] = [];
    for (const { seed, more, n } of this.made) {
      const seeds = more ? [seed, ...more] : [seed];
      const id = n === 1 ? seed.id : `${seed.id}-${n}`;
      const codes = gathered(seeds, (s) => s.codes);
      const prefixes = gathered(seeds, (s) => s.prefixes);
      const match: RuleInput['match'] = {};
      if (codes.length) match.codes = codes;
      if (prefixes.length) match.prefixes = prefixes;
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
      const parsed = checkImportedRule(candidate as RuleInput);
      if (!parsed.success) {
        const why = zodErrors(parsed.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
        for (const { rows } of seeds) {
          for (const row of rows) {
            this.report.notUnderstoodRow({ row, ...(seed.name ? { name: seed.name } : {}), ...(seed.text ? { text: seed.text } : {}), reason: `${seed.draft.kind} rule is invalid (${why})` });
          }
        }
        continue;
      }
      for (const { rows } of seeds) for (const row of rows) this.report.used(row);
      rules.push(candidate as RuleInput);
      parsedRules.push(parsed.data);
    }
    rememberChecked(rules, parsedRules);
    return rules;
  }
}
