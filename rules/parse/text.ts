/**
 * Text as HIS pages write it mixes full-width digits and letters (０．２５ｇ), both micro signs
 * and several multiplication marks; parsers work on one canonical spelling.
 */
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

export function toHalfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/\u3000/g, ' ')
    .replace(/\u00B5/g, '\u03BC'); // MICRO SIGN → GREEK SMALL LETTER MU, so "µg" and "μg" are one unit
}

const DIGIT: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** "三" → 3, "十二" → 12, "二十四" → 24; undefined for anything else. */
function chineseNumber(run: string): number | undefined {
  const ten = run.indexOf('十');
  if (ten === -1) {
    if (run.length !== 1) return undefined;
    return DIGIT[run];
  }
  if (run.indexOf('十', ten + 1) !== -1) return undefined;
  const tens = ten === 0 ? 1 : ten === 1 ? DIGIT[run[0]!] : undefined;
  const onesText = run.slice(ten + 1);
  const ones = onesText === '' ? 0 : onesText.length === 1 ? DIGIT[onesText] : undefined;
  if (tens === undefined || ones === undefined) return undefined;
  return tens * 10 + ones;
}

/** Replaces Chinese numerals up to 99 with Arabic digits ("每日三次" → "每日3次"). */
export function arabicNumerals(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十]+/g, (run) => {
    const n = chineseNumber(run);
    return n === undefined ? run : String(n);
  });
}
