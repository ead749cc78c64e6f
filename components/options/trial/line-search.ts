import type { LineKind } from '../../../contract/order';
import type { Rule } from '../../../rules/pack/schema';
import type { RuleStoreDb } from '../../../rules/store/db';
import { searchRules, type RuleSummaries } from '../../../rules/store/search';

/**
 * Drug, item and 耗材 search for the 试算 form's lines: the working set's rules are the catalogue
 * (every drug or item a rule names, with the codes it matches), found the way the rule list finds
 * them — name, pinyin initials (dbtrjn → 丁苯酞软胶囊) or code prefix. A test order is written to
 * try rules, so what no rule names has nothing to try.
 */

export interface CatalogueHit {
  name: string;
  /** The code the line gets: the first full code, else the catalogue prefix the rule matches. */
  code: string;
  /** True when only a catalogue prefix is known (rules keyed by the first 12 characters). */
  prefixOnly: boolean;
  kind: LineKind;
  /** How many rules name it: a hint of what the line will be checked against. */
  ruleCount: number;
}

export const LINE_SEARCH_LIMIT = 12;

/**
 * Kinds whose rule is a group or a list rather than one drug or item (a 重复收费 group, an
 * interaction pair, the 饮片 rules keyed by "T"): their names are not something to prescribe.
 */
const GROUP_KINDS: ReadonlySet<Rule['kind']> = new Set(['duplicate-charge', 'duplicate-drug', 'drug-count', 'drug-interaction', 'herb-oversize', 'herb-incompatibility', 'self-pay', 'diagnosis-sex', 'diagnosis-age']);
/** Shorter prefixes name a whole class of drugs, not one. */
const MIN_PREFIX = 10;

/** Line kind by the national code's shape: 耗材 start with C, 医疗服务项目 are digits. */
export function kindOfCode(code: string): LineKind {
  if (/^C\d/.test(code)) return 'material';
  if (/^\d/.test(code)) return 'item';
  return 'drug';
}

export async function searchCatalogue(db: RuleStoreDb, summaries: RuleSummaries, text: string, limit = LINE_SEARCH_LIMIT): Promise<CatalogueHit[]> {
  const query = text.trim();
  if (!query) return [];
  const page = await searchRules(db, summaries, { text: query, pageSize: 400 });
  const candidates = page.records.filter((s) => s.codeCount > 0 && !GROUP_KINDS.has(s.kind) && s.name);
  const records = await db.rules.bulkGet(candidates.map((s) => s.id));
  const byName = new Map<string, { codes: string[]; prefixes: string[]; kinds: Set<LineKind>; rules: number }>();
  for (const record of records) {
    if (!record) continue;
    const { rule } = record;
    const name = (rule.name ?? '').trim();
    const entry = byName.get(name) ?? { codes: [], prefixes: [], kinds: new Set<LineKind>(), rules: 0 };
    entry.rules += 1;
    for (const code of rule.match.codes ?? []) if (!entry.codes.includes(code)) entry.codes.push(code);
    for (const prefix of rule.match.prefixes ?? []) if (prefix.length >= MIN_PREFIX && !entry.prefixes.includes(prefix)) entry.prefixes.push(prefix);
    for (const kind of rule.match.lineKinds ?? []) entry.kinds.add(kind);
    byName.set(name, entry);
  }
  const hits: CatalogueHit[] = [];
  for (const [name, entry] of byName) {
    const code = entry.codes[0] ?? entry.prefixes[0];
    if (!code) continue;
    const kind = entry.kinds.size === 1 ? [...entry.kinds][0]! : kindOfCode(code);
    hits.push({ name, code, prefixOnly: entry.codes.length === 0, kind, ruleCount: entry.rules });
  }
  const rank = (h: CatalogueHit) => (h.name === query || h.code === query.toUpperCase() ? 0 : h.name.startsWith(query) ? 1 : 2);
  hits.sort((a, b) => rank(a) - rank(b) || a.name.length - b.name.length || a.name.localeCompare(b.name, 'zh-CN'));
  return hits.slice(0, limit);
}
