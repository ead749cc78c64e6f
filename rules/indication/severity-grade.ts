import type { Diagnosis } from '../../contract/order';

/**
 * Severity grades in restriction conditions ("轻、中度原发性高血压", "中至重度过敏性鼻炎") settled
 * from the diagnosis when it names a grade ("高血压2级", "重度哮喘"). Without this, a doctor who
 * already coded 高血压2级 is asked to confirm 轻、中度 on every line.
 */

export type Grade = 'mild' | 'moderate' | 'severe';

const GRADE_OF_CHAR: Record<string, Grade> = { 轻: 'mild', 中: 'moderate', 重: 'severe' };
const ORDER: readonly Grade[] = ['mild', 'moderate', 'severe'];

/** "轻、中度" · "轻中度" · "中至重度" · "中度至重度" · "中重度" · "重度" — the grade words of a condition. */
const CONDITION_GRADES = /([轻中重])(?:度)?(?:([、和或及]|至|到|~|～|-)?([轻中重]))?度/;

export interface GradeRequirement {
  readonly allowed: ReadonlySet<Grade>;
  /** The condition with its grade words removed ("原发性高血压"): what is left to confirm. */
  readonly rest: string;
}

export function gradeRequirement(condition: string): GradeRequirement | undefined {
  const m = CONDITION_GRADES.exec(condition);
  if (!m) return undefined;
  const first = GRADE_OF_CHAR[m[1]!]!;
  const second = m[3] ? GRADE_OF_CHAR[m[3]]! : undefined;
  const allowed = new Set<Grade>([first]);
  if (second) {
    const isRange = m[2] === '至' || m[2] === '到' || m[2] === '~' || m[2] === '～' || m[2] === '-';
    if (isRange) {
      const [a, b] = [ORDER.indexOf(first), ORDER.indexOf(second)].sort((x, y) => x - y);
      for (let i = a!; i <= b!; i++) allowed.add(ORDER[i]!);
    } else allowed.add(second);
  }
  return { allowed, rest: (condition.slice(0, m.index) + condition.slice(m.index + m[0].length)).trim() };
}

/**
 * The grade a diagnosis states: 轻度/中度/重度 in the name, or the hypertension grades (高血压1级
 * I10.x03, 2级 I10.x04, 3级 I10.x05 in ICD-10 医保版 2.0; by the Chinese guideline 1级 is 轻度,
 * 2级 中度, 3级 重度). Numbered grades of other diseases mean other things and are not read.
 */
export function diagnosisGrade(diagnosis: Diagnosis | string): Grade | undefined {
  const name = typeof diagnosis === 'string' ? diagnosis : (diagnosis.name ?? '');
  const code = typeof diagnosis === 'string' ? '' : diagnosis.code.trim().toUpperCase();
  // I10.x03 → 1级, I10.x04 → 2级, I10.x05 → 3级.
  const byCode = /^I10\.X0([345])/.exec(code)?.[1];
  const level = byCode ? Number(byCode) - 2 : Number(/高血压(?:病)?\s*([123])\s*级/.exec(name)?.[1] ?? 0);
  if (level >= 1 && level <= 3) return ORDER[level - 1];
  if (/极重度|重度/.test(name) && !/中重度|中-重度/.test(name)) return 'severe';
  if (/中度/.test(name) && !/中度至重度/.test(name)) return 'moderate';
  if (/轻度/.test(name) && !/轻中度|轻-中度/.test(name)) return 'mild';
  return undefined;
}

export type GradeVerdict = { readonly status: 'met' | 'unknown' } | { readonly status: 'not-met'; readonly grade: Grade };

/**
 * `met`: the diagnosis states an allowed grade and nothing but the disease is left to confirm;
 * `not-met`: it states a grade outside the allowed ones; `unknown`: the doctor still confirms.
 */
export function settleGradeCondition(condition: string, diagnosis: Diagnosis | string, diseaseWords: readonly string[]): GradeVerdict {
  const requirement = gradeRequirement(condition);
  if (!requirement) return { status: 'unknown' };
  const grade = diagnosisGrade(diagnosis);
  if (!grade) return { status: 'unknown' };
  if (!requirement.allowed.has(grade)) return { status: 'not-met', grade };
  // Only the grade is settled: "对传统治疗无效的中重度特应性皮炎" still needs the doctor's word.
  const restIsDisease = requirement.rest === '' || diseaseWords.some((w) => requirement.rest.includes(w) && requirement.rest.length - w.length <= 4);
  return restIsDisease ? { status: 'met' } : { status: 'unknown' };
}

export const GRADE_LABEL: Record<Grade, string> = { mild: '轻度', moderate: '中度', severe: '重度' };
