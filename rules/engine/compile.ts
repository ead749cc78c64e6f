import type { LineKind as LineKindName } from '../../contract/order';
import type { Pack, Rule } from '../pack/schema';
import type { PackSettings } from '../pack/settings';
import { kindDefinition, type AnyKind } from '../kinds';

export interface CompiledRule {
  readonly rule: Rule;
  readonly def: AnyKind;
  /** Inclusive ISO dates; ISO strings compare correctly as strings. */
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly lineKinds: ReadonlySet<LineKindName> | undefined;
  /** No effective dates: most rules, spared the date comparison on every line. */
  readonly always: boolean;
  /** Position in the pack, so findings come out in a stable order. */
  readonly ordinal: number;
}

/** A pack compiled once into lookup tables keyed by item code and code prefix. */
export interface CompiledPack {
  readonly id: string;
  readonly version: string;
  readonly settings: PackSettings;
  readonly effectiveFrom: string | undefined;
  readonly effectiveTo: string | undefined;
  readonly byCode: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly byPrefix: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Distinct prefix lengths, so a line needs one map probe per length, not per prefix. */
  readonly prefixLengths: readonly number[];
  /** Rules without codes, by the line kind they apply to. */
  readonly global: ReadonlyMap<LineKindName, readonly CompiledRule[]>;
  readonly ruleCount: number;
  /** Answers of `rulesForLine`, by line kind then code (see there). */
  readonly lookups: Map<LineKindName, Map<string, readonly CompiledRule[]>>;
}

function push<K>(map: Map<K, CompiledRule[]>, key: K, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== rule) list.push(rule);
  } else map.set(key, [rule]);
}

export function compilePack(pack: Pack): CompiledPack {
  const byCode = new Map<string, CompiledRule[]>();
  const byPrefix = new Map<string, CompiledRule[]>();
  const global = new Map<LineKindName, CompiledRule[]>();
  let ruleCount = 0;
  pack.rules.forEach((rule, ordinal) => {
    if (!rule.enabled) return;
    const def = kindDefinition(rule.kind);
    if (!def) return; // unreachable: the schema admits only known kinds
    const compiled: CompiledRule = {
      rule,
      def,
      from: rule.effective?.from,
      to: rule.effective?.to,
      lineKinds: rule.match.lineKinds ? new Set(rule.match.lineKinds) : undefined,
      always: rule.effective?.from === undefined && rule.effective?.to === undefined,
      ordinal,
    };
    ruleCount++;
    const codes = rule.match.codes ?? [];
    const prefixes = rule.match.prefixes ?? [];
    for (const code of codes) push(byCode, code, compiled);
    for (const prefix of prefixes) push(byPrefix, prefix, compiled);
    if (codes.length === 0 && prefixes.length === 0) {
      for (const kind of rule.match.lineKinds ?? []) push(global, kind, compiled);
    }
  });
  const prefixLengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  return {
    id: pack.id,
    version: pack.version,
    settings: pack.settings,
    effectiveFrom: pack.effective?.from,
    effectiveTo: pack.effective?.to,
    byCode,
    byPrefix,
    prefixLengths,
    global,
    ruleCount,
    lookups: new Map(),
  };
}

/**
 * Rules that concern a line, in pack order, without duplicates. Looking a code up costs several
 * probes into maps of up to hundreds of thousands of keys, while a hospital uses a few thousand
 * codes again and again: answers are remembered per pack, in a bounded cache. Keyed by kind, then
 * by the line's own code string: a composed key would be a new string to hash on every call.
 */
const LOOKUP_CACHE_LIMIT = 8192;

export function rulesForLine(compiled: CompiledPack, code: string, kind: LineKindName): readonly CompiledRule[] {
  let cache = compiled.lookups.get(kind);
  if (!cache) {
    cache = new Map();
    compiled.lookups.set(kind, cache);
  }
  const cached = cache.get(code);
  if (cached) return cached;
  const found = lookupRules(compiled, code, kind);
  if (cache.size >= LOOKUP_CACHE_LIMIT) cache.clear();
  cache.set(code, found);
  return found;
}

function lookupRules(compiled: CompiledPack, code: string, kind: LineKindName): readonly CompiledRule[] {
  const out: CompiledRule[] = [];
  const exact = compiled.byCode.get(code);
  if (exact) out.push(...exact);
  for (const length of compiled.prefixLengths) {
    if (length > code.length) break;
    const hit = compiled.byPrefix.get(code.slice(0, length));
    if (hit) out.push(...hit);
  }
  const global = compiled.global.get(kind);
  if (global) out.push(...global);
  const applicable = out.filter((r) => !r.lineKinds || r.lineKinds.has(kind));
  if (applicable.length < 2) return applicable;
  const unique = [...new Set(applicable)];
  return unique.sort((a, b) => a.ordinal - b.ordinal);
}

export function isRuleEffective(rule: CompiledRule, date: string): boolean {
  return rule.always || ((rule.from === undefined || date >= rule.from) && (rule.to === undefined || date <= rule.to));
}

export function isPackEffective(pack: CompiledPack, date: string): boolean {
  return (pack.effectiveFrom === undefined || date >= pack.effectiveFrom) && (pack.effectiveTo === undefined || date <= pack.effectiveTo);
}
