import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';
import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { namesOfCodes, readDiagnosisCell } from '../drug-lists/diagnosis-cell';
import { contraindicationSeed, type ContraindicationList, type SeenContraindications } from '../drug-lists/contraindications';
import { overlapping, type SeenIndications } from '../drug-lists/label-indications';
import { seedOf, type DrugRow, type Drugs } from '../drug-lists/row';
import { ITEM_CONTRAINDICATION_BASIS, ITEM_INDICATION_BASIS, type Item, type ItemContraindicationColumn, type ItemIndicationColumn } from './templates';

/**
 * Rows of the 诊疗项目 lists into rules: the items a row names (15-digit 医疗服务项目 codes, code
 * prefixes), then the list's own columns. Every reason of a broken row is listed; none is dropped.
 */

const norm = (cell: string) => cell.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

function itemCodeProblem(code: string, what: string): string | undefined {
  const numeric = numericCodeProblem(code);
  if (numeric) return numeric;
  if (lostLeadingZeros(code)) return `${what}“${code}”只有 ${code.length} 位数字，可能丢了前导零：请把此列设为文本后填写 15 位编码`;
  if (/^[XZT][0-9A-Z]/.test(code)) return `${what}“${code}”是药品编码，不是医疗服务项目编码（药品请用药品清单模板）`;
  if (/^C\d/.test(code)) return `${what}“${code}”是医用耗材编码，不是医疗服务项目编码`;
  return undefined;
}

/** The items of a row's code and prefix columns, or undefined with a reason. */
export function readItems<C extends string>(row: DrugRow<C>, columns: { codes: C & Item; prefixes: C & Item; name: C & Item }): Drugs | undefined {
  const codes = splitCodes(norm(row.cell(columns.codes)));
  const prefixes = splitCodes(norm(row.cell(columns.prefixes)));
  for (const code of codes) {
    const problem = itemCodeProblem(code, '项目医保编码');
    if (problem) row.reasons.push(problem);
    else if (!/^\d{15}$/.test(code)) row.reasons.push(`项目医保编码“${code}”不是 15 位医疗服务项目编码`);
  }
  for (const prefix of prefixes) {
    const problem = itemCodeProblem(prefix, '项目编码前缀');
    if (problem) row.reasons.push(problem);
    else if (!/^\d{9,14}$/.test(prefix)) row.reasons.push(`项目编码前缀“${prefix}”应为 9–14 位数字（更短会匹配一大类项目；15 位请填在“项目医保编码”列）`);
  }
  if (codes.length + prefixes.length === 0) {
    const name = row.cell(columns.name);
    row.reasons.push(name ? `项目“${name}”没有项目医保编码或编码前缀：审核按编码匹配医嘱，只有名称无法匹配` : '没有项目医保编码或编码前缀');
    return undefined;
  }
  return { codes: [...new Set(codes)], prefixes: [...new Set(prefixes)], key: codes[0] ?? prefixes[0]! };
}

const PURPOSES: readonly [RegExp, 'test' | 'treatment' | 'item', string][] = [
  [/^(检验检查|检查检验|检验|检查)(指征)?$/, 'test', '无指征检验检查'],
  [/^治疗(指征)?$/, 'treatment', '无指征治疗'],
  [/^(项目)?(适应症|适应证)$/, 'item', '医疗服务项目超适应症使用'],
];

export function readItemIndicationRow(row: DrugRow<ItemIndicationColumn>, fileName: string, seen: SeenIndications): RuleSeed | undefined {
  const items = readItems(row, { codes: 'codes', prefixes: 'prefixes', name: 'name' });
  const purposeCell = norm(row.cell('purpose'));
  const purpose = PURPOSES.find(([re]) => re.test(purposeCell));
  if (!purpose) row.reasons.push(purposeCell ? `指征类别“${row.cell('purpose')}”应为 检验检查、治疗 或 项目适应症` : '指征类别为空，应为 检验检查、治疗 或 项目适应症');
  const effective = row.effective('from', 'to');
  const diagnoses = readDiagnosisCell(row, 'diagnoses', '适应症诊断编码', '适应症名称');
  if (!items || !purpose || !diagnoses || row.reasons.length > 0) return undefined;
  const keys = [...items.codes, ...items.prefixes];
  const earlier = overlapping(seen, keys);
  if (earlier) {
    row.reasons.push(`项目“${earlier.key}”在第 ${earlier.row} 行已有指征：同一项目的全部指征请写在一行`);
    return undefined;
  }
  for (const key of keys) seen.set(key, row.row.row);
  const [, kind, ruleClass] = purpose;
  const { icdRanges, icdPrefixes, codesText } = diagnoses;
  const label = row.cell('indicationName') || namesOfCodes(diagnoses);
  const name = row.cell('name');
  const note = row.cell('note');
  const what = kind === 'test' ? '检验检查指征' : kind === 'treatment' ? '治疗指征' : '项目适应症';
  return seedOf(
    row,
    fileName,
    {
      id: `itemind-${idPart(items.key)}`,
      draft: { kind: 'indication-list', params: { purpose: kind, icdRanges, icdPrefixes, label } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || ITEM_INDICATION_BASIS,
      text: `${what}：${label}（${codesText}）${note ? `。${note}` : ''}`,
      ruleClass,
      drugs: items,
    },
    effective,
    'item',
  );
}

const ITEM_CONTRAINDICATIONS: ContraindicationList = { who: '项目', idPrefix: 'itemci', basis: ITEM_CONTRAINDICATION_BASIS, ruleClass: '医疗服务项目禁忌症', lineKind: 'item' };

export function readItemContraindicationRow(row: DrugRow<ItemContraindicationColumn>, fileName: string, seen: SeenContraindications): RuleSeed | undefined {
  const items = readItems(row, { codes: 'codes', prefixes: 'prefixes', name: 'name' });
  return contraindicationSeed(row, fileName, seen, items, ITEM_CONTRAINDICATIONS);
}
