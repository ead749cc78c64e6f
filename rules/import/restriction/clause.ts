import type { DiseaseTerm } from '../../data/disease-terms';
import { findDiseaseTerms, type TermHit } from '../../indication/terms';
import { BLANK } from './extract';
import { dropLatinBrackets } from './normalize';

/**
 * The disease part of one clause: the table's disease words, disease-looking words the table does
 * not know, and whether anything else is left that the doctor has to confirm (既往治疗失败,
 * 轻、中度, 发病12小时内, BMI≥25 …).
 */
export interface ClauseReading {
  readonly terms: DiseaseTerm[];
  /** The words the text used for them, in the same order. */
  readonly words: string[];
  readonly unknownDiseases: string[];
  /** The clause as the doctor should confirm it, or undefined when the codes say it all. */
  readonly condition: string | undefined;
}

// A disease word right after 非 is negated (非透析), after 既往 it is treatment history (既往化疗失败);
// right before these it is a risk, a moment or an outcome, not a diagnosis (出血高危, 出血时使用).
const NEGATION_BEFORE = /(?:非|既往[对经]?)$/;
const NOT_A_DIAGNOSIS_AFTER = /^(?:高危|风险|倾向|史|时|失败|无效|不耐受|治疗失败|治疗无效)/;

// Words that carry no restriction of their own once the disease words are gone. Longest first.
const FILLERS = [
  '方予支付', '方可支付', '临床确诊', '诊断证据', '所引起的', '引起的', '所致的', '导致的', '相关的', '适用于', '用于治疗',
  '患者', '病人', '人群', '限于', '仅限', '以及', '或者', '伴有', '合并', '具有', '明确', '确诊', '诊断', '证据', '所致',
  '引起', '导致', '相关', '治疗', '使用', '用药', '包括', '用于', '其他', '支付', '继发于', '本品',
  '限', '者', '的', '之', '和', '或', '及', '与', '、', '并', '且', '伴', '有', '因', '由', '如', '等', '中', '在', '对',
  '经', '为', '其', '可', '所', '后', '"', "'", '-', '/', ' ',
].sort((a, b) => b.length - a.length);
// Qualifiers that the ICD codes already cover or that no payment rule distinguishes.
const QUALIFIERS = [
  '急性发作', '非家族性', '杂合子型', '纯合子型', '亚急性', '原发性', '特发性', '继发性', '免疫性', '先天性', '获得性',
  '遗传性', '家族性', '活动性', '复发性', '症状性', '血栓性', '缺血性', '绝经后', '杂合子', '纯合子', '急性', '慢性', '原发',
  '良性', '术后', '假性', '发作', '各种', '长期', '成年', '成人', '儿童', '青少年', '女性', '男性',
];
const STRIPPABLE = [...FILLERS, ...QUALIFIERS].sort((a, b) => b.length - a.length);

const EDGE_PUNCTUATION = /^[\s,.;:()]+|[\s,.;:()]+$/g;
// In a condition shown to the doctor, brackets are content ("(WHO第1组)"); only separators go.
const EDGE_SEPARATORS = /^[\s,.;:]+|[\s,.;:]+$/g;
// Verbs and purposes: a phrase starting with one is a condition, whatever it ends with.
const ACTION_START = /^(?:降低|预防|抢救|治疗|用于|接受|正在|未接受|伴有|伴|计划|择期|需|经)/;

const DISEASE_ENDING = /(?:病|症|炎|癌|瘤|综合征|综合症|血症|衰竭|不全|缺乏|障碍|中毒|结石|溃疡|增生|感染|梗死|梗塞|狭窄|硬化|水肿|积液|贫血|高压|出血|损伤|畸形|闭塞|阻塞|疹)$/;
const CJK = /[\u4e00-\u9fff]/g;

/**
 * The first and last code units of a word list's words. A text that starts with none of the
 * first ones and ends with none of the last ones has no word to strip, which most pieces show
 * after a word or two: the list is not gone through once more just to find that.
 */
