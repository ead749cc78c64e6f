import { splitCodes } from './codes';
import { ageValue, sexValue } from './restriction-values';

/**
 * 限定值 of the local rules template for the kinds judged over the whole order or the encounter's
 * codes: 诊断与性别不符 ("女;N70-N98;C51-C58"), 诊断与年龄不符 ("10至60岁;O00-O99"), 中药配伍禁忌
 * ("甘草;海藻"), 药品种类超标 (empty: the limit is the pack's setting), 药品禁忌症 ("I50;心力衰竭")
 * and 药品与项目不符 ("001204000060000;静脉输液"). Readers return params or a Chinese reason.
 */

type Reading = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };
const ok = (value: Record<string, unknown>): Reading => ({ ok: true, value });
const no = (reason: string): Reading => ({ ok: false, reason });

const ICD = /^[A-Z]\d{2}(?:\.?[0-9A-Z]+)*$/;
const ICD_RANGE = /^([A-Z]\d{2}[0-9A-Z.]*)[-~～—至]([A-Z]\d{2}[0-9A-Z.]*)$/;

/** ICD tokens into ranges and single codes; anything else is returned as the rest. */
export function icdTokens(tokens: readonly string[]): { icdRanges: { from: string; to: string }[]; icdPrefixes: string[]; rest: string[] } {
  const icdRanges: { from: string; to: string }[] = [];
  const icdPrefixes: string[] = [];
  const rest: string[] = [];
  for (const token of tokens) {
    const upper = token.toUpperCase();
    const range = ICD_RANGE.exec(upper);
    if (range) icdRanges.push({ from: range[1]!, to: range[2]! });
    else if (ICD.test(upper)) icdPrefixes.push(upper);
    else rest.push(token);
  }
  return { icdRanges, icdPrefixes, rest };
}

export function diagnosisSexValue(value: string): Reading {
  const { icdRanges, icdPrefixes, rest } = icdTokens(splitCodes(value.normalize('NFKC')));
  const sex = sexValue(rest.join(''));
  if (!sex.ok) return no(`诊断与性别不符的限定值应写 男 或 女 和 ICD-10 编码，如 女;N70-N98;C51-C58，而不是“${value}”`);
  if (icdRanges.length + icdPrefixes.length === 0) return no('诊断与性别不符需要在限定值中写 ICD-10 编码或编码范围，如 女;N70-N98');
  return ok({ allowed: (sex.draft.params as { allowed: string }).allowed, icdRanges, icdPrefixes });
}

export function diagnosisAgeValue(value: string): Reading {
  const { icdRanges, icdPrefixes, rest } = icdTokens(splitCodes(value.normalize('NFKC')));
  const age = ageValue(rest.join(''));
  const bounds = age.ok ? (age.draft.params as { minYears?: number; maxYears?: number }) : {};
  if (bounds.minYears === undefined && bounds.maxYears === undefined) {
    return no(`诊断与年龄不符的限定值应写年龄范围和 ICD-10 编码，如 10至60岁;O00-O99，而不是“${value}”`);
  }
  if (icdRanges.length + icdPrefixes.length === 0) return no('诊断与年龄不符需要在限定值中写 ICD-10 编码或编码范围，如 18岁及以下;P00-P96');
  const label = [...icdRanges.map((r) => `${r.from}-${r.to}`), ...icdPrefixes].slice(0, 3).join('、');
  return ok({ ...bounds, icdRanges, icdPrefixes, label });
}

/** "甘草;海藻" or "甘草与海藻": one pair of two herbs, each standing for itself. */
export function herbPairValue(value: string): Reading {
  const names = value
    .normalize('NFKC')
    .split(/[;；,，、\s]+|与|和|反|畏/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length !== 2 || names[0] === names[1]) return no(`中药配伍禁忌的限定值应写两味饮片，如 甘草;海藻，而不是“${value}”`);
  const [a, b] = names as [string, string];
  return ok({ group: '配伍禁忌', families: [{ name: a, members: [a] }, { name: b, members: [b] }], pairs: [{ a, b }] });
}

