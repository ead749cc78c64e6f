import { kindDefinition } from '../kinds';
import { disagree, paramsSummary, restrictionKey } from '../pack/restriction-key';
import { CodeIndex, earliest, type Hit } from './code-index';
import type { PackReport } from './report';
import type { RuleInput } from './rule-collector';

/**
 * The same limit can reach a pack twice: a drug in a 两库 batch (by code) and in the catalogue
 * (by prefix), or one item in two 第八批 files. Two identical rules on one line would report one
 * problem twice, so a (kind, restriction, code) fires from one rule only: a later rule loses the
 * codes and prefixes an earlier rule of the same kind and params already covers, and the rule
 * that keeps them carries the later rule's 依据 as well (`alsoBasis`), so the one finding names
 * every source.
 *
 * Official batches come first whatever the order of the input files: a batch rule is never thinned
 * in favour of a catalogue or local rule. And the catalogue never contradicts a batch: a catalogue
 * rule of the kind of a batch rule on the same codes, with other params (batch 限女性, catalogue
 * 限男性), loses those codes to the batch, and the report lists it under `contradictions`.
 *
 * Only line-scope kinds are thinned: the codes of an order-scope rule (重复收费 pairs, 手术组,
 * 中药饮片 sets) define the set it judges, so removing one would change its meaning.
 */

export function isBatchRule(rule: Pick<RuleInput, 'id' | 'source'>): boolean {
  return Boolean(rule.source?.batch) || rule.id.startsWith('nhsa-');
}

export function isCatalogueRule(rule: Pick<RuleInput, 'id'>): boolean {
  return rule.id.startsWith('cat-');
}

type Contradiction = PackReport['contradictions'][number];

interface Claim {
  ruleId: string;
  params: RuleInput['params'];
}

export interface OverlapResult {
  rules: RuleInput[];
  overlaps: PackReport['overlaps'];
  contradictions: Contradiction[];
  dropped: string[];
}

const codesOf = (rule: RuleInput) => rule.match.codes ?? [];
const prefixesOf = (rule: RuleInput) => rule.match.prefixes ?? [];

/** The earlier rule of the same restriction that covers a code, if any. */
function codeCoveredBy(code: string, covered: CodeIndex<string>): string | undefined {
  return (covered.code(code)[0] ?? earliest(covered.prefixesOf(code, true)))?.value;
}

/**
 * The same for a prefix: the same prefix, a shorter one, or — since a 两库 batch lists the drug's
 * codes and is the more specific rule — a code under it.
 */
function prefixCoveredBy(prefix: string, covered: CodeIndex<string>): string | undefined {
  return (covered.prefix(prefix)[0] ?? earliest(covered.prefixesOf(prefix, false)) ?? covered.codesStartingWith(prefix)[0])?.value;
}

/** The earliest batch claim, among some lists of them, that says otherwise than the catalogue rule. */
function contradicting(rule: RuleInput, ...lists: readonly (readonly Hit<Claim>[])[]): Claim | undefined {
  let best: Hit<Claim> | undefined;
  for (const hits of lists) {
    for (const hit of hits) {
      if ((!best || hit.seq < best.seq) && disagree(rule.kind, hit.value.params as Record<string, unknown>, rule.params as Record<string, unknown>)) best = hit;
    }
  }
  return best?.value;
}

/** Positions of the rules, batch rules first, each group in input order: the first rule of a restriction keeps its codes. */
function priorityOrder(rules: readonly RuleInput[]): number[] {
  const batch: number[] = [];
  const rest: number[] = [];
  rules.forEach((rule, i) => (isBatchRule(rule) ? batch : rest).push(i));
  return batch.concat(rest);
}

/**
 * The codes a restriction has covered so far. Rules read alike share their params object, so the
 * restriction key (a JSON text) is written and looked up once per params object, not per rule.
 */
class Buckets {
  private readonly byKey = new Map<string, CodeIndex<string>>();
  private readonly byParams = new Map<string, Map<object, CodeIndex<string>>>();

  of(kind: string, params: unknown): CodeIndex<string> {
    if (typeof params !== 'object' || params === null) return this.keyed(restrictionKey(kind, params as Record<string, unknown> | undefined));
    let ofKind = this.byParams.get(kind);
    if (!ofKind) {
      ofKind = new Map();
      this.byParams.set(kind, ofKind);
    }
    let bucket = ofKind.get(params);
    if (!bucket) {
      bucket = this.keyed(restrictionKey(kind, params as Record<string, unknown>));
      ofKind.set(params, bucket);
    }
    return bucket;
  }

  private keyed(key: string): CodeIndex<string> {
    let bucket = this.byKey.get(key);
    if (!bucket) {
      bucket = new CodeIndex<string>();
      this.byKey.set(key, bucket);
    }
    return bucket;
  }
}

/**
 * The entries of `list` no earlier rule covers; what is covered is noted in `removedBy`. The list
 * itself when nothing is (as for nearly every rule), so no copy is made to find that out.
 */
function uncovered(list: readonly string[], coveredBy: (entry: string) => string | undefined, removedBy: Grouped): readonly string[] {
  let out: string[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const by = coveredBy(list[i]!);
    if (by) {
      removedBy.add(by, list[i]!);
      out ??= list.slice(0, i);
    } else out?.push(list[i]!);
  }
  return out ?? list;
}

/** What a rule lost, by the rule that keeps it; made only for the few rules that lose something. */
class Grouped {
  byRule: Map<string, string[]> | undefined;
  add(ruleId: string, what: string): void {
    this.byRule ??= new Map();
    const list = this.byRule.get(ruleId);
    if (list) list.push(what);
    else this.byRule.set(ruleId, [what]);
  }
}

