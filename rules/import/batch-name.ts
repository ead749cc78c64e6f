import { baseName } from './import-file';

/**
 * Two-libs batches are named 【第八批-1】项目规则库（限定频次）.xlsx or carry a batch number
 * column (9, 10 …). This turns either into the label shown in 依据 ("第八批-1") and the short
 * slug used in rule ids ("b8-1").
 */

export interface BatchName {
  /** 第一批, 第八批-1 */
  label: string;
  /** b1, b8-1 */
  slug: string;
  /** What the file says it holds, e.g. 药品规则库(限定性别对象); '' when the name has no title. */
  title: string;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 一 … 九十九 (and Arabic digits) → number; undefined for anything else. */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? DIGITS[text] : undefined;
  const tensText = text.slice(0, ten);
  const unitText = text.slice(ten + 1);
  const tens = tensText === '' ? 1 : tensText.length === 1 ? DIGITS[tensText] : undefined;
  const units = unitText === '' ? 0 : unitText.length === 1 ? DIGITS[unitText] : undefined;
  if (tens === undefined || units === undefined) return undefined;
  return tens * 10 + units;
}

export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return NUMERALS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}

/** 9 → { label: 第九批, slug: b9 }. */
export function batchFromNumber(n: number, title = ''): BatchName {
  return { label: `第${chineseNumber(n)}批`, slug: `b${n}`, title };
}

/** The title part of a file name: without folder, extension and the 【…】 batch mark. */
export function fileTitle(path: string): string {
  return baseName(path)
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/^[【\[][^】\]]*[】\]]/, '')
    .trim();
}

/** Reads 第N批 (with an optional -part) from a file name; undefined when the name has none. */
export function batchFromFileName(path: string): BatchName | undefined {
  const match = /第\s*([零〇一二两三四五六七八九十\d]+)\s*批\s*(?:[-－—_]\s*(\d+))?/.exec(baseName(path));
  if (!match) return undefined;
  const n = parseChineseNumber(match[1]!);
  if (n === undefined) return undefined;
  const part = match[2];
  const base = batchFromNumber(n, fileTitle(path));
  return part ? { label: `${base.label}-${part}`, slug: `${base.slug}-${part}`, title: base.title } : base;
}
