import type { ProblemCode, ProfileProblem } from '../contract/profile-problems';

/**
 * Which codes mean the profile no longer fits the page: the adapter's own judgement, kept apart from
 * the problem's shape, which the flag log and the hub read too (contract/profile-problems.ts).
 */

const ERROR_CODES: ReadonlySet<ProblemCode> = new Set(['bad-selector', 'table-missing', 'header-missing', 'column-missing', 'order-invalid']);

export function problem(code: ProblemCode, message: string, where: { field?: string; lineId?: string } = {}): ProfileProblem {
  return { code, severity: ERROR_CODES.has(code) ? 'error' : 'warning', message, ...where };
}

/** True when the page no longer fits its profile (the 页面适配失效 state). */
export function adapterBroken(problems: readonly ProfileProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
