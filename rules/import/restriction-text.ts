import type { InsuranceType } from '../../contract/order';
import type { Rule } from '../pack/schema';
import type { DiseaseTerm } from '../data/disease-terms';
import { criteriaForTerms, findDiseaseTerms } from '../indication/terms';
import { categoriesNamed } from '../indication/categories';
import { normalizeRestrictionText, splitClauses, splitSentences } from './restriction/normalize';
import { DEPARTMENT_WORDS, extractFacts, type Fact } from './restriction/extract';
import { readClause, stripEnds } from './restriction/clause';
import { memoizeFrozen, sharedByKey } from './frozen-memo';
import { stableStringify } from './stable-json';

/**
 * Turns a 限定支付范围 / 说明 text ("限成人社区获得性肺炎。", "限二级及以上医疗机构", "支付不超过14天")
 * into typed rule parts. What is not understood is returned in `unparsed`, never dropped.
 */
export type RuleDraft = Pick<Rule, 'kind' | 'params'>;

export interface ParsedRestriction {
  /** One draft per restriction the text expresses (indication, visit-type, institution-level, course, age …). */
  drafts: RuleDraft[];
  /** Fragments of the text that became no rule field, with the reason. */
  unparsed: { fragment: string; reason: string }[];
  /** Fragments that did become rule fields but by a weaker route than the curated table: worth a look. */
  notes?: { fragment: string; note: string }[];
}

interface SentenceReading {
  facts: Fact[];
  orInsurance: InsuranceType[];
  terms: DiseaseTerm[];
  /** How the text wrote each of `terms`. */
  words: string[];
  unknownDiseases: string[];
  condition: string | undefined;
  unparsed: { fragment: string; reason: string }[];
}

// Sentences that explain rather than restrict (尚未确定本品在0-6岁儿童中的安全性, 需按说明书用药).
const EXPLANATORY = /^(?:尚未|需按说明书|按说明书|以改善|以降低|以减少|可作为|可与|本品|通过$)/;
// 首次处方 clauses describe who writes the first prescription, not where the drug is paid.
const FIRST_PRESCRIPTION = /首次处方/;
const DEPARTMENT_ONLY = new RegExp(`^(?:${DEPARTMENT_WORDS})(?:专)?科?$`);
// "1.…；2.…": numbered items are alternatives; plain sentences after a disease add conditions to it
// ("限肝硬化…的患者。需经营养风险筛查…"), so only numbered texts bind conditions to their own item.
const NUMBERED_ALTERNATIVES = /(?:^|[：:；;。\s])[1１][.．、][^]*[；;。\s][2２][.．、]/;
// The 疾病限制 column of the catalogue writes its keywords as a regex alternation: "(脑卒中|脑梗死)".
const ALTERNATION = /^\(([^()]+)\)$/;

/**
 * Files repeat their texts (every form of a drug, "限二线用药。" for twenty drugs, one 疾病限制 for
 * many catalogue rows) and reading a text is most of an import's time, so readings are kept by text.
 * A 100,000-row file has tens of thousands of distinct texts: a smaller bound would be reached
 * (and the memo emptied) part-way through one file, and the texts after read again.
 */
export const parseRestrictionText: (text: string) => ParsedRestriction = memoizeFrozen((text) => withSharedDrafts(readRestrictionText(text)), 50_000);

/**
 * Different texts often come out alike (限成人社区获得性肺炎 and 限住院患者的社区获得性肺炎 both give the
 * same indication): equal drafts become one object, as the rules made from them then group,
 * check and bucket by params object. Equal means equal params text, as rules are grouped by.
 */
const sharedDraft = sharedByKey<RuleDraft>(5_000);

function withSharedDrafts(parsed: ParsedRestriction): ParsedRestriction {
  // Written out without paramsKey: most drafts here give way to an earlier twin, and remembering
  // their text would only fill paramsKey's table.
  parsed.drafts = parsed.drafts.map((d) => sharedDraft(`${d.kind}\u0000${stableStringify(d.params)}`, d));
  return parsed;
}

function readRestrictionText(text: string): ParsedRestriction {
  const source = normalizeRestrictionText(text);
  if (source === '') return { drafts: [], unparsed: [] };
  const alternation = source.match(ALTERNATION);
  if (alternation) return readAlternation(alternation[1]!.split('|').map((a) => a.trim()).filter(Boolean));
  return assemble(splitSentences(source).map(readSentence), NUMBERED_ALTERNATIVES.test(source));
}

