import { ageValue } from '../restriction-values';
import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { DrugRow, LEVEL_ZH, seedOf } from './row';
import { AGE_USE_BASIS, type AgeUseColumn } from './templates';

/**
 * A row of the 儿童与老年人用药表 → one `age` rule with `use` 禁用/慎用. The row names the ages the
 * drug is kept from (不满18岁, 60岁及以上); the rule keeps the ages it may be given at, so that
 * the age kind judges it like any other age rule: outside them, the list's 禁用 or 慎用 applies.
 * One side only: a two-sided span (6至12岁) would need two allowed ranges, which an age rule has
 * not, and is refused rather than half checked.
 */

type Side = 'young' | 'old';
const RULE_CLASS: Readonly<Record<Side, string>> = { young: '药品儿童禁用', old: '老年人用药安全' };

/** 《老年人权益保障法》第二条: 老年人是指六十周岁以上的公民. */
const ELDERLY_FROM_YEARS = 60;
const NEWBORN_DAYS = 28;

interface Avoided {
  side: Side;
  /** The age rule's params: the ages the drug may be given at. */
  allowed: Record<string, unknown>;
  /** The avoided ages as the message names them ("不满18岁", "60岁及以上"). */
  label: string;
}

const CHILD_WORDS = /儿童|小儿|婴|幼|未成年|青少年|新生儿/;
const ELDERLY_WORDS = /老年|老人|高龄/;

/** The avoided ages of the 年龄范围 cell, or of the 适用人群 word when the cell is empty. */
function avoidedAges(row: DrugRow<AgeUseColumn>, population: string): Avoided | undefined {
  const cell = row.cell('age').normalize('NFKC').replace(/\s+/g, '');
  if (!cell) {
    if (/新生儿/.test(population)) return { side: 'young', allowed: { group: 'range', minDays: NEWBORN_DAYS + 1 }, label: `出生${NEWBORN_DAYS}天内` };
    if (CHILD_WORDS.test(population)) return { side: 'young', allowed: { group: 'adult' }, label: '' };
    if (ELDERLY_WORDS.test(population)) return { side: 'old', allowed: { group: 'range', maxYears: ELDERLY_FROM_YEARS - 1 }, label: `${ELDERLY_FROM_YEARS}岁及以上` };
    row.reasons.push(population ? `适用人群“${population}”没有默认年龄，请填写年龄范围` : '年龄范围和适用人群都为空');
    return undefined;
  }
  const over = /^(?:超过|大于|高于)(\d+)(?:周)?岁$/.exec(cell);
  if (over) return { side: 'old', allowed: { group: 'range', maxYears: Number(over[1]) }, label: `超过${over[1]}岁` };
  const read = ageValue(cell);
  const p = read.ok ? (read.draft.params as Record<string, unknown>) : undefined;
  if (!p || p['group'] === 'adult') {
    row.reasons.push(`年龄范围“${row.cell('age')}”不是一侧的年龄界限（如 不满18岁、12岁及以下、出生28天内、60岁及以上）`);
    return undefined;
  }
  const label = String(p['label'] ?? cell);
  if (p['group'] === 'child') return { side: 'young', allowed: { group: 'adult' }, label: '' };
  if (p['group'] === 'newborn') return { side: 'young', allowed: { group: 'range', minDays: NEWBORN_DAYS + 1 }, label: `出生${NEWBORN_DAYS}天内` };
  const bounds = (['minYears', 'maxYears', 'minDays', 'maxDays', 'minMonths', 'maxMonths'] as const).filter((k) => p[k] !== undefined);
  if (bounds.length !== 1) {
    row.reasons.push(`年龄范围“${row.cell('age')}”有两侧界限：本表每行只写一侧（如 不满18岁 或 60岁及以上），两段年龄请分两行`);
    return undefined;
  }
  const bound = bounds[0]!;
  const n = p[bound] as number;
  if (/^\d+岁以[下上]$/.test(cell)) {
    const not = cell.endsWith('以下') ? `不满${cell.slice(0, -3)}岁` : `超过${cell.slice(0, -3)}岁`;
    row.warnings.push(`年龄范围“${row.cell('age')}”按含本数理解（${cell.slice(0, -3)} 岁也提示）；若不含，请写“${not}”`);
  }
  switch (bound) {
    case 'maxYears':
      return { side: 'young', allowed: { group: 'range', minYears: n + 1 }, label };
    case 'maxDays':
      return { side: 'young', allowed: { group: 'range', minDays: n + 1 }, label };
    case 'maxMonths':
      return { side: 'young', allowed: { group: 'range', minMonths: n + 1 }, label };
    default:
      if (n < 1) {
        row.reasons.push(`年龄范围“${row.cell('age')}”包含所有年龄`);
        return undefined;
      }
      return { side: 'old', allowed: { group: 'range', [bound === 'minYears' ? 'maxYears' : 'maxMonths']: n - 1 }, label };
  }
}

/** Rows read so far: drug key + side → row. */
export type SeenAgeRows = Map<string, number>;

export function readAgeUseRow(row: DrugRow<AgeUseColumn>, fileName: string, seen: SeenAgeRows): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
  const use = row.level('level', '用药程度');
  const effective = row.effective('from', 'to');
  const population = row.cell('population');
  const avoided = avoidedAges(row, population);
  if (avoided && population) {
    if (avoided.side === 'old' && CHILD_WORDS.test(population)) row.reasons.push(`适用人群“${population}”与年龄范围“${row.cell('age')}”不符`);
    if (avoided.side === 'young' && ELDERLY_WORDS.test(population)) row.reasons.push(`适用人群“${population}”与年龄范围“${row.cell('age')}”不符`);
  }
  if (!drugs || !use || !avoided || row.reasons.length > 0) return undefined;
  const key = `${[...drugs.codes, ...drugs.prefixes].sort().join(',')} @ ${avoided.side}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    row.reasons.push(`与第 ${earlier} 行重复（同一药品、同一人群只写一行）`);
    return undefined;
  }
  seen.set(key, row.row.row);
  // 儿童 by the pack's own age (label empty) is named by the population word alone.
  const who = !avoided.label ? population || '儿童' : population && !avoided.label.includes(population) ? `${avoided.label}${population}` : avoided.label;
  const name = row.cell('name');
  const note = row.cell('note');
  return seedOf(
    row,
    fileName,
    {
      id: `agelist-${idPart(drugs.key)}-${avoided.side}`,
      draft: { kind: 'age', params: { ...avoided.allowed, use, population: who } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || AGE_USE_BASIS,
      text: `${who}${LEVEL_ZH[use]}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS[avoided.side],
      drugs,
    },
    effective,
  );
}
