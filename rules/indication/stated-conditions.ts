import type { Diagnosis } from '../../contract/order';

/**
 * Restriction conditions that a diagnosis of ICD-10 医保版 2.0 states outright, so a doctor who
 * coded it is not asked to confirm it again: "甲氧西林耐药阳性球菌感染" is what A49.002
 * 耐甲氧西林金黄色葡萄球菌感染 says. Each entry is checked against the official names in
 * ../shared/data/icd10-chs-v2-diagnoses.csv (tests/unit/indication/stated-conditions.test.ts);
 * a condition that also needs a history ("二甲双胍控制效果不佳") is never listed here.
 */
interface StatedCondition {
  /** The condition text as restriction texts write it. */
  readonly condition: RegExp;
  /** Codes (by prefix, dots as written) whose diagnosis states it. */
  readonly codes: readonly string[];
  /** Words in a diagnosis name that state it, for hospitals' own extension codes. */
  readonly names: RegExp;
}

const STATED: readonly StatedCondition[] = [
  {
    // A49.002 耐甲氧西林金黄色葡萄球菌感染, A49.003 耐甲氧西林凝固酶阴性葡萄球菌感染 (both 阳性球菌),
    // U82.100 耐甲氧西林抗生素 (the resistance code coded beside the infection).
    condition: /^(?:甲氧西林耐药|耐甲氧西林)的?(?:阳性球菌|革兰阳性球菌|金黄色葡萄球菌|葡萄球菌)感染$/,
    codes: ['A49.002', 'A49.003', 'U82.100'],
    names: /耐甲氧西林|甲氧西林耐药|MRSA|MRCNS/i,
  },
  {
    // E11.600x051 2型糖尿病伴血糖控制不佳.
    condition: /^血糖控制不佳的2型糖尿病$/,
    codes: ['E11.600x051'],
    names: /2型糖尿病.*血糖控制不佳/,
  },
];

/** Whether one of the diagnoses states the condition, so there is nothing left to confirm. */
export function conditionStatedByDiagnosis(condition: string, diagnoses: readonly Diagnosis[]): boolean {
  const text = condition.trim();
  const entry = STATED.find((s) => s.condition.test(text));
  if (!entry) return false;
  return diagnoses.some((d) => entry.codes.some((c) => d.code.startsWith(c)) || (d.name !== undefined && entry.names.test(d.name)));
}

/** The listed entries, for the test that checks them against the ICD names. */
export const STATED_CONDITIONS: readonly StatedCondition[] = STATED;