const LEADING_LIMIT = ['限', '：', ':'];

function readSentence(sentence: string): SentenceReading {
  const reading: SentenceReading = { facts: [], orInsurance: [], terms: [], words: [], unknownDiseases: [], condition: undefined, unparsed: [] };
  const conditions: string[] = [];
  for (const clause of splitClauses(sentence)) {
    const bare = stripEnds(clause, LEADING_LIMIT);
    if (EXPLANATORY.test(bare)) {
      reading.unparsed.push({ fragment: clause, reason: '说明性文字，不是支付条件' });
      continue;
    }
    if (FIRST_PRESCRIPTION.test(clause)) {
      conditions.push(bare);
      continue;
    }
    const extraction = extractFacts(clause);
    reading.facts.push(...extraction.facts);
    reading.orInsurance.push(...extraction.orInsurance);
    reading.unparsed.push(...extraction.unparsed);
    const clauseReading = readClause(extraction.rest);
    reading.terms.push(...clauseReading.terms);
    reading.words.push(...clauseReading.words);
    reading.unknownDiseases.push(...clauseReading.unknownDiseases);
    if (clauseReading.condition) conditions.push(clauseReading.condition);
  }
  if (conditions.length > 0) reading.condition = conditions.join('，');
  return reading;
}

const hasDisease = (r: SentenceReading) => r.terms.length + r.unknownDiseases.length > 0;
const sameParams = (a: RuleDraft, b: RuleDraft) => JSON.stringify(a.params) === JSON.stringify(b.params);

function assemble(readings: SentenceReading[], numbered: boolean): ParsedRestriction {
  const unparsed = readings.flatMap((r) => r.unparsed);
  const notes: { fragment: string; note: string }[] = [];
  const drafts: RuleDraft[] = [];

  const indication = indicationDraft(
    readings.flatMap((r) => r.terms),
    readings.flatMap((r) => r.words),
    readings.flatMap((r) => r.unknownDiseases),
    readings.map((r) => r.condition).filter((c): c is string => c !== undefined),
    notes,
  );
  const scopes = numbered ? conditionScopes(readings) : undefined;
  if (indication && scopes) Object.assign(indication.params, { conditionScopes: scopes });
  const orInsurance = [...new Set(readings.flatMap((r) => r.orInsurance))];
  if (indication) {
    if (orInsurance.length > 0) Object.assign(indication.params, { orInsuranceTypes: orInsurance });
    drafts.push(indication);
  } else if (orInsurance.length > 0) {
    drafts.push({ kind: 'insurance-type', params: { allowed: orInsurance } });
  }

  const kinds = [...new Set(readings.flatMap((r) => r.facts.map((f) => f.draft.kind)))];
  for (const kind of kinds) {
    const placed = readings.flatMap((r) => r.facts.filter((f) => f.draft.kind === kind).map((fact) => ({ fact, reading: r })));
    const first = placed[0]!.fact;
    if (kind === 'department') {
      const keywords = [...new Set(placed.flatMap(({ fact }) => (fact.draft.params as { keywords: string[] }).keywords))];
      drafts.push({ kind, params: { keywords } });
      continue;
    }
    const differing = placed.filter(({ fact }) => fact !== first && !sameParams(fact.draft, first.draft));
    if (differing.length > 0) {
      unparsed.push({ fragment: placed.map(({ fact }) => fact.fragment).join('；'), reason: '同一限制出现不同取值，未生成规则' });
      continue;
    }
    if (first.population && !appliesToAll(placed.map(({ reading }) => reading), readings)) {
      unparsed.push({ fragment: first.fragment, reason: '只适用于部分适应症，未拆成独立规则' });
      continue;
    }
    drafts.push(first.draft);
  }
  const result: ParsedRestriction = { drafts, unparsed };
  if (notes.length > 0) result.notes = notes;
  return result;
}

/**
 * In a text of numbered alternatives ("1.反流性食管炎；2.与抗生素联用根除幽门螺杆菌"), each condition
 * is bound to the diseases of its own sentence, so a diagnosis of one alternative is not asked the
 * conditions of another. One sentence alone needs no scopes: its conditions bind every disease.
 */
