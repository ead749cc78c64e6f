import type { Diagnosis } from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import type { Parsed } from '../rules/parse/result';
import { isComposite } from './composite/values';
import { locate, readLocated } from './locate';
import { problem } from './problems';
import type { FieldLocator } from './profile-schema';
import { applyChain, cleanText, type ChainValue } from './transforms';

/**
 * Diagnoses written as one text ("诊断：前列腺癌(C61.x00)；高血压(I10.x00x002)"), read through the
 * profile's `diagnoses.list`: its chain splits the text and gives each part as a pattern's groups
 * (`code`, `name`) or as the code itself. A part that does not fit is reported and skipped; the
 * others are kept, and the first diagnosis is the primary one, as pages list it.
 */

const FIELD = 'encounter.diagnoses';

function diagnosisOf(item: Parsed<ChainValue>, n: number, problems: ProfileProblem[]): Diagnosis | undefined {
  const where = `第${n}条诊断`;
  if (!item.ok) {
    problems.push(problem('field-invalid', `${where}：${item.detail}`, { field: FIELD }));
    return undefined;
  }
  const value = item.value;
  let code: string | undefined;
  let name: string | undefined;
  if (isComposite(value) && value.kind === 'groups') {
    code = value.groups['code'];
    name = value.groups['name'];
  } else if (typeof value === 'string') {
    code = value;
  } else {
    problems.push(problem('field-invalid', `${where}：需要诊断编码或 (?<code>…)/(?<name>…) 分组`, { field: FIELD }));
    return undefined;
  }
  code = code?.replace(/\s+/g, '');
  name = name === undefined ? undefined : cleanText(name);
  if (!code) {
    problems.push(problem('field-invalid', `${where}${name ? `「${name}」` : ''}没有编码`, { field: FIELD }));
    return undefined;
  }
  return { code, ...(name ? { name } : {}) };
}

/** All diagnoses from the one element `list` locates inside `scope`. */
export function readDiagnosisList(scope: ParentNode, list: FieldLocator, problems: ProfileProblem[]): Diagnosis[] {
  const located = locate(list, { scope });
  if (!located.ok) {
    problems.push(problem('bad-selector', `诊断：${located.detail}`, { field: FIELD }));
    return [];
  }
  if (!located.value) {
    problems.push(problem('field-missing', '页面上未找到诊断', { field: FIELD }));
    return [];
  }
  const raw = readLocated(located.value, list);
  if (raw === undefined || cleanText(String(raw)) === '') return [];
  const chained = applyChain(raw, list.transform ?? []);
  const items = !chained.ok ? [chained] : isComposite(chained.value) && chained.value.kind === 'parts' ? chained.value.items : [chained];
  const diagnoses: Diagnosis[] = [];
  items.forEach((item, i) => {
    const diagnosis = diagnosisOf(item, i + 1, problems);
    if (diagnosis) diagnoses.push({ ...diagnosis, primary: diagnoses.length === 0 });
  });
  return diagnoses;
}