interface WordEnds {
  firsts: ReadonlySet<number>;
  lasts: ReadonlySet<number>;
}
const wordEnds = new WeakMap<readonly string[], WordEnds | null>();

function endsOf(words: readonly string[]): WordEnds | null {
  let ends = wordEnds.get(words);
  if (ends === undefined) {
    // An empty word is at both ends of every text: no shortcut for such a list.
    ends = words.some((w) => w === '') ? null : { firsts: new Set(words.map((w) => w.charCodeAt(0))), lasts: new Set(words.map((w) => w.charCodeAt(w.length - 1))) };
    wordEnds.set(words, ends);
  }
  return ends;
}

/** Removes filler and qualifier words (longest first) from both ends until none is left there. */
export function stripEnds(text: string, words: readonly string[] = STRIPPABLE, edge = EDGE_PUNCTUATION): string {
  const ends = endsOf(words);
  let s = text.replace(edge, '');
  for (let changed = true; changed && s !== ''; ) {
    changed = false;
    if (ends && !ends.firsts.has(s.charCodeAt(0)) && !ends.lasts.has(s.charCodeAt(s.length - 1))) break;
    for (const w of words) {
      if (s.startsWith(w)) s = s.slice(w.length);
      else if (s.endsWith(w)) s = s.slice(0, s.length - w.length);
      else continue;
      s = s.replace(edge, '');
      changed = true;
      break;
    }
  }
  return s;
}

function meaningful(fragment: string): boolean {
  return (fragment.match(CJK)?.length ?? 0) >= 2 || /[≥≤<>%]/.test(fragment);
}

function keptHits(text: string): TermHit[] {
  return findDiseaseTerms(text).filter(
    (h) => !NEGATION_BEFORE.test(text.slice(0, h.start)) && !NOT_A_DIAGNOSIS_AFTER.test(text.slice(h.end)),
  );
}

/** `rest` is the clause with the non-disease phrases blanked out by extractFacts. */
export function readClause(rest: string): ClauseReading {
  const text = dropLatinBrackets(rest);
  const hits = keptHits(text);
  const pieces: string[] = [];
  let at = 0;
  for (const hit of hits) {
    pieces.push(text.slice(at, hit.start));
    at = hit.end;
  }
  pieces.push(text.slice(at));

  const unknownDiseases: string[] = [];
  let leftover = false;
  for (const piece of pieces.flatMap((p) => p.split(BLANK))) {
    const withoutFillers = stripEnds(piece, FILLERS);
    const core = stripEnds(withoutFillers);
    // Nothing but qualifiers (特发性或先天性): the codes already cover it.
    if (core === '') continue;
    if (isUnknownDisease(core)) unknownDiseases.push(core);
    else if (meaningful(withoutFillers)) leftover = true;
  }
  return {
    terms: hits.map((h) => h.term),
    words: hits.map((h) => h.word),
    unknownDiseases,
    condition: leftover ? conditionText(text) : undefined,
  };
}

/** A short disease-looking word that the table has no entry for (a negated table word is not one). */
function isUnknownDisease(core: string): boolean {
  if (!DISEASE_ENDING.test(core) || ACTION_START.test(core) || /[、,或和及]/.test(core)) return false;
  const chars = Array.from(core);
  if (chars.length < 3 || chars.length > 14) return false;
  if (/[≥≤<>%\d]/.test(core)) return false;
  return findDiseaseTerms(core).length === 0;
}

/** The clause as written, without the cut-out phrases and the leading 限 / trailing 患者. */
function conditionText(text: string): string {
  const joined = text
    .split(BLANK)
    .join('')
    .replace(/\s+/g, ' ')
    // A cut-out age phrase leaves its connectors behind: "不佳的和慢性…" → "不佳的慢性…".
    .replace(/的(?:和|及|、|或)+/g, '的');
  return stripEnds(joined, CONDITION_TRIM, EDGE_SEPARATORS);
}

const CONDITION_TRIM = ['方予支付', '方可支付', '适用于', '使用', '患者', '病人', '限', '的', '者', '和', '或', '及', '、', '等', '且', '并'].sort(
  (a, b) => b.length - a.length,
);
