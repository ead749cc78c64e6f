import type { Reading } from './local-values';

/**
 * A 饮片's largest dose per 剂 as a hospital writes it — the 中药饮片最大剂量表's 每剂最大剂量 column
 * and the local rules template's 限定值 of 中药饮片超量 read it alike.
 */

export type HerbDose = { maxGrams: number; minGrams?: number };

/** A weight in grams: "3", "3g", "3克", "0.5 g", "300mg". */
function grams(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(g|克|mg|毫克)?$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (!(value > 0)) return undefined;
  return /^(mg|毫克)$/i.test(m[2] ?? '') ? value / 1000 : value;
}

/**
 * "3g" (the maximum) or "1～3g", "1-3g", "1至3克" (the 药典's range; the maximum is its upper end).
 * Shared by the list's 每剂最大剂量 column and the local rules template's 限定值.
 */
export function herbDoseValue(raw: string): Reading<HerbDose> {
  const v = raw.normalize('NFKC').replace(/\s+/g, '').replace(/^(?:每剂|一剂)?(?:最大|最多|不超过)?(?:剂量|用量)?[:：]?/, '').replace(/[/／]剂$/, '');
  const range = /^(.+?)(?:~|～|〜|-|—|–|至|到)(.+)$/.exec(v);
  if (range) {
    const unit = /(g|克|mg|毫克)$/i.exec(range[2]!)?.[1] ?? '';
    const low = grams(/(g|克|mg|毫克)$/i.test(range[1]!) ? range[1]! : `${range[1]}${unit}`);
    const high = grams(range[2]!);
    if (low !== undefined && high !== undefined && low <= high) return { ok: true, value: { maxGrams: high, minGrams: low } };
  } else {
    const max = grams(v);
    if (max !== undefined) return { ok: true, value: { maxGrams: max } };
  }
  return { ok: false, reason: `每剂最大剂量“${raw}”应为克数或药典用量范围，如 3g、1～3g（饮片只按克核对）` };
}
