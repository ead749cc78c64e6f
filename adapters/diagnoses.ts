import type { Diagnosis } from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import { readDiagnosisList } from './diagnosis-list';
import { readField } from './extract-field';
import { safeQuery, safeQueryAll, type LocateContext } from './locate';
import { problem } from './problems';
import type { SiteProfile } from './profile-schema';

/**
 * The encounter's diagnoses through a profile: one element per diagnosis (`rows`, with `code`,
 * `name`, `primary` read inside each) or all of them from one text (`list`, diagnosis-list.ts).
 * Problems are pushed onto `problems`; nothing throws on what the page holds.
 */

export function readDiagnoses(root: ParentNode, profile: SiteProfile, problems: ProfileProblem[]): Diagnosis[] {
  const spec = profile.diagnoses;
  if (!spec) return [];
  let scope: ParentNode = root;
  if (spec.within) {
    const within = safeQuery(root, spec.within);
    if (!within.ok || !within.value) {
      problems.push(
        within.ok
          ? problem('field-missing', `页面上未找到诊断区域（${spec.within}）`, { field: 'encounter.diagnoses' })
          : problem('bad-selector', `诊断：${within.detail}`, { field: 'encounter.diagnoses' }),
      );
      return [];
    }
    scope = within.value;
  }
  if (spec.list || !spec.rows || !spec.code) return spec.list ? readDiagnosisList(scope, spec.list, problems) : [];
  const codeField = spec.code;
  const rows = safeQueryAll(scope, spec.rows);
  if (!rows.ok) {
    problems.push(problem('bad-selector', `诊断：${rows.detail}`, { field: 'encounter.diagnoses' }));
    return [];
  }
  const diagnoses: Diagnosis[] = [];
  rows.value.forEach((row, i) => {
    const ctx: LocateContext = { scope: row };
    const where = (path: string) => ({ path, prefix: `第${i + 1}条诊断 ` });
    const code = readField<string>(codeField, ctx, 'string', where('diagnoses.code'));
    const name = spec.name ? readField<string>(spec.name, ctx, 'string', where('diagnoses.name')) : undefined;
    const primary = spec.primary ? readField<boolean>(spec.primary, ctx, 'boolean', where('diagnoses.primary')) : undefined;
    problems.push(...code.problems, ...(name?.problems ?? []), ...(primary?.problems ?? []));
    if (!code.value) return;
    diagnoses.push({
      code: code.value.replace(/\s+/g, ''),
      ...(name?.value ? { name: name.value } : {}),
      ...(spec.primary ? { primary: primary?.value ?? false } : { primary: diagnoses.length === 0 }),
    });
  });
  return diagnoses;
}
