import type { InsuranceType, VisitType } from '../../../contract/order';
import { findDiseaseTerms } from '../../indication/terms';
import type { RuleDraft } from '../restriction-text';
import { readAge } from './age-phrase';
import { matchesIn } from './matches';

/**
 * Restrictions other than the disease itself, found by fixed patterns in one clause: where
 * (institution level, visit type, department), who (age, sex, insurance), how long (course),
 * second-line use. Each match is cut out of the clause so the disease analysis never sees it.
 */
export interface Fact {
  readonly draft: RuleDraft;
  /** The words the fact was read from, for reports. */
  readonly fragment: string;
  /** Population facts (age, sex, visit type) may belong to one alternative of a list only. */
  readonly population: boolean;
}

export interface ClauseExtraction {
  readonly facts: Fact[];
  /** Insurance types the text pays "或" instead of the indication (限子宫肌瘤患者或生育保险). */
  readonly orInsurance: InsuranceType[];
  readonly unparsed: { fragment: string; reason: string }[];
  /** The clause with every extracted phrase blanked out (same length, blanks are '\u0000'). */
  readonly rest: string;
}

export const BLANK = '\u0000';
const DISEASE_MASK = '\u0001';

interface Pattern {
  /** Global; used only through `matchesIn`. */
  readonly re: RegExp;
  /** Words every match contains, when the pattern has no fixed start to look for (a quick test first). */
  readonly needs?: RegExp;
  readonly read: (m: RegExpExecArray, out: Outcomes) => void;
  /** Population words (女性, 新生儿) inside a disease name (新生儿败血症) are part of the disease. */
  readonly outsideDiseases?: boolean;
}

interface Outcomes {
  facts: Fact[];
  orInsurance: InsuranceType[];
  unparsed: { fragment: string; reason: string }[];
}

const LEVEL: Record<string, 1 | 2 | 3> = { 一: 1, 二: 2, 三: 3, '1': 1, '2': 2, '3': 3 };
const DAYS_PER: Record<string, number> = { 天: 1, 日: 1, 周: 7, 个月: 30, 月: 30 };
export const DEPARTMENT_WORDS =
  '急诊|营养|精神|心理|肿瘤|血液|感染|儿|妇产|产|眼|皮肤|呼吸|心血管|心内|神经|内分泌|风湿免疫|风湿|肾内|消化|麻醉|疼痛|康复|重症医学|ICU';

const global = (fragment: string, draft: RuleDraft): Fact => ({ draft, fragment, population: false });
const population = (fragment: string, draft: RuleDraft): Fact => ({ draft, fragment, population: true });

