import type { Operation } from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import { readField } from './extract-field';
import { safeQuery, safeQueryAll, type LocateContext } from './locate';
import { problem } from './problems';
import type { SiteProfile } from './profile-schema';

/**
 * The encounter's operations (手术操作) through a profile's `operations`: one element per operation,
 * `code`, `name`, `date` and `primary` read inside each, as diagnoses rows are. Undefined when the
 * profile names no operations (the page shows none: nothing is known); a `within` the page lacks is
 * reported as the field missing, so the order carries "encounter.operations" as unread.
 */

const FIELD = 'encounter.operations';

export function readOperations(root: ParentNode, profile: SiteProfile, problems: ProfileProblem[]): Operation[] | undefined {
  const spec = profile.operations;
  if (!spec) return undefined;
  let scope: ParentNode = root;
  if (spec.within) {
    const within = safeQuery(root, spec.within);
    if (!within.ok || !within.value) {
      problems.push(
        within.ok
          ? problem('field-missing', `页面上未找到手术操作区域（${spec.within}）`, { field: FIELD })
          : problem('bad-selector', `手术操作：${within.detail}`, { field: FIELD }),
      );
      return undefined;
    }
    scope = within.value;
  }
  const rows = safeQueryAll(scope, spec.rows);
  if (!rows.ok) {
    problems.push(problem('bad-selector', `手术操作：${rows.detail}`, { field: FIELD }));
    return undefined;
  }
  const operations: Operation[] = [];
  rows.value.forEach((row, i) => {
    const ctx: LocateContext = { scope: row };
    const where = (path: string) => ({ path, prefix: `第${i + 1}项手术操作 ` });
    const code = readField<string>(spec.code, ctx, 'string', where('operations.code'));
    const name = spec.name ? readField<string>(spec.name, ctx, 'string', where('operations.name')) : undefined;
    const date = spec.date ? readField<string>(spec.date, ctx, 'date', where('operations.date')) : undefined;
    const primary = spec.primary ? readField<boolean>(spec.primary, ctx, 'boolean', where('operations.primary')) : undefined;
    problems.push(...code.problems, ...(name?.problems ?? []), ...(date?.problems ?? []), ...(primary?.problems ?? []));
    if (!code.value) return;
    operations.push({
      code: code.value.replace(/\s+/g, ''),
      ...(name?.value ? { name: name.value } : {}),
      ...(date?.value ? { date: date.value } : {}),
      ...(spec.primary ? { primary: primary?.value ?? false } : { primary: operations.length === 0 }),
    });
  });
  return operations;
}
