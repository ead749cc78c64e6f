import { arabicNumerals } from '../../parse/text';
import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';

/**
 * The short values of the 医用耗材 rules, as the consumable templates and the local rules
 * template's 限定值 write them: a quantity limit with what it is counted over ("每日2支",
 * "每次住院1根", "2支/日") and the 诊疗项目 a consumable goes with ("001204000060000;静脉输液").
 * Readers return params or a Chinese reason naming what was written; nothing is guessed (a limit
 * without 每次/每日/每次住院 is refused rather than read as per day).
 */

export type ValueReading = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };
const ok = (value: Record<string, unknown>): ValueReading => ({ ok: true, value });
const no = (reason: string): ValueReading => ({ ok: false, reason });

type Per = 'line' | 'day' | 'visit';

/** Period words, the stay first: 每次住院 also contains 每次. */
const PERIODS: readonly [Per, RegExp][] = [
  ['visit', /每次住院|单次住院|本次住院|每住院|住院期间|每次就诊|单次就诊|本次就诊|每就诊|\/(?:住院|就诊)$/],
  ['day', /每日|每天|日限|每24小时|\/(?:日|天|d)$/i],
  ['line', /每次|单次|每条医嘱|每条|\/次$/],
];

const FILLER = /不超过|不得超过|最多|限收|限用|限|以内|以下|≤|<=|:|：/g;

/** "每日2支" → { max: 2, unit: '支', per: 'day' }. */
export function consumableQuantityValue(text: string): ValueReading {
  const t = arabicNumerals(text.normalize('NFKC')).replace(/\s+/g, '');
  if (!t) return no('耗材数量上限为空');
  const found = PERIODS.find(([, pattern]) => pattern.test(t));
  if (!found) return no(`耗材数量上限“${text}”没有写明计数范围：请写 每次、每日 或 每次住院，如 每日2支`);
  const [per, pattern] = found;
  const rest = t.replace(pattern, '').replace(FILLER, '');
  const m = /^(\d+(?:\.\d+)?)([\p{Script=Han}a-zA-Z]{0,4})$/u.exec(rest);
  if (!m) return no(`耗材数量上限“${text}”应写数量和单位，如 每日2支、每次住院1根`);
  const max = Number(m[1]);
  if (!(max > 0)) return no(`耗材数量上限“${text}”应大于 0`);
  return ok({ max, ...(m[2] ? { unit: m[2] } : {}), per });
}

const ITEM_CODE = /^\d{15}$/;
const SAME_DAY = /^(同日|当日|同一天|同天)$/;
const SAME_VISIT = /^(同次就诊|同次住院|本次住院|住院期间|本次就诊|同一住院)$/;

/** 同日 → day, 同次就诊 / 住院期间 → visit; undefined for anything else. */
export function withinOf(word: string): 'day' | 'visit' | undefined {
  const w = word.normalize('NFKC').trim();
  return SAME_DAY.test(w) ? 'day' : SAME_VISIT.test(w) ? 'visit' : undefined;
}

/** "001204000060000;001204000070000;静脉输液" → items, the label, and 同日 (default) or 同次就诊. */
export function consumableItemValue(text: string): ValueReading {
  const items: string[] = [];
  const words: string[] = [];
  let within: 'day' | 'visit' = 'day';
  for (const token of splitCodes(text.normalize('NFKC'))) {
    const problem = numericCodeProblem(token);
    if (problem) return no(problem);
    if (lostLeadingZeros(token)) return no(`项目编码“${token}”只有 ${token.length} 位数字，像是 15 位项目编码丢了前导零；请把编码列设为文本后重新填写`);
    if (ITEM_CODE.test(token)) items.push(token);
    else if (withinOf(token)) within = withinOf(token)!;
    else if (/^[A-Z]\w{9,}$/i.test(token)) return no(`“${token}”不是 15 位医疗服务项目编码（配套的应是诊疗项目，不是药品或耗材）`);
    else words.push(token);
  }
  if (items.length === 0) return no(`没有 15 位医疗服务项目编码：“${text}”`);
  return ok({ items: [...new Set(items)], ...(words.length ? { itemLabel: words.join('、') } : {}), within });
}

/** A national 医用耗材 code: C and 19 more characters (分类至特征) or 26 (the full 27-character code). */
export const CONSUMABLE_CODE = /^C[0-9A-Z]{19}(?:[0-9A-Z]{7})?$/;