/** "I50;心力衰竭" or "K25-K28;消化性溃疡;慎用": the contraindicated codes, their name, 禁用 unless 慎用. */
export function contraindicationValue(value: string): Reading {
  const { icdRanges, icdPrefixes, rest } = icdTokens(splitCodes(value.normalize('NFKC')));
  if (icdRanges.length + icdPrefixes.length === 0) return no(`药品禁忌症的限定值应写禁忌诊断的 ICD-10 编码或范围和名称，如 I50;心力衰竭，而不是“${value}”`);
  const caution = rest.some((w) => /^慎用$/.test(w));
  const words = rest.filter((w) => !/^(禁用|慎用|禁忌)$/.test(w));
  const label = words.length > 0 ? words.join('、') : [...icdRanges.map((r) => `${r.from}-${r.to}`), ...icdPrefixes].slice(0, 3).join('、');
  return ok({ icdRanges, icdPrefixes, label, level: caution ? 'caution' : 'contraindicated' });
}

const PURPOSE_WORDS: readonly [RegExp, string][] = [
  [/^说明书(适应症|适应证)?$/, 'label'],
  [/^(检验|检查|检验检查)(指征)?$/, 'test'],
  [/^治疗(指征)?$/, 'treatment'],
  [/^(项目)?(适应症|适应证)$/, 'item'],
];

/**
 * "E10-E14;O24;糖尿病;检验检查" (or 说明书 / 治疗 / 项目适应症): the indicated codes, their name and
 * which list the row is of (it decides the wording, so it is not guessed).
 */
export function indicationListValue(value: string): Reading {
  const { icdRanges, icdPrefixes, rest } = icdTokens(splitCodes(value.normalize('NFKC')));
  if (icdRanges.length + icdPrefixes.length === 0) return no(`适应症（指征）的限定值应写适应诊断的 ICD-10 编码或范围、名称和类别，如 E10-E14;糖尿病;检验检查，而不是“${value}”`);
  const purposes = rest.flatMap((w) => PURPOSE_WORDS.filter(([re]) => re.test(w)).map(([, p]) => p));
  if (purposes.length !== 1) return no(`适应症（指征）的限定值须写明一个类别：说明书、检验检查、治疗 或 项目适应症（“${value}”）`);
  const words = rest.filter((w) => !PURPOSE_WORDS.some(([re]) => re.test(w)));
  const label = words.length > 0 ? words.join('、') : [...icdRanges.map((r) => `${r.from}-${r.to}`), ...icdPrefixes].slice(0, 3).join('、');
  return ok({ icdRanges, icdPrefixes, label, purpose: purposes[0] });
}

/** "001204000060000;001204000020000;静脉输液或静脉注射": the item codes, one of which is charged the same day, and their name. */
export function drugItemValue(value: string): Reading {
  const tokens = splitCodes(value.normalize('NFKC'));
  const items = tokens.filter((t) => /^\d{15}$/.test(t));
  const words = tokens.filter((t) => !/^\d+$/.test(t));
  const short = tokens.filter((t) => /^\d+$/.test(t) && !/^\d{15}$/.test(t));
  if (short.length > 0) return no(`诊疗项目编码“${short[0]}”不是 15 位医疗服务项目编码（把此列设为文本，以免丢掉前导零）`);
  if (items.length === 0) return no(`药品与项目不符的限定值应写须同日收取的诊疗项目编码和名称，如 001204000060000;静脉输液，而不是“${value}”`);
  return ok({ items, itemLabel: words.length > 0 ? words.join('、') : items.join('、') });
}

/**
 * "妊娠期禁用;哺乳期慎用", "孕妇禁用", "哺乳期慎用": each period (妊娠期 or 孕妇, 哺乳期) with its
 * 禁用 or 慎用 (妊娠期及哺乳期用药安全). A period without a level, or none at all, is refused.
 */
export function maternityValue(value: string): Reading {
  const params: Record<string, string> = {};
  for (const part of splitCodes(value.normalize('NFKC').replace(/[，,、]/g, ';'))) {
    const period = /妊娠|孕/.test(part) ? 'pregnancy' : /哺乳/.test(part) ? 'lactation' : undefined;
    const level = /禁/.test(part) ? 'contraindicated' : /慎/.test(part) ? 'caution' : undefined;
    if (!period || !level || (/妊娠|孕/.test(part) && /哺乳/.test(part))) return no(`妊娠哺乳期用药的限定值应写 妊娠期禁用、哺乳期慎用 这样的一项或两项，而不是“${value}”`);
    params[period] = level;
  }
  return Object.keys(params).length > 0 ? ok(params) : no('妊娠哺乳期用药的限定值为空：应写 妊娠期禁用 或 哺乳期慎用');
}
