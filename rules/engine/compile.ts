import type { LineKind as LineKindName } from '../../contract/order';
import type { Pack, Rule } from '../pack/schema';
import type { PackSettings } from '../pack/settings';
import { kindDefinition, type AnyKind } from '../kinds';
import { isPrescribingRule } from '../kinds/define';
import { mapCodeIndex, type CodeIndex } from './code-index';
import { privilegeTable, type PrivilegeTable } from '../pack/prescribers';
import { chronicDiseaseNamesOf, foldedCode } from '../kinds/chronic-drug';

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
  /** A prescribing rule, judged on lines the patient pays for too (KindBase.prescribing). */
  readonly prescribing: boolean;
  /** The restriction the rule states (same-restriction.ts), worked out on its first finding. */
  restrictionKey: string | undefined;
}

/** A pack compiled once into lookup tables keyed by item code and code prefix. */
export interface CompiledPack {
  readonly id: string;
  readonly version: string;
  readonly settings: PackSettings;
  /** settings.prescribers by 工号 and 医保医师代码: one lookup per antibiotic line, no scan. */
  readonly prescribers: PrivilegeTable;
  readonly effectiveFrom: string | undefined;
  readonly effectiveTo: string | undefined;
  /** Orders dated after `effectiveTo` are still checked (see CompileOptions.keepExpired). */
  readonly keepExpired: boolean;
  /** Rule ordinals by exact item code. */
  readonly codes: CodeIndex;
  /** Rule ordinals by code prefix. */
  readonly prefixes: CodeIndex;
  /** Distinct prefix lengths, so a line needs one probe per length, not per prefix. */
  readonly prefixLengths: readonly number[];
  /** Rules without codes, by the line kind they apply to. */
  readonly global: ReadonlyMap<LineKindName, readonly number[]>;
  readonly ruleCount: number;
  /** The enabled rule at a pack position; a loaded image decodes it on first use. */
  ruleAt(ordinal: number): CompiledRule | undefined;
  /** Answers of `rulesForLine`, by line kind then code (see there). */
  readonly lookups: Map<LineKindName, Map<string, readonly CompiledRule[]>>;
  /** A 门诊慢特病病种's name by its code, from the pack's 病种用药范围 rules (see chronicDiseaseNamer). */
  chronicDiseaseName(code: string): string | undefined;
}

/**
 * Names 病种 codes from the 病种用药范围 rules, which apply to every drug and so are filed by line
 * kind, not code. The table is built on the first code-only 病种 a visit brings: most packs never
 * need it, and an image would otherwise decode those rules at every start.
 */
export function chronicDiseaseNamer(
  global: ReadonlyMap<LineKindName, readonly number[]>,
  ruleAt: (ordinal: number) => CompiledRule | undefined,
): (code: string) => string | undefined {
  let names: ReadonlyMap<string, string> | undefined;
  return (code) => {
    names ??= chronicDiseaseNamesOf(
      [...new Set([...global.values()].flat())].sort((a, b) => a - b).flatMap((ordinal) => {
        const compiled = ruleAt(ordinal);
        return compiled ? [compiled.rule] : [];
      }),
    );
    return names.get(foldedCode(code));
  };
}

export function compileRule(rule: Rule, ordinal: number): CompiledRule | undefined {
  if (!rule.enabled) return undefined;
  const def = kindDefinition(rule.kind);
  if (!def) return undefined; // unreachable: the schema admits only known kinds
  return {
    rule,
    def,
    from: rule.effective?.from,
    to: rule.effective?.to,
    lineKinds: rule.match.lineKinds ? new Set(rule.match.lineKinds) : undefined,
    always: rule.effective?.from === undefined && rule.effective?.to === undefined,
    ordinal,
    prescribing: isPrescribingRule(def, rule.params),
    restrictionKey: undefined,
  };
}

/** Where each enabled rule is filed: its codes, its prefixes, or (code-less) its line kinds. */
export interface RuleFiling {
  readonly codes: Map<string, number[]>;
  readonly prefixes: Map<string, number[]>;
  readonly global: Map<LineKindName, number[]>;
  readonly ruleCount: number;
}

function file<K>(map: Map<K, number[]>, key: K, ordinal: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== ordinal) list.push(ordinal);
  } else map.set(key, [ordinal]);
}

