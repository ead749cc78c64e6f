import { DISEASE_TERMS, type DiseaseTerm } from '../data/disease-terms';
import type { IcdRange } from './icd-code';
import type { IndicationCriteria } from './matcher';

/** One disease word found in a restriction text; `start`/`end` index the text as given. */
export interface TermHit {
  readonly start: number;
  readonly end: number;
  readonly word: string;
  readonly term: DiseaseTerm;
}

interface IndexedWord {
  readonly upper: string;
  readonly word: string;
  readonly term: DiseaseTerm;
  /** Latin abbreviations (CKD, NSCLC) must not match inside longer latin runs. */
  readonly latinStart: boolean;
  readonly latinEnd: boolean;
}

const LATIN_OR_DIGIT = /[A-Z0-9]/;
const LATIN_ONLY = /^[A-Za-z0-9\-]+$/;

/** ASCII letters upper-cased, every other character kept, so indices stay aligned with the input. */
export function upperLatin(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function buildIndex(): Map<string, IndexedWord[]> {
  const index = new Map<string, IndexedWord[]>();
  for (const term of DISEASE_TERMS) {
    for (const word of term.words) {
      const upper = upperLatin(word);
      const entry: IndexedWord = {
        upper,
        word,
        term,
        latinStart: LATIN_OR_DIGIT.test(upper[0]!),
        latinEnd: LATIN_OR_DIGIT.test(upper[upper.length - 1]!),
      };
      const bucket = index.get(upper[0]!) ?? [];
      bucket.push(entry);
      index.set(upper[0]!, bucket);
    }
  }
  // Longest first, so 非小细胞肺癌 wins over 小细胞肺癌 and 肺癌.
  for (const bucket of index.values()) bucket.sort((a, b) => b.upper.length - a.upper.length);
  return index;
}

let wordIndex: Map<string, IndexedWord[]> | undefined;

function index(): Map<string, IndexedWord[]> {
  wordIndex ??= buildIndex();
  return wordIndex;
}

/** Left to right, longest match first, no overlaps. */
export function findDiseaseTerms(text: string): TermHit[] {
  const upper = upperLatin(text);
  const hits: TermHit[] = [];
  let i = 0;
  while (i < upper.length) {
    const hit = longestAt(upper, i);
    if (hit) {
      hits.push({ start: i, end: i + hit.upper.length, word: text.slice(i, i + hit.upper.length), term: hit.term });
      i += hit.upper.length;
    } else {
      i += 1;
    }
  }
  return hits;
}

function longestAt(upper: string, at: number): IndexedWord | undefined {
  const bucket = index().get(upper[at]!);
  if (!bucket) return undefined;
  for (const entry of bucket) {
    if (!upper.startsWith(entry.upper, at)) continue;
    if (entry.latinStart && at > 0 && LATIN_OR_DIGIT.test(upper[at - 1]!)) continue;
    const after = upper[at + entry.upper.length];
    if (entry.latinEnd && after !== undefined && LATIN_OR_DIGIT.test(after)) continue;
    return entry;
  }
  return undefined;
}

/** Words that are written abbreviations rather than diagnosis-name words. */
function isAbbreviation(word: string): boolean {
  return LATIN_ONLY.test(word);
}

export type IcdSpec = { prefix: string } | { range: IcdRange };

/** `C00-C97` → a range; anything else → a prefix. */
export function parseIcdSpec(spec: string): IcdSpec {
  const dash = spec.indexOf('-');
  if (dash === -1) return { prefix: spec };
  return { range: { from: spec.slice(0, dash), to: spec.slice(dash + 1) } };
}

/** The union of the codes and name words of the given terms, each listed once. */
export function criteriaForTerms(terms: readonly DiseaseTerm[]): IndicationCriteria {
  const prefixes = new Set<string>();
  const ranges = new Map<string, IcdRange>();
  const keywords = new Set<string>();
  const excludes = new Set<string>();
  for (const term of new Set(terms)) {
    for (const spec of term.icd) {
      const parsed = parseIcdSpec(spec);
      if ('prefix' in parsed) prefixes.add(parsed.prefix);
      else ranges.set(`${parsed.range.from}-${parsed.range.to}`, parsed.range);
    }
    // A phrase listing diseases with 、 ("伴有出血的胃、十二指肠溃疡") is how texts write it, not a
    // diagnosis name; the options form also reads 、 as a separator between keywords.
    for (const word of term.words) if (!isAbbreviation(word) && !word.includes('、')) keywords.add(word);
    for (const word of term.keywords ?? []) keywords.add(word);
    for (const word of term.exclude ?? []) excludes.add(word);
  }
  return {
    icdPrefixes: [...prefixes],
    icdRanges: [...ranges.values()],
    keywords: dropCoveredKeywords([...keywords]),
    excludeKeywords: [...excludes],
  };
}

/** A keyword that contains a shorter keyword adds nothing to a substring test: keep the short one. */
function dropCoveredKeywords(keywords: string[]): string[] {
  return keywords.filter((k) => !keywords.some((other) => other !== k && k.includes(other)));
}
