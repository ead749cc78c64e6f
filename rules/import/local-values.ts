import type { z } from 'zod';
import type { RuleKind } from '../../contract/findings';
import type { LineKindSchema } from '../../contract/order';
import type { SeveritySchema } from '../../contract/findings';
import { KINDS, type PackRuleKind } from '../kinds';
import { splitCodes } from './codes';
import { parseChineseNumber } from './batch-name';
import { durationDays, frequencyFromText } from './period-text';
import { indicationFromKeywords } from './catalogue';
import type { TextParser } from './drafts';
import { parseRestrictionText } from './restriction-text';
import { contraindicationValue, diagnosisAgeValue, diagnosisSexValue, drugItemValue, herbPairValue, indicationListValue, maternityValue } from './local-values-order';
import { KIND_NAMES } from '../kinds/names';
import { parseAntibioticLevel } from '../kinds/antibiotic-levels';
import { consumableItemValue, consumableQuantityValue } from './consumables/values';
import { herbDoseValue } from './herb-dose-value';
import {
  ageValue, departmentValue, institutionLevelValue, insuranceValue, restrictionFromText, sexValue, visitTypeValue,
  type Restriction, type ValueReading,
} from './restriction-values';

/**
 * The cells of a local rules template row, read into rule fields: the 规则类型 name, the short
 * 限定值 per kind ("女", "18岁及以上", "1次/7天", "I10;I11-I15"), 严重程度, yes/no and dates.
 * Each reader returns a value or a Chinese reason that names what was written.
 */

export type Reading<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Reading<T> => ({ ok: true, value });
const no = <T>(reason: string): Reading<T> => ({ ok: false, reason });

/** 规则类型 cells: each kind's name, its synonyms and its id (rules/kinds/names.ts), compared loosely. */
const KIND_LOOKUP = new Map<string, PackRuleKind>();
const lookupKey = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
for (const { kind, name } of KINDS) for (const n of [kind, name.zh, ...name.synonyms]) KIND_LOOKUP.set(lookupKey(n), kind);

const FROM_RESTRICTION: Partial<Record<Restriction, PackRuleKind>> = {
  sex: 'sex',
  age: 'age',
  'insurance-type': 'insurance-type',
  'visit-type': 'visit-type',
  'institution-level': 'institution-level',
  department: 'department',
  indication: 'indication',
  frequency: 'frequency',
  course: 'course',
  'operation-group': 'duplicate-charge',
  'charge-pair': 'duplicate-charge',
};

/** 规则类型: a listed name or kind id; else what the words name (限定医疗机构级别 → institution-level). */
export function kindOf(cell: string): Reading<PackRuleKind> {
  const key = lookupKey(cell);
  if (!key) return no('规则类型为空');
  const exact = KIND_LOOKUP.get(key);
  if (exact) return ok(exact);
  const restriction = restrictionFromText(key);
  const kind = restriction ? FROM_RESTRICTION[restriction] : undefined;
  return kind ? ok(kind) : no(`规则类型“${cell}”不是已有的规则类型（${KINDS.map((k) => k.name.zh).join('、')}）`);
}

const fromValueReading = (r: ValueReading): Reading<Record<string, unknown>> =>
  r.ok ? ok(r.draft.params as Record<string, unknown>) : no(r.reason);

const DURATION = /^(?:不超过|最多|最长|≤|<=)?\s*(\d+|[一二两三四五六七八九十]+)\s*(天|日|周|个月|月|年)?$/;

function durationValue(v: string): number | undefined {
  const m = DURATION.exec(v);
  return m ? durationDays(m[1]!, m[2] ?? '天') : undefined;
}

/** "1次/7天", "2次/日", "每7天1次", "每周最多1次", "每日限2次". */
export function frequencyValue(v: string): { maxCount: number; periodDays: number } | undefined {
  const t = v.normalize('NFKC').replace(/\s+/g, '');
  const perSlash = /^(\d+|[一二两三四五六七八九十]+)次?[/每](\d*)(天|日|周|个月|月|年)$/.exec(t);
  if (perSlash) {
    const maxCount = parseChineseNumber(perSlash[1]!);
    const periodDays = durationDays(perSlash[2] || '1', perSlash[3]!);
    if (maxCount && periodDays) return { maxCount, periodDays };
  }
  const every = /^每(\d*)(天|日|周|个月|月|年)(?:最多|不超过|限)?(?:支付)?(\d+|[一二两三四五六七八九十]+)次$/.exec(t);
  if (every) {
    const periodDays = durationDays(every[1] || '1', every[2]!);
    const maxCount = parseChineseNumber(every[3]!);
    if (maxCount && periodDays) return { maxCount, periodDays };
  }
  const fromText = frequencyFromText(t);
  return fromText ? (fromText.params as { maxCount: number; periodDays: number }) : undefined;
}

const ICD = /^[A-Z]\d{2}(?:\.?[0-9A-Z]+)*$/;
const ICD_RANGE = /^([A-Z]\d{2}[0-9A-Z.]*)[-~～—至]([A-Z]\d{2}[0-9A-Z.]*)$/;

