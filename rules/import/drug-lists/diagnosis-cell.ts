import { ICD_CATEGORIES } from '../../data/icd-categories';
import { compactIcd } from '../../indication/icd-code';
import { splitCodes } from '../codes';
import { icdTokens } from '../local-values-order';
import type { DrugRow } from './row';

/**
 * A list's diagnosis column (禁忌诊断编码, 适应诊断编码): ICD-10 codes, categories and ranges, a code
 * covering its extensions. Anything that is not one (a disease name in the code column) is refused
 * rather than dropped: the row would look checked while part of it is not.
 */

export interface DiagnosisCell {
  icdRanges: { from: string; to: string }[];
  icdPrefixes: string[];
  /** "E10-E14;O24", as the rule's text shows them. */
  codesText: string;
  /** The first code or range start: rule ids follow it. */
  first: string;
}

export function readDiagnosisCell<C extends string>(row: DrugRow<C>, column: C, header: string, nameHeader: string): DiagnosisCell | undefined {
  const cell = row.cell(column);
  const { icdRanges, icdPrefixes, rest } = icdTokens(splitCodes(cell.normalize('NFKC')));
  if (!cell) row.reasons.push(`${header}为空`);
  for (const word of rest) row.reasons.push(`“${word}”不是 ICD-10 编码或范围；疾病名称请写在“${nameHeader}”列`);
  for (const r of icdRanges) if (compactIcd(r.from) > compactIcd(r.to)) row.reasons.push(`ICD-10 范围“${r.from}-${r.to}”起点大于终点`);
  if (icdRanges.length + icdPrefixes.length === 0 || row.reasons.length > 0) return undefined;
  const codesText = [...icdRanges.map((r) => `${r.from}-${r.to}`), ...icdPrefixes].join(';');
  return { icdRanges, icdPrefixes, codesText, first: icdRanges[0]?.from ?? icdPrefixes[0]! };
}

let namesByCategory: Map<string, string> | undefined;
function categoryName(category: string): string | undefined {
  if (!namesByCategory) {
    namesByCategory = new Map();
    // The first name a category is known by (the classification's own title comes first).
    for (const [code, name] of ICD_CATEGORIES) if (!namesByCategory.has(code)) namesByCategory.set(code, name);
  }
  return namesByCategory.get(category);
}

const NAMES_IN_LABEL = 3;

/**
 * The diagnoses named from the ICD-10 categories the repository ships (rules/data/icd-categories.ts)
 * when the list leaves the name column empty: "1型糖尿病、2型糖尿病、营养不良相关性糖尿病等". Only whole
 * three-character categories are named (a subcode's name is not its category's); the rest keep
 * their codes, so the message never names a disease the codes do not mean.
 */
export function namesOfCodes(cell: DiagnosisCell): string {
  const parts: string[] = [];
  const categoryOf = (code: string) => (/^[A-Z]\d{2}$/.test(compactIcd(code)) ? compactIcd(code) : undefined);
  for (const r of cell.icdRanges) {
    const from = categoryOf(r.from);
    const to = categoryOf(r.to);
    const named: string[] = [];
    if (from && to && from[0] === to[0]) {
      for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) {
        const name = categoryName(`${from[0]}${String(n).padStart(2, '0')}`);
        if (name && !named.includes(name)) named.push(name);
      }
    }
    parts.push(...(named.length > 0 ? named : [`${r.from}-${r.to}`]));
  }
  for (const code of cell.icdPrefixes) {
    const category = categoryOf(code);
    parts.push((category && categoryName(category)) || code);
  }
  const distinct = [...new Set(parts)];
  return distinct.slice(0, NAMES_IN_LABEL).join('、') + (distinct.length > NAMES_IN_LABEL ? '等' : '');
}
