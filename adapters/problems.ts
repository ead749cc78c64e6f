import type { ProblemCode, ProfileProblem } from '../contract/profile-problems';

/**
 * Which codes mean the profile no longer fits the page: the adapter's own judgement, kept apart from
 * the problem's shape, which the flag log and the hub read too (contract/profile-problems.ts).
 */

const ERROR_CODES: ReadonlySet<ProblemCode> = new Set(['bad-selector', 'table-missing', 'header-missing', 'column-missing', 'order-invalid']);

/**
 * Without these no line can be checked, so their column gone is 页面适配失效. Any other column gone
 * (a renamed 频次) leaves the order checkable without that field: a warning, and the field unread.
 */
const ESSENTIAL_FIELDS: ReadonlySet<string> = new Set(['lines', 'lines.code', 'lines.name']);

function severityOf(code: ProblemCode, field: string | undefined): ProfileProblem['severity'] {
  if (!ERROR_CODES.has(code)) return 'warning';
  if (code === 'column-missing' && field !== undefined && !ESSENTIAL_FIELDS.has(field)) return 'warning';
  return 'error';
}

export function problem(code: ProblemCode, message: string, where: { field?: string; lineId?: string } = {}): ProfileProblem {
  return { code, severity: severityOf(code, where.field), message, ...where };
}

/** True when the page no longer fits its profile (the 页面适配失效 state). */
export function adapterBroken(problems: readonly ProfileProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Problems that say a field is not on the page at all (not one row's odd value). */
const UNREAD_CODES: ReadonlySet<ProblemCode> = new Set(['column-missing', 'field-missing']);

/**
 * The fields the page did not give, as contract paths in the order first reported: the order
 * carries them (Order.unread) so rules that need them report a gap, and the badge names them.
 */
export function unreadFields(problems: readonly ProfileProblem[]): string[] {
  const fields = new Set<string>();
  for (const p of problems) {
    if (p.severity === 'warning' && UNREAD_CODES.has(p.code) && p.lineId === undefined && p.field !== undefined) fields.add(p.field);
  }
  return [...fields];
}