const union = <T>(a: readonly T[] = [], b: readonly T[] = [], key: (t: T) => string = String) => {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))];
};

/**
 * "I10;I11-I15;高血压" → ICD prefixes and ranges as written, and diagnosis words read by the same
 * restriction-text parser as the batches, so 高血压 also brings its ICD range (I10–I15) and the
 * words stay as keywords. A whole 限定支付范围 sentence works too; limits other than the disease
 * (age, visit type …) need rows of their own.
 */
export function indicationValue(v: string, parse: TextParser = parseRestrictionText): Reading<Record<string, unknown>> {
  const icdPrefixes: string[] = [];
  const icdRanges: { from: string; to: string }[] = [];
  const words: string[] = [];
  for (const token of splitCodes(v.normalize('NFKC'))) {
    const upper = token.toUpperCase();
    const range = ICD_RANGE.exec(upper);
    if (range) icdRanges.push({ from: range[1]!, to: range[2]! });
    else if (ICD.test(upper)) icdPrefixes.push(upper);
    else words.push(token.replace(/^限[:：]?/, '').replace(/[。；;]+$/, ''));
  }
  const named = words.filter(Boolean);
  if (icdPrefixes.length + icdRanges.length + named.length === 0) return no('限适应症需要在限定值中写 ICD-10 编码、编码范围或诊断名称，如 I10;I11-I15;高血压');
  const fromWords = named.length ? (indicationFromKeywords(named, parse).params as { icdPrefixes?: string[]; icdRanges?: { from: string; to: string }[]; keywords?: string[]; conditions?: string[] }) : {};
  const prefixes = union(icdPrefixes, fromWords.icdPrefixes);
  const ranges = union(icdRanges, fromWords.icdRanges, (r) => `${r.from}-${r.to}`);
  return ok({
    ...(prefixes.length ? { icdPrefixes: prefixes } : {}),
    ...(ranges.length ? { icdRanges: ranges } : {}),
    ...(fromWords.keywords?.length ? { keywords: fromWords.keywords } : {}),
    ...(fromWords.conditions?.length ? { conditions: fromWords.conditions } : {}),
    ...(named.length ? { label: named.slice(0, 3).join('、') } : {}),
  });
}

/**
 * 限定值 → params for `kind`; codes are the row's own (a 重复收费 pair's main items). Kinds with
 * nothing sensible to say in a few words (超量 by dose, 重复开药 by class) need 参数(JSON).
 */
export function paramsFromValue(kind: PackRuleKind, value: string, codes: readonly string[]): Reading<Record<string, unknown>> {
  const v = value.trim();
  switch (kind) {
    case 'sex':
      return fromValueReading(sexValue(v));
    case 'age':
      return fromValueReading(ageValue(v));
    case 'visit-type': {
      if (/互联网/.test(v)) {
        const rest = v.replace(/非?互联网(医院|诊疗|复诊)?(除外|不予支付|不支付)?/g, '');
        const visits = visitTypeValue(rest);
        return ok({ forbidInternet: true, ...(visits.ok ? visits.draft.params : {}) });
      }
      return fromValueReading(visitTypeValue(v));
    }
    case 'institution-level':
      return fromValueReading(institutionLevelValue(v));
    case 'insurance-type':
      return fromValueReading(insuranceValue(v));
    case 'department':
      return fromValueReading(departmentValue(v));
    case 'indication':
      return indicationValue(v);
    case 'course': {
      const maxDays = durationValue(v.normalize('NFKC').replace(/\s+/g, ''));
      return maxDays ? ok({ maxDays }) : no(`限支付疗程的限定值“${v}”不是天数（如 14天、2周）`);
    }
    case 'frequency': {
      const f = frequencyValue(v);
      return f ? ok(f) : no(`限定频次的限定值“${v}”不是次数和周期（如 1次/7天、每日2次）`);
    }
    case 'quantity': {
      const maxDays = durationValue(v.normalize('NFKC').replace(/\s+/g, ''));
      return maxDays ? ok({ maxDays }) : no(`超量规则的限定值“${v}”不是天数；按剂量或数量限制请填写参数(JSON)`);
    }
    case 'second-line':
      return ok(v ? { firstLine: v.replace(/^一线[:：]?/, '') } : {});
    case 'approval':
      return ok(v ? { authority: v } : {});
    case 'self-pay':
      return ok({ condition: /单独|单方/.test(v) ? 'sole-use' : 'always' });
    case 'duplicate-drug':
      if (/同类|类别/.test(v)) return no('按药理分类判断重复开药需要在参数(JSON)中写 classes');
      return ok({ by: 'ingredient' });
    case 'duplicate-charge': {
      if (!v) return no('重复收费需要限定值：从项编码（主项为本行医保编码）或手术组名称');
      const secondary = splitCodes(v);
      if (secondary.every((c) => /^[0-9A-Za-z]+$/.test(c))) {
        if (codes.length === 0) return no('重复收费按编码判断时，本行医保编码是主项，不能为空');
        return ok({ mode: 'pair', main: [...codes], secondary });
      }
      return ok({ mode: 'group', group: v });
    }
    case 'diagnosis-sex':
      return diagnosisSexValue(v);
    case 'diagnosis-age':
      return diagnosisAgeValue(v);
    case 'herb-incompatibility':
      return herbPairValue(v);
    case 'drug-count':
    case 'herb-oversize':
      return ok({});
    case 'antibiotic-level': {
      const level = parseAntibioticLevel(v);
      return level && level !== 'none'
        ? ok({ level })
        : no(`抗菌药物分级的限定值“${v}”不是 非限制使用级 / 限制使用级 / 特殊使用级`);
    }
    case 'consumable-item':
      return consumableItemValue(v);
    case 'consumable-quantity':
      return consumableQuantityValue(v);
    case 'contraindication':
      return contraindicationValue(v);
    case 'drug-item':
      return drugItemValue(v);
    case 'indication-list':
      return indicationListValue(v);
    case 'drug-interaction':
      // The rule must match the drugs of both sides; a row matches only its own codes.
      return no('药品相互作用涉及两种药品，请用“药品相互作用表”模板导入');
    case 'operation-sex':
    case 'operation-diagnosis':
      return no(`${KIND_NAMES[kind].zh}由内置的 ICD-9-CM-3 章节结构生成（规则包自带），无需逐行导入`);
    case 'operation-code':
    case 'diagnosis-code':
      return ok({});
    case 'maternity':
      return maternityValue(v);
    case 'perioperative-antibiotic': {
      if (v === '') return ok({});
      const hours = /^(\d{2})\s*(?:小时|h|H)?$/.exec(v);
      return hours && Number(hours[1]) >= 24 && Number(hours[1]) <= 72 ? ok({ hours: Number(hours[1]) }) : no(`“${v}”不是预防用药小时数（24–72，如 24 或 48）`);
    }
    case 'herb-dose': {
      const dose = herbDoseValue(v);
      return dose.ok ? ok({ ...dose.value }) : dose;
    }
    case 'chronic-drug':
      // The rule decides on the drugs no row names, against every 病种's list at once.
      return no('慢特病用药范围涉及每个病种的整份药品清单，请用“门诊慢特病病种用药范围表”模板导入');
  }
}

