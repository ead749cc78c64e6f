import { ICD_CATEGORIES } from '../data/icd-categories';

let codesByName: Map<string, string[]> | undefined;

function byName(): Map<string, string[]> {
  if (!codesByName) {
    codesByName = new Map();
    for (const [code, name] of ICD_CATEGORIES) {
      const codes = codesByName.get(name) ?? [];
      if (!codes.includes(code)) codes.push(code);
      codesByName.set(name, codes);
    }
  }
  return codesByName;
}

/**
 * ICD-10 categories whose plain name is this disease word, allowing for the 症/病 suffix that
 * texts and the classification use inconsistently (前列腺增生症 ↔ 前列腺增生). Exact names only:
 * a near match would silently widen what a rule pays for.
 */
export function categoriesNamed(word: string): string[] {
  const stem = word.replace(/[症病]$/, '');
  for (const candidate of [word, stem, `${stem}症`, `${stem}病`]) {
    const codes = byName().get(candidate);
    if (codes) return [...codes];
  }
  return [];
}
