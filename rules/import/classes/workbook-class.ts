import type { Restriction } from '../restriction-values';
import { classBySeq, type RuleClass } from './rule-classes';

/**
 * The national rule class of a row of a batch workbook, from its structure: what the sheet or
 * the row's 限定类型 restricts, whether the file is a 药品 / 项目 / 耗材 library (its title, else
 * the code's shape), and the 限定对象 cell where one restriction covers two classes (儿童 vs 新生儿,
 * 工伤 vs 生育).
 */

export type ItemFamily = 'drug' | 'item' | 'material';

/** 【第一批】药品规则库(限定性别对象) → drug; 项目规则库 → item; 耗材 → material. */
export function familyFromTitle(title: string): ItemFamily | undefined {
  if (/耗材/.test(title)) return 'material';
  if (/药品|药物|中药|西药|饮片/.test(title)) return 'drug';
  if (/项目|医疗服务|诊疗/.test(title)) return 'item';
  return undefined;
}

/** Items have 15-digit codes; drugs start with X (西药) or Z (中成药) or T (饮片); 耗材 with C. */
export function familyFromCodes(codes: readonly string[]): ItemFamily | undefined {
  const first = codes[0] ?? '';
  if (/^\d{15}$/.test(first)) return 'item';
  if (/^[XZT]/i.test(first)) return 'drug';
  if (/^C/i.test(first)) return 'material';
  return undefined;
}

export interface RowFacts {
  restriction: Restriction;
  family: ItemFamily | undefined;
  codes: readonly string[];
  value: string;
  text: string;
  /** The row has a 限制数量 count (限定频次), or 频次上限 / 疗程周期 (周期超频次). */
  hasCounts: boolean;
  hasPeriod: boolean;
  title: string;
}

export type ClassPick = { ok: true; cls: RuleClass } | { ok: false; reason: string };

const FAMILY_WORD: Record<ItemFamily, string> = { drug: '药品', item: '医疗服务项目', material: '医用耗材' };

function seqFor(f: RowFacts, family: ItemFamily): number | undefined {
  const pick = (drug?: number, item?: number, material?: number) => ({ drug, item, material })[family];
  const v = f.value.normalize('NFKC');
  switch (f.restriction) {
    case 'sex':
      return pick(67, 81, 87);
    case 'age': {
      // 第一批 filed 新生儿 and 婴幼儿 items under 儿童专用 (限定对象 says which); drugs have a 限新生儿 class.
      const young = /儿童|小儿|婴|幼|新生儿/.test(v) || (v === '' && (/儿童/.test(f.text) || /年龄对象/.test(f.title)));
      if (family === 'drug') return /新生儿/.test(v) ? 6 : /^\s*限/.test(f.text) ? 7 : 65;
      if (family === 'material') return /新生儿/.test(v) ? 32 : 33;
      // An explicit bound (法定就业年龄, 18岁以上 …) is the item class 限年龄.
      return young ? 80 : 29;
    }
    case 'insurance-type':
      if (/生育/.test(v)) return pick(2, 17);
      if (/工伤/.test(v) || v === '') return pick(1, 16);
      return undefined;
    case 'visit-type':
      return pick(13, 22);
    case 'institution-level':
      return pick(12, 24);
    case 'department':
      return pick(undefined, 21);
    case 'indication':
      return pick(8, 20, 88);
    case 'operation-group':
      return pick(undefined, 15);
    case 'charge-pair':
      return pick(undefined, 25);
    case 'frequency':
      if (f.hasPeriod || /周期/.test(f.title)) return pick(undefined, 31);
      return pick(undefined, 27);
    case 'course':
      return pick(10, 23);
  }
}

export function classForRestriction(f: RowFacts): ClassPick {
  const family = f.family ?? familyFromCodes(f.codes);
  if (!family) return { ok: false, reason: '文件名和编码都看不出是药品、医疗服务项目还是耗材规则库，无法确定国家规则类别' };
  const seq = seqFor(f, family);
  const cls = seq === undefined ? undefined : classBySeq(seq);
  if (!cls) {
    return { ok: false, reason: `国家规则库（2025年版）没有“${FAMILY_WORD[family]}”的这类限定（${f.restriction}${f.value ? `：${f.value}` : ''}）` };
  }
  return { ok: true, cls };
}