export function fileRules(rules: readonly Rule[]): RuleFiling {
  const codes = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  const global = new Map<LineKindName, number[]>();
  let ruleCount = 0;
  rules.forEach((rule, ordinal) => {
    if (!rule.enabled || !kindDefinition(rule.kind)) return;
    ruleCount++;
    const ruleCodes = rule.match.codes ?? [];
    const rulePrefixes = rule.match.prefixes ?? [];
    for (const code of ruleCodes) file(codes, code, ordinal);
    for (const prefix of rulePrefixes) file(prefixes, prefix, ordinal);
    if (ruleCodes.length === 0 && rulePrefixes.length === 0) {
      for (const kind of rule.match.lineKinds ?? []) file(global, kind, ordinal);
    }
  });
  return { codes, prefixes, global, ruleCount };
}

export const prefixLengthsOf = (prefixes: Iterable<string>): number[] =>
  [...new Set([...prefixes].map((p) => p.length))].sort((a, b) => a - b);

export interface CompileOptions {
  /**
   * Check orders dated after the pack's `effective.to` with it anyway. A workstation keeps its last
   * good pack in force past that date (规则包已过期, shown and logged) rather than check nothing
   * until the 医保办 publishes the next one (issue #13). Rules' own dates still apply. Off for the
   * CLI and the hub, which report such orders as not checked by this pack.
   */
  keepExpired?: boolean;
}

export function compilePack(pack: Pack, options: CompileOptions = {}): CompiledPack {
  const filing = fileRules(pack.rules);
  const compiled = pack.rules.map((rule, ordinal) => compileRule(rule, ordinal));
  const ruleAt = (ordinal: number) => compiled[ordinal];
  return {
    id: pack.id,
    version: pack.version,
    settings: pack.settings,
    prescribers: privilegeTable(pack.settings.prescribers),
    effectiveFrom: pack.effective?.from,
    effectiveTo: pack.effective?.to,
    keepExpired: options.keepExpired ?? false,
    codes: mapCodeIndex(filing.codes),
    prefixes: mapCodeIndex(filing.prefixes),
    prefixLengths: prefixLengthsOf(filing.prefixes.keys()),
    global: filing.global,
    ruleCount: filing.ruleCount,
    ruleAt,
    lookups: new Map(),
    chronicDiseaseName: chronicDiseaseNamer(filing.global, ruleAt),
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
  const ordinals: number[] = [];
  const add = (list: ArrayLike<number> | undefined) => {
    if (list) for (let i = 0; i < list.length; i++) ordinals.push(list[i]!);
  };
  add(compiled.codes.rulesOf(code));
  for (const length of compiled.prefixLengths) {
    if (length > code.length) break;
    add(compiled.prefixes.rulesOf(code.slice(0, length)));
  }
  const global = compiled.global.get(kind);
  if (global) for (let i = 0; i < global.length; i++) if (!isOrderWide(compiled.ruleAt(global[i]!))) ordinals.push(global[i]!);
  // Pack order, each rule once (a rule filed under a code and a prefix of it comes up twice).
  const sorted = ordinals.length < 2 ? ordinals : [...new Set(ordinals)].sort((a, b) => a - b);
  const out: CompiledRule[] = [];
  for (const ordinal of sorted) {
    const rule = compiled.ruleAt(ordinal);
    if (rule && (!rule.lineKinds || rule.lineKinds.has(kind))) out.push(rule);
  }
  return out;
}

/**
 * A code-less order rule that needs no page field: it concerns every line of its line kinds (药品种类
 * 超标, 重复开药, the diagnosis and operation coding rules), so the engine gathers its lines once
 * per order instead of filing each line under it one by one.
 */
const isOrderWide = (rule: CompiledRule | undefined): boolean => rule !== undefined && rule.def.scope === 'order' && rule.def.needs === undefined;

const orderWideByPack = new WeakMap<CompiledPack, Map<LineKindName, readonly CompiledRule[]>>();

/** The order-wide rules (see isOrderWide) of a line kind, in pack order. */
export function orderWideRules(compiled: CompiledPack, kind: LineKindName): readonly CompiledRule[] {
  let byKind = orderWideByPack.get(compiled);
  if (!byKind) {
    byKind = new Map();
    orderWideByPack.set(compiled, byKind);
  }
  let rules = byKind.get(kind);
  if (!rules) {
    rules = (compiled.global.get(kind) ?? []).map((ordinal) => compiled.ruleAt(ordinal)).filter((r): r is CompiledRule => isOrderWide(r));
    byKind.set(kind, rules);
  }
  return rules;
}

export function isRuleEffective(rule: CompiledRule, date: string): boolean {
  return rule.always || ((rule.from === undefined || date >= rule.from) && (rule.to === undefined || date <= rule.to));
}

export function isPackEffective(pack: CompiledPack, date: string): boolean {
  return (pack.effectiveFrom === undefined || date >= pack.effectiveFrom) && (pack.effectiveTo === undefined || date <= pack.effectiveTo || pack.keepExpired);
}