/** Kinds whose 限定值 may stay empty. */
export const VALUE_OPTIONAL: ReadonlySet<RuleKind> = new Set(['second-line', 'approval', 'self-pay', 'duplicate-drug', 'drug-count', 'herb-oversize', 'operation-code', 'diagnosis-code', 'perioperative-antibiotic']);

type Severity = z.infer<typeof SeveritySchema>;

export function severityOf(cell: string): Reading<Severity | undefined> {
  const v = cell.trim().toLowerCase();
  if (!v) return ok(undefined);
  if (/^(严重|错误|高|critical|error)$/.test(v)) return ok('critical');
  if (/^(警告|一般|中|warning|warn)$/.test(v)) return ok('warning');
  if (/^(提示|信息|低|info)$/.test(v)) return ok('info');
  return no(`严重程度“${cell}”应为 严重、警告 或 提示`);
}

export function yesNoOf(cell: string, column: string): Reading<boolean | undefined> {
  const v = cell.trim().toLowerCase();
  if (!v) return ok(undefined);
  if (/^(是|y|yes|true|1|拦截|启用|√)$/.test(v)) return ok(true);
  if (/^(否|n|no|false|0|不拦截|仅提示|停用|不启用|×)$/.test(v)) return ok(false);
  return no(`${column}“${cell}”应为 是 或 否`);
}

type LineKind = z.infer<typeof LineKindSchema>;

export function lineKindsOf(cell: string): Reading<LineKind[]> {
  const out = new Set<LineKind>();
  for (const word of cell.split(/[;；,，、/\s]+/).filter(Boolean)) {
    if (/^(药品|西药|中成药|中药饮片|中药|drug)$/i.test(word)) out.add('drug');
    else if (/^(诊疗项目|医疗服务项目|医疗服务|项目|诊疗|item)$/i.test(word)) out.add('item');
    else if (/^(材料|耗材|医用耗材|卫生材料|material)$/i.test(word)) out.add('material');
    else return no(`项目类别“${word}”应为 药品、诊疗项目 或 材料`);
  }
  return ok([...out]);
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * 2026-01-01, 2026/1/1, 2026.1.1, 2026年1月1日, 20260101, or the serial number Excel keeps for
 * a date cell (days since 1899-12-30: 46023 is 2026-01-01).
 */
export function dateOf(cell: string, column: string): Reading<string | undefined> {
  const v = cell.normalize('NFKC').trim();
  if (!v) return ok(undefined);
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (parts) {
    const iso = validDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return iso ? ok(iso) : no(`${column}“${cell}”不是有效日期`);
  }
  if (/^\d{5}(\.0+)?$/.test(v)) {
    const serial = Math.floor(Number(v));
    const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    return ok(`${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`);
  }
  return no(`${column}“${cell}”不是日期（应写作 2026-01-01）`);
}
