import { fail, ok, type Parsed } from '../../rules/parse/result';
import { checkPattern, MAX_PATTERN_INPUT } from './pattern-check';
import { quote, type GroupsValue } from './values';

/**
 * Running a profile's pattern on page text. Patterns were checked when the profile loaded
 * (pattern-check.ts); they are checked again here, once per source, so a pattern that reaches this
 * module any other way is refused rather than run.
 */

const compiled = new Map<string, RegExp | string>();
const MAX_CACHED = 200;

function regexFor(source: string): RegExp | string {
  const cached = compiled.get(source);
  if (cached !== undefined) return cached;
  const checked = checkPattern(source);
  const entry = checked.ok ? new RegExp(checked.value.source, 'u') : `模式被拒绝：${checked.detail}`;
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(source, entry);
  return entry;
}

/**
 * The named groups of the first match (or the whole match when the pattern names none), one group
 * when `group` is given. Text longer than MAX_PATTERN_INPUT is a failure, never a long match.
 */
export function matchPattern(text: string, source: string, group?: string): Parsed<string | GroupsValue> {
  const regex = regexFor(source);
  if (typeof regex === 'string') return fail('pattern-refused', regex);
  if (text.length > MAX_PATTERN_INPUT) return fail('too-long', `${quote(text)}超过 ${MAX_PATTERN_INPUT} 个字符，未按模式读取`);
  const match = regex.exec(text);
  if (!match) return fail('no-match', `${quote(text)}不符合模式`);
  const groups = match.groups;
  if (group !== undefined) {
    if (!groups || !(group in groups)) return fail('no-group', `模式中没有名为 ${group} 的分组`);
    return ok(groups[group] ?? '');
  }
  if (!groups) return ok(match[0]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) out[name] = value ?? '';
  return ok({ kind: 'groups', groups: out });
}