/** A copy of the rule matching only the codes and prefixes it keeps. */
export function narrowedTo(rule: RuleInput, codes: readonly string[], prefixes: readonly string[]): RuleInput {
  const match: RuleInput['match'] = { ...rule.match };
  if (codes.length) match.codes = [...codes];
  else delete match.codes;
  if (prefixes.length) match.prefixes = [...prefixes];
  else delete match.prefixes;
  return { ...rule, match };
}

export function removeOverlaps(rules: readonly RuleInput[]): OverlapResult {
  const buckets = new Buckets();
  const batchClaims = new Map<string, CodeIndex<Claim>>();
  /** What became of each rule, by its position: itself, a copy with fewer codes, or undefined (dropped). */
  const kept: (RuleInput | undefined)[] = rules.slice();
  /** Positions of the line rules that took part, in the order they were decided. */
  const decided: number[] = [];
  const alsoBasis = new Map<string, Set<string>>();
  const overlaps: PackReport['overlaps'] = [];
  const contradictions: Contradiction[] = [];
  const dropped: string[] = [];

  // Batch claims only serve to stop a catalogue rule contradicting a batch: none to stop, none kept.
  const anyCatalogue = rules.some(isCatalogueRule);
  for (const i of priorityOrder(rules)) {
    const rule = rules[i]!;
    const codes = codesOf(rule);
    const prefixes = prefixesOf(rule);
    if (kindDefinition(rule.kind)?.scope !== 'line' || codes.length + prefixes.length === 0) continue;
    decided.push(i);
    const covered = buckets.of(rule.kind, rule.params);

    const removedBy = new Grouped();
    let keptCodes = uncovered(codes, (c) => codeCoveredBy(c, covered), removedBy);
    let keptPrefixes = uncovered(prefixes, (p) => prefixCoveredBy(p, covered), removedBy);
    for (const [keptIn, what] of removedBy.byRule ?? []) {
      overlaps.push({ ruleId: rule.id, keptIn, dropped: what });
      if (rule.basis) {
        const set = alsoBasis.get(keptIn) ?? new Set<string>();
        set.add(rule.basis);
        for (const b of rule.alsoBasis ?? []) set.add(b);
        alsoBasis.set(keptIn, set);
      }
    }

    const claims = batchClaims.get(rule.kind);
    if (claims && isCatalogueRule(rule)) {
      const against = new Map<string, { claim: Claim; codes: string[] }>();
      const note = (claim: Claim | undefined, what: string): boolean => {
        if (!claim) return false;
        const entry = against.get(claim.ruleId);
        if (entry) entry.codes.push(what);
        else against.set(claim.ruleId, { claim, codes: [what] });
        return true;
      };
      keptCodes = keptCodes.filter((c) => !note(contradicting(rule, claims.code(c), claims.prefixesOf(c, true)), c));
      keptPrefixes = keptPrefixes.filter((p) => !note(contradicting(rule, claims.prefixesOf(p, true), claims.codesStartingWith(p), claims.prefixesStartingWith(p)), p));
      for (const { claim, codes: lost } of against.values()) {
        contradictions.push({
          catalogueRuleId: rule.id,
          batchRuleId: claim.ruleId,
          kind: rule.kind,
          catalogueParams: paramsSummary(rule.params as Record<string, unknown>),
          batchParams: paramsSummary(claim.params as Record<string, unknown>),
          codes: lost,
        });
      }
    }

    if (keptCodes.length + keptPrefixes.length === 0) {
      dropped.push(rule.id);
      kept[i] = undefined;
      continue;
    }
    for (const c of keptCodes) covered.addCode(c, rule.id);
    for (const p of keptPrefixes) covered.addPrefix(p, rule.id);
    if (anyCatalogue && isBatchRule(rule)) {
      let index = batchClaims.get(rule.kind);
      if (!index) {
        index = new CodeIndex<Claim>();
        batchClaims.set(rule.kind, index);
      }
      const claim: Claim = { ruleId: rule.id, params: rule.params };
      for (const c of keptCodes) index.addCode(c, claim);
      for (const p of keptPrefixes) index.addPrefix(p, claim);
    }
    if (keptCodes.length === codes.length && keptPrefixes.length === prefixes.length) continue;
    kept[i] = narrowedTo(rule, keptCodes, keptPrefixes);
  }

  // A rule's own 依据 is not repeated among its others. Looked up by id, as `alsoBasis` is keyed;
  // only the few rules that keep another rule's codes need it.
  const basisOf = new Map<string, string>();
  if (alsoBasis.size > 0) for (const i of decided) if (alsoBasis.has(rules[i]!.id)) basisOf.set(rules[i]!.id, rules[i]!.basis ?? '');

  // The pack keeps the input order; only the decisions above were taken batch-first.
  const out: RuleInput[] = [];
  for (const result of kept) {
    if (!result) continue;
    const extra = alsoBasis.size > 0 ? alsoBasis.get(result.id) : undefined;
    if (!extra) {
      out.push(result);
      continue;
    }
    const own = basisOf.get(result.id) ?? result.basis ?? '';
    const more = [...new Set([...(result.alsoBasis ?? []), ...extra])].filter((b) => b && b !== own);
    out.push(more.length > 0 ? { ...result, alsoBasis: more } : result);
  }
  return { rules: out, overlaps, contradictions, dropped };
}
