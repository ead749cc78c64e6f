import type { Pack, Rule } from '../rules/pack/schema';
import { mulberry32, seededRandom } from './prng';

/** FNV-1a, to seed each derivation from the code it starts from (stable whatever the processing order). */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function digits(next: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
  return out;
}

const letter = (next: () => number): string => LETTERS[Math.floor(next() * LETTERS.length)]!;

/**
 * Derived codes that look like real ones. A full code keeps everything but its trailing
 * manufacturer/packaging digits, so it still falls under its family's prefix and ATC class. A 12-char
 * family prefix (X + ATC 5 + 通用名 4 + 剂型, Z + class 5 + 名称 5 …) keeps its ATC/class and 剂型 and
 * gets a new 通用名 segment: a new medicine of the same class.
 */
export class CodeDeriver {
  private readonly usedCodes = new Set<string>();
  private readonly usedPrefixes = new Set<string>();
  private readonly memo = new Map<string, string>();

  constructor(rules: readonly Rule[]) {
    for (const r of rules) {
      for (const c of r.match.codes ?? []) this.usedCodes.add(c);
      for (const p of r.match.prefixes ?? []) this.usedPrefixes.add(p);
    }
  }

  /** Same input and generation → same output, so rules that shared a code share its clone too. */
  code(code: string, generation: number): string {
    return this.derive('c', code, generation, this.usedCodes, (next, attempt) => {
      const tail = Math.min(code.length - 1, (code.length >= 20 ? 5 : 4) + Math.floor(attempt / 20));
      return code.slice(0, code.length - tail) + digits(next, tail);
    });
  }

  prefix(prefix: string, generation: number): string {
    return this.derive('p', prefix, generation, this.usedPrefixes, (next, attempt) => {
      if (attempt < 40 && prefix.startsWith('X') && prefix.length >= 10) {
        return prefix.slice(0, 6) + letter(next) + digits(next, 3) + prefix.slice(10);
      }
      if (attempt < 40 && prefix.startsWith('Z') && prefix.length >= 11) {
        return prefix.slice(0, 7) + digits(next, 4) + prefix.slice(11);
      }
      const tail = Math.min(prefix.length - 1, 3 + Math.floor(attempt / 20));
      return prefix.slice(0, prefix.length - tail) + digits(next, tail);
    });
  }

  private derive(
    space: string,
    original: string,
    generation: number,
    used: Set<string>,
    candidate: (next: () => number, attempt: number) => string,
  ): string {
    const key = `${space}${generation}\u0000${original}`;
    const known = this.memo.get(key);
    if (known) return known;
    const next = mulberry32(hashString(key));
    for (let attempt = 0; attempt < 1000; attempt++) {
      const derived = candidate(next, attempt);
      if (!used.has(derived)) {
        used.add(derived);
        this.memo.set(key, derived);
        return derived;
      }
    }
    throw new Error(`no free derived code for ${original}`);
  }
}

/**
 * Rules that do not grow with the catalogue: code-less ones, and those keyed by a whole code family
 * (prefix "T", every 中药饮片) — one 十八反 rule covers every herb however many a pack lists.
 */
const FAMILY_PREFIX_MAX = 2;
const isGlobal = (rule: Rule): boolean =>
  (rule.match.codes?.length ?? 0) === 0 && (rule.match.prefixes ?? []).every((p) => p.length <= FAMILY_PREFIX_MAX);

function cloneRule(rule: Rule, generation: number, derive: CodeDeriver): Rule {
  const match = { ...rule.match };
  if (rule.match.codes) match.codes = rule.match.codes.map((c) => derive.code(c, generation));
  if (rule.match.prefixes) match.prefixes = rule.match.prefixes.map((p) => derive.prefix(p, generation));
  const id = `${rule.id}~${generation}`;
  if (rule.kind === 'duplicate-charge' && rule.params.mode === 'pair') {
    const params = {
      ...rule.params,
      main: rule.params.main.map((c) => derive.code(c, generation)),
      secondary: rule.params.secondary.map((c) => derive.code(c, generation)),
    };
    return { ...rule, id, match, params };
  }
  if (rule.kind === 'drug-interaction') {
    // The sides name the drugs the rule's match holds: derived with it, or a clone pairs nothing.
    const side = (s: typeof rule.params.a) => ({
      ...s,
      codes: s.codes.map((c) => derive.code(c, generation)),
      prefixes: s.prefixes.map((p) => derive.prefix(p, generation)),
    });
    return { ...rule, id, match, params: { ...rule.params, a: side(rule.params.a), b: side(rule.params.b) } };
  }
  return { ...rule, id, match };
}

/**
 * A pack of exactly `target` rules made from the base pack's real rules. Code-less and code-family
 * rules (day limits, duplicate drugs, 十八反 on every herb) are kept once, at their real count: they do not grow with the catalogue. The
 * code-keyed rules are taken group by group (rules sharing the same codes stay together, so an item
 * keeps its 1–3 rules) in a seeded order, first as published, then as clones with derived codes.
 */
export function scalePack(base: Pack, target: number, seed: number): Pack {
  const globals = base.rules.filter(isGlobal);
  const groups = new Map<string, Rule[]>();
  for (const rule of base.rules) {
    if (isGlobal(rule)) continue;
    const signature = JSON.stringify([rule.match.codes ?? [], rule.match.prefixes ?? []]);
    const group = groups.get(signature);
    if (group) group.push(rule);
    else groups.set(signature, [rule]);
  }
  const ordered = seededRandom(seed).shuffle([...groups.values()]);
  if (ordered.length === 0) throw new Error('the base pack has no code-keyed rules to scale');
  const derive = new CodeDeriver(base.rules);
  const rules: Rule[] = globals.slice(0, target);
  for (let generation = 0; rules.length < target; generation++) {
    for (const group of ordered) {
      for (const rule of group) {
        if (rules.length >= target) break;
        rules.push(generation === 0 ? rule : cloneRule(rule, generation, derive));
      }
      if (rules.length >= target) break;
    }
  }
  return { ...base, id: `${base.id}-bench-${target}`, rules };
}
