import { describe, expect, it } from 'vitest';
import { DISEASE_TERMS } from '../../../rules/data/disease-terms';
import { compactIcd, inIcdRange } from '../../../rules/indication/icd-code';
import { compileIndication, findSupportingDiagnosis } from '../../../rules/indication/matcher';
import { criteriaForTerms, findDiseaseTerms, parseIcdSpec, type IcdSpec } from '../../../rules/indication/terms';
import { diagnosis, icdDiagnoses } from './shared-data';

let codeList: { code: string; compact: string; name: string }[] | undefined;
const icdCodes = () => (codeList ??= [...icdDiagnoses()].map(([code, name]) => ({ code, compact: compactIcd(code), name })));

/** The ICD codes an entry covers, with their names. */
function covered(icd: readonly string[]) {
  const specs = icd.map(parseIcdSpec).map(
    (s): IcdSpec => ('prefix' in s ? { prefix: compactIcd(s.prefix) } : { range: { from: compactIcd(s.range.from), to: compactIcd(s.range.to) } }),
  );
  return icdCodes().filter((c) => specs.some((s) => ('prefix' in s ? c.compact.startsWith(s.prefix) : inIcdRange(c.compact, s.range))));
}

describe('disease term table', () => {
  it('uses only prefixes and range ends that exist in ICD-10 医保版 2.0', () => {
    const prefixes = new Set(icdCodes().flatMap((c) => Array.from({ length: c.compact.length }, (_, i) => c.compact.slice(0, i + 1))));
    const missing: string[] = [];
    for (const term of DISEASE_TERMS) {
      for (const spec of term.icd) {
        const parsed = parseIcdSpec(spec);
        const ends = 'prefix' in parsed ? [parsed.prefix] : [parsed.range.from, parsed.range.to];
        for (const end of ends) if (!prefixes.has(compactIcd(end))) missing.push(`${term.words[0]}: ${end}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('maps every entry with codes onto diagnoses whose names say the same disease', () => {
    // At least one covered ICD name must carry one of the entry's own words: a typo such as C7 for
    // C7A, or J81 for J18, would point at codes whose names share no word with the entry.
    const unrelated: string[] = [];
    for (const term of DISEASE_TERMS.filter((t) => t.icd.length > 0)) {
      const words = criteriaForTerms([term]).keywords;
      if (!covered(term.icd).some((c) => words.some((w) => c.name.includes(w)))) unrelated.push(term.words[0]!);
    }
    expect(unrelated).toEqual([]);
  });

  it('gives every word to one entry only', () => {
    const owners = new Map<string, string[]>();
    for (const term of DISEASE_TERMS) {
      for (const word of term.words) owners.set(word.toUpperCase(), [...(owners.get(word.toUpperCase()) ?? []), term.words[0]!]);
    }
    expect([...owners].filter(([, entries]) => entries.length > 1)).toEqual([]);
  });

  it('reads each entry’s name word back to that entry', () => {
    for (const term of DISEASE_TERMS) {
      const hits = findDiseaseTerms(term.words[0]!);
      expect(hits.map((h) => h.term), term.words[0]).toEqual([term]);
    }
  });

  it('prefers the longest word and keeps latin abbreviations whole', () => {
    expect(findDiseaseTerms('晚期非小细胞肺癌(NSCLC)').map((h) => h.word)).toEqual(['非小细胞肺癌', 'NSCLC']);
    expect(findDiseaseTerms('慢性肾脏病(CKD)引起的贫血').map((h) => h.word)).toEqual(['慢性肾脏病', 'CKD', '贫血']);
    // "NET" inside "NETWORK" is no neuroendocrine tumour.
    expect(findDiseaseTerms('NETWORK')).toEqual([]);
  });

  it('places the restriction words that official names do not use', () => {
    const suddenDeafness = compileIndication(criteriaForTerms(findDiseaseTerms('突发性耳聋').map((h) => h.term)));
    expect(findSupportingDiagnosis(suddenDeafness, [diagnosis('H91.200x001')])).toBeDefined();
    expect(diagnosis('H91.200x001').name).toBe('突发性聋');
    const prostateCancer = compileIndication(criteriaForTerms(findDiseaseTerms('前列腺癌').map((h) => h.term)));
    expect(findSupportingDiagnosis(prostateCancer, [diagnosis('C61.x00')])).toBeDefined();
    expect(findSupportingDiagnosis(prostateCancer, [diagnosis('N40.x00')])).toBeUndefined();
    const sepsis = compileIndication(criteriaForTerms(findDiseaseTerms('败血症').map((h) => h.term)));
    expect(findSupportingDiagnosis(sepsis, [{ code: 'ZZZ', name: '金黄色葡萄球菌性脓毒症' }])).toBeDefined();
  });
});
