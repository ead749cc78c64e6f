import { kindDefinition, type PackRuleKind } from '../../kinds';
import { zodErrors } from '../../pack/load';
import { paramsFromValue } from '../local-values';
import { idPart, type RuleSeed } from '../rule-collector';
import type { RuleDraft } from '../restriction-text';
import type { RowReader } from './table';
import { CONSUMABLE_LIMITS_LIST, type LimitColumn } from './template';

/**
 * 耗材限定: one row per consumable, one rule per limit cell filled in — 数量上限 (耗材数量超标),
 * 限性别, 限年龄 (耗材限新生儿/儿童使用), 限科室 (医用耗材与科室不符), 限疾病 (医用耗材限疾病使用).
 * The existing kinds judge a consumable line as they judge a drug's; the cell is read as the local
 * rules template reads its 限定值, so one wording works in both.
 */

const headerOf = (column: LimitColumn): string => CONSUMABLE_LIMITS_LIST.columns.find((c) => c.column === column)!.header;

interface Limit {
  column: LimitColumn;
  kind: PackRuleKind;
  header: string;
  example: string;
}
const limit = (column: LimitColumn, kind: PackRuleKind, example: string): Limit => ({ column, kind, example, header: headerOf(column) });

const LIMITS: readonly Limit[] = [
  limit('maxQuantity', 'consumable-quantity', '每日2支、每次住院1根'),
  limit('sex', 'sex', '男 或 女'),
  limit('age', 'age', '新生儿、儿童、18岁及以上'),
  limit('department', 'department', '肾内科、血液净化'),
  limit('indication', 'indication', 'E10-E14;糖尿病'),
];

const OWN_WORDS: ReadonlySet<PackRuleKind> = new Set(['consumable-quantity', 'indication']);

/** The kind's params from the cell, checked by the kind's own schema; a Chinese reason otherwise. */
function limitParams(reader: RowReader<LimitColumn>, limit: Limit, value: string): Record<string, unknown> | undefined {
  const read = paramsFromValue(limit.kind, value, []);
  if (!read.ok) {
    // The quantity and disease readers say in Chinese what is wrong; the sex, age and department
    // readers are the batches' (English reasons for the import log): say which cell and what to write.
    reader.reasons.push(OWN_WORDS.has(limit.kind) ? read.reason : `${limit.header}“${value}”无法识别，应写 ${limit.example}`);
    return undefined;
  }
  const checked = kindDefinition(limit.kind)!.params.safeParse(read.value);
  if (!checked.success) {
    const why = zodErrors(checked.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
    reader.reasons.push(`${limit.header}“${value}”不能成为规则（${why}）`);
    return undefined;
  }
  return read.value;
}

export function readLimitRow(reader: RowReader<LimitColumn>, fileName: string): RuleSeed[] {
  const codes = reader.consumableCodes('codes');
  const prefixes = reader.consumableCodes('prefixes');
  if (codes.length + prefixes.length === 0) reader.reasons.push('没有耗材医保编码或耗材编码前缀，规则不知道用于哪些耗材');
  const fields = reader.ruleFields();
  const filled = LIMITS.filter((l) => reader.cell(l.column) !== '');
  if (filled.length === 0) reader.reasons.push('没有填写任何限定（数量上限、限性别、限年龄、限科室、限疾病）');
  const drafts: RuleDraft[] = [];
  for (const limit of filled) {
    const params = limitParams(reader, limit, reader.cell(limit.column));
    if (params) drafts.push({ kind: limit.kind, params } as RuleDraft);
  }
  if (reader.reasons.length > 0) return [];
  const key = idPart(codes[0] ?? prefixes[0]!);
  const base = reader.seedBase(fileName, fields);
  return drafts.map((draft) => ({
    ...base,
    id: `local-${draft.kind}-${key}`,
    draft,
    ...(codes.length ? { codes } : {}),
    ...(prefixes.length ? { prefixes } : {}),
    // No line kind: the consumable's own codes decide, a line kind would only lose one the page misfiles.
  }));
}
