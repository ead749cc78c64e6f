import { diseaseNameKey, foldedCode } from '../../../rules/kinds/chronic-drug';
import type { Rule } from '../../../rules/pack/schema';
import type { RuleStoreDb } from '../../../rules/store/db';

/**
 * 门诊慢特病 病种 for the 试算 form: the 病种 the working set's 病种用药范围 rules (kind
 * `chronic-drug`) hold a drug list for, found by name or 病种编码. They are the 病种 such a rule
 * can judge a visit under; a 病种 typed by hand that no list names is kept, and leaves the rule
 * silent, as it would on a real visit.
 */

export interface ChronicDiseaseHit {
  name: string;
  /** 病种编码 (M03900), when the list gives one. */
  code: string | undefined;
  /** Drug codes and prefixes in its list, over every rule that lists it. */
  drugCount: number;
}

export const CHRONIC_SEARCH_LIMIT = 12;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

/** Every 病种 the rules list, once each as the kind tells them apart (by code, else by name), in the rules' order. */
export function chronicDiseasesOf(rules: readonly Pick<Rule, 'kind' | 'params'>[]): ChronicDiseaseHit[] {
  const byKey = new Map<string, ChronicDiseaseHit>();
  for (const rule of rules) {
    if (rule.kind !== 'chronic-drug') continue;
    const diseases = (rule.params as { diseases?: unknown }).diseases;
    if (!Array.isArray(diseases)) continue;
    for (const d of diseases as Record<string, unknown>[]) {
      const name = text(d['name']);
      if (!name) continue;
      const code = text(d['code']) || undefined;
      const key = code ? foldedCode(code) : `name:${diseaseNameKey(name)}`;
      const known = byKey.get(key);
      const drugs = count(d['codes']) + count(d['prefixes']);
      if (known) known.drugCount += drugs;
      else byKey.set(key, { name, code, drugCount: drugs });
    }
  }
  return [...byKey.values()];
}

/** The 病种 whose name contains the text or whose code starts with it; exact and leading matches first. */
export function matchChronicDiseases(all: readonly ChronicDiseaseHit[], query: string, limit = CHRONIC_SEARCH_LIMIT): ChronicDiseaseHit[] {
  const q = foldedCode(query);
  if (!q) return [];
  const rank = (d: ChronicDiseaseHit) => {
    const name = foldedCode(d.name);
    const code = foldedCode(d.code ?? '');
    if (name === q || code === q) return 0;
    if (name.startsWith(q) || (code && code.startsWith(q))) return 1;
    return name.includes(q) ? 2 : -1;
  };
  return all
    .map((d) => ({ d, r: rank(d) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.d.name.length - b.d.name.length || a.d.name.localeCompare(b.d.name, 'zh-CN'))
    .slice(0, limit)
    .map((x) => x.d);
}

/** The working set's 病种 matching `query` (a handful of rules: read afresh, so an edit shows at once). */
export async function searchChronicDiseases(db: RuleStoreDb, query: string, limit = CHRONIC_SEARCH_LIMIT): Promise<ChronicDiseaseHit[]> {
  if (!query.trim()) return [];
  const records = await db.rules.where('kind').equals('chronic-drug').toArray();
  return matchChronicDiseases(chronicDiseasesOf(records.map((r) => r.rule)), query, limit);
}
