import { kindDefinition } from '../kinds';
import type { PackReport } from './report';
import type { RuleInput } from './rule-collector';
import { stableStringify } from './stable-json';

/**
 * The same limit can reach a pack twice: a drug in a 两库 batch (by code) and in the catalogue
 * (by prefix), or one item in two 第八批 files. Two identical rules on one line would report one
 * problem twice, so a (kind, params, code) fires from the first rule only: later rules lose the
 * codes and prefixes an earlier rule of the same kind and params already covers.
 *
 * Only line-scope kinds are thinned: the codes of an order-scope rule (重复收费 pairs, 手术组,
 * 中药饮片 sets) define the set it judges, so removing one would change its meaning.
 */

interface Covered {
  codes: Map<string, string>;
  prefixes: Map<string, string>;
}

function coveredBy(code: string, covered: Covered): string | undefined {
  const exact = covered.codes.get(code);
  if (exact) return exact;
  for (const [prefix, ruleId] of covered.prefixes) if (code.startsWith(prefix)) return ruleId;
  return undefined;
}

function prefixCoveredBy(prefix: string, covered: Covered): string | undefined {
  const same = covered.prefixes.get(prefix);
  if (same) return same;
  for (const [p, ruleId] of covered.prefixes) if (prefix.startsWith(p)) return ruleId;
  // A 两库 batch lists the drug's codes: the batch rule is kept as the more specific one.
  for (const [code, ruleId] of covered.codes) if (code.startsWith(prefix)) return ruleId;
  return undefined;
}

export function removeOverlaps(rules: readonly RuleInput[]): { rules: RuleInput[]; overlaps: PackReport['overlaps']; dropped: string[] } {
  const buckets = new Map<string, Covered>();
  const out: RuleInput[] = [];
  const overlaps: PackReport['overlaps'] = [];
  const dropped: string[] = [];
  for (const rule of rules) {
    const codes = rule.match.codes ?? [];
    const prefixes = rule.match.prefixes ?? [];
    if (kindDefinition(rule.kind)?.scope !== 'line' || codes.length + prefixes.length === 0) {
      out.push(rule);
      continue;
    }
    const key = `${rule.kind}\u0000${stableStringify(rule.params ?? {})}`;
    let covered = buckets.get(key);
    if (!covered) {
      covered = { codes: new Map(), prefixes: new Map() };
      buckets.set(key, covered);
    }
    const removedBy = new Map<string, string[]>();
    const note = (ruleId: string, what: string) => {
      const list = removedBy.get(ruleId);
      if (list) list.push(what);
      else removedBy.set(ruleId, [what]);
    };
    const keptCodes = codes.filter((c) => {
      const by = coveredBy(c, covered);
      if (by) note(by, c);
      return !by;
    });
    const keptPrefixes = prefixes.filter((p) => {
      const by = prefixCoveredBy(p, covered);
      if (by) note(by, p);
      return !by;
    });
    for (const [keptIn, what] of removedBy) overlaps.push({ ruleId: rule.id, keptIn, dropped: what });
    if (keptCodes.length + keptPrefixes.length === 0) {
      dropped.push(rule.id);
      continue;
    }
    for (const c of keptCodes) covered.codes.set(c, rule.id);
    for (const p of keptPrefixes) covered.prefixes.set(p, rule.id);
    if (removedBy.size === 0) {
      out.push(rule);
      continue;
    }
    const match: RuleInput['match'] = { ...rule.match };
    if (keptCodes.length) match.codes = keptCodes;
    else delete match.codes;
    if (keptPrefixes.length) match.prefixes = keptPrefixes;
    else delete match.prefixes;
    out.push({ ...rule, match });
  }
  return { rules: out, overlaps, dropped };
}