function conditionScopes(readings: SentenceReading[]) {
  const alternatives = readings.filter((r) => hasDisease(r) || r.condition !== undefined);
  if (alternatives.length < 2 || !alternatives.some((r) => r.condition !== undefined)) return undefined;
  return alternatives
    .filter((r): r is SentenceReading & { condition: string } => r.condition !== undefined)
    .map((r) => {
      const criteria = criteriaForTerms(r.terms);
      const keywords = [...new Set([...criteria.keywords, ...r.unknownDiseases])];
      return { condition: r.condition, ...criteria, keywords };
    });
}

/**
 * A population limit (age, sex, visit type) stated inside one alternative of a list binds only
 * that alternative. It is a rule of its own when it is stated apart from any disease, or when
 * every alternative that names a disease states it.
 */
function appliesToAll(stating: SentenceReading[], all: SentenceReading[]): boolean {
  if (stating.some((r) => !hasDisease(r))) return true;
  return all.filter(hasDisease).every((r) => stating.includes(r));
}

function indicationDraft(
  terms: DiseaseTerm[],
  words: string[],
  unknownDiseases: string[],
  conditions: string[],
  notes: { fragment: string; note: string }[],
): RuleDraft | undefined {
  const criteria = criteriaForTerms(terms);
  for (const word of new Set(unknownDiseases)) addUnknownDisease(criteria, word, notes);
  const uniqueConditions = [...new Set(conditions)];
  const total = criteria.icdPrefixes.length + criteria.icdRanges.length + criteria.keywords.length + uniqueConditions.length;
  if (total === 0) return undefined;
  const label = diseaseLabel(terms, words, unknownDiseases);
  return { kind: 'indication', params: { ...criteria, conditions: uniqueConditions, ...(label ? { label } : {}) } };
}

/** The diseases as the text named them, once per table entry, for messages: "肝硬化、重症肝炎、肝昏迷". */
function diseaseLabel(terms: DiseaseTerm[], words: string[], unknownDiseases: string[]): string {
  const byTerm = new Map<DiseaseTerm, string>();
  terms.forEach((term, i) => {
    if (!byTerm.has(term)) byTerm.set(term, words[i] ?? term.words[0]!);
  });
  const names = [...new Set([...byTerm.values(), ...unknownDiseases])];
  return names.slice(0, 3).join('、') + (names.length > 3 ? '等' : '');
}

/** A disease word the table lacks: placed by an exact ICD category name when there is one, else by name only. */
function addUnknownDisease(
  criteria: ReturnType<typeof criteriaForTerms>,
  word: string,
  notes: { fragment: string; note: string }[],
): void {
  const codes = categoriesNamed(word);
  if (!criteria.keywords.some((k) => word.includes(k))) criteria.keywords.push(word);
  for (const code of codes) if (!criteria.icdPrefixes.includes(code)) criteria.icdPrefixes.push(code);
  notes.push({
    fragment: word,
    note: codes.length > 0 ? `疾病术语表未收录，按ICD类目名称对应到 ${codes.join('、')}` : '疾病术语表未收录，仅按诊断名称关键词匹配',
  });
}

function readAlternation(alternatives: string[]): ParsedRestriction {
  const isDepartment = (a: string) => DEPARTMENT_ONLY.test(a) && findDiseaseTerms(a).length === 0;
  if (alternatives.every(isDepartment)) {
    return { drafts: [{ kind: 'department', params: { keywords: alternatives.map((a) => a.replace(/专?科$/, '')) } }], unparsed: [] };
  }
  const terms: DiseaseTerm[] = [];
  const words: string[] = [];
  const unknown: string[] = [];
  for (const alternative of alternatives) {
    const hits = findDiseaseTerms(alternative);
    terms.push(...hits.map((h) => h.term));
    words.push(...hits.map((h) => h.word));
    if (hits.length === 0) unknown.push(alternative);
  }
  const notes: { fragment: string; note: string }[] = [];
  const draft = indicationDraft(terms, words, unknown, [], notes)!;
  // The alternatives are the catalogue's own name keywords: keep every one of them.
  const params = draft.params as { keywords: string[] };
  for (const alternative of alternatives) {
    if (!params.keywords.some((k) => alternative.includes(k))) params.keywords.push(alternative);
  }
  const result: ParsedRestriction = { drafts: [draft], unparsed: [] };
  if (notes.length > 0) result.notes = notes;
  return result;
}