// Order matters: a phrase taken by an earlier pattern is not seen by later ones.
const PATTERNS: readonly Pattern[] = [
  {
    // A daily dose ceiling is a quantity rule on the dose, which a text cannot give a unit price for.
    re: /(?:[\u4e00-\u9fff]{1,4}总量)?每[日天次][^,;。]{0,12}?不(?:得|宜)?超过\s*\d+(?:\.\d+)?\s*(?:g|mg|μg|ug|ml|mL|克|毫克|微克|毫升|IU|万?单位|支|片|粒|瓶)/g,
    read: (m, out) => out.unparsed.push({ fragment: m[0], reason: '剂量上限未转换为规则，请按数量规则另行配置' }),
  },
  {
    re: /(?:单次|每次)?(?:住院)?(?:支付|使用|用药|疗程|给药)[^,;。]{0,6}?不(?:得)?超过\s*(\d+)\s*(个月|天|日|周|月)/g,
    read: (m, out) => out.facts.push(global(m[0], { kind: 'course', params: { maxDays: Number(m[1]) * DAYS_PER[m[2]!]! } })),
  },
  {
    re: /([一二三123])级(?:及|或)?以上(?:的)?(?:定点)?(?:医疗机构|医院)?/g,
    read: (m, out) => out.facts.push(global(m[0], { kind: 'institution-level', params: { minLevel: LEVEL[m[1]!]! } })),
  },
  {
    re: /([一二三])级(?:定点)?(?:医疗机构|医院)|三甲(?:医院)?/g,
    read: (m, out) => out.facts.push(global(m[0], { kind: 'institution-level', params: { minLevel: m[1] ? LEVEL[m[1]]! : 3 } })),
  },
  {
    re: /(门诊|急诊|住院)(?:或|和|及|、)(门诊|急诊|住院)(?:(?:或|和|及|、)(门诊|急诊|住院))?(?:患者|病人)?(?:方予支付|方可支付|使用)?/g,
    read: (m, out) => {
      const allowed = [m[1], m[2], m[3]].filter((v): v is string => v !== undefined).map(visitTypeOf);
      out.facts.push(population(m[0], { kind: 'visit-type', params: { allowed: [...new Set(allowed)] } }));
    },
  },
  {
    re: /住院(?:期间|患者|病人)?(?:方予|方可|才予|方能|可)?(?:支付|使用|报销)?/g,
    read: (m, out) => out.facts.push(population(m[0], { kind: 'visit-type', params: { allowed: ['inpatient'] } })),
  },
  {
    re: /(急诊|门诊)(?:患者|病人)/g,
    read: (m, out) => out.facts.push(population(m[0], { kind: 'visit-type', params: { allowed: [visitTypeOf(m[1]!)] } })),
  },
  {
    re: /(或)?(?:限)?(?:(工伤)(?:保险)?|(生育)保险|限(生育))(?:患者|参保人员?)?/g,
    needs: /工伤|生育/,
    read: (m, out) => {
      const type: InsuranceType = m[2] ? 'work-injury' : 'maternity';
      if (m[1]) out.orInsurance.push(type);
      else out.facts.push(global(m[0], { kind: 'insurance-type', params: { allowed: [type] } }));
    },
  },
  {
    re: /二线(?:用药|治疗|使用|药物)?/g,
    read: (m, out) => out.facts.push(global(m[0], { kind: 'second-line', params: {} })),
  },
  {
    re: new RegExp(`(${DEPARTMENT_WORDS})(?:专)?科(?!学|医师)`, 'g'),
    read: (m, out) => out.facts.push(global(m[0], { kind: 'department', params: { keywords: [m[1]!] } })),
  },
  {
    // "限急诊使用" names the department; 急诊患者 / 急诊或住院 were taken as visit types above.
    re: /限(急诊)(?:使用)?/g,
    read: (m, out) => out.facts.push(global(m[0], { kind: 'department', params: { keywords: [m[1]!] } })),
  },
  {
    re: /(女性|妇女|男性)(?:患者)?/g,
    outsideDiseases: true,
    read: (m, out) => out.facts.push(population(m[0], { kind: 'sex', params: { allowed: m[1] === '男性' ? 'M' : 'F' } })),
  },
];

function visitTypeOf(word: string): VisitType {
  return word === '住院' ? 'inpatient' : word === '急诊' ? 'emergency' : 'outpatient';
}

function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + BLANK.repeat(end - start) + text.slice(end);
}

export function extractFacts(clause: string): ClauseExtraction {
  const out: Outcomes = { facts: [], orInsurance: [], unparsed: [] };
  const diseases = findDiseaseTerms(clause);
  const insideDisease = (start: number, end: number) => diseases.some((d) => start < d.end && end > d.start);
  let rest = clause;
  for (const pattern of PATTERNS) {
    if (pattern.needs && !pattern.needs.test(rest)) continue;
    for (const m of matchesIn(pattern.re, rest)) {
      if (m[0] === '' || m[0].includes(BLANK)) continue;
      if (pattern.outsideDiseases && insideDisease(m.index!, m.index! + m[0].length)) continue;
      pattern.read(m, out);
      rest = blankOut(rest, m.index!, m.index! + m[0].length);
    }
  }
  // Disease names are hidden from the age reader (same length, so spans stay valid).
  const age = readAge(diseases.reduce((text, d) => text.slice(0, d.start) + DISEASE_MASK.repeat(d.end - d.start) + text.slice(d.end), rest));
  const ageWords = age.spans.map(([start, end]) => rest.slice(start, end)).join('');
  if (age.outcome.kind === 'rule') out.facts.push(population(ageWords, { kind: 'age', params: age.outcome.params }));
  if (age.outcome.kind === 'unsupported') out.unparsed.push({ fragment: age.outcome.fragment, reason: age.outcome.reason });
  for (const [start, end] of age.spans) rest = blankOut(rest, start, end);
  return { ...out, rest };
}
