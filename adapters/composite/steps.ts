import { fail, ok, type Parsed } from '../../rules/parse/result';
import { toHalfWidth } from '../../rules/parse/text';
import { matchPattern } from './pattern';
import type { ChainValue } from '../transforms';
import { isComposite, quote, type PartsValue } from './values';

/**
 * The steps that take a page value apart: `strip` a leading label ("诊断：", "性别/年龄："),
 * `split` one text into parts, `pattern` with named groups, `pick` one part or group. Text arrives
 * cleaned (transforms.ts: half-width, single spaces), so separators and labels are compared
 * half-width too: "；" in a profile matches the page's "；", which reads as ";".
 */

export interface StripStep {
  readonly strip: string | readonly string[];
}
export interface SplitStep<T> {
  readonly split: string | readonly string[];
  readonly each?: readonly T[];
}
export interface PatternStep {
  readonly pattern: string;
  readonly group?: string;
}
export interface PickStep {
  readonly pick: number | string;
}

/** Runs a chain of steps on one part (transforms.ts's applyChain, passed in to avoid an import cycle). */
export type RunChain<T> = (value: ChainValue, chain: readonly T[]) => Parsed<ChainValue>;

const list = (names: string | readonly string[]): readonly string[] => (typeof names === 'string' ? [names] : names);

/** Half-width without spaces or a trailing colon: how labels are compared. */
function labelKey(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').replace(/:+$/, '');
}

function textOf(value: ChainValue, step: string): Parsed<string> {
  if (isComposite(value)) return fail('type', `${step} 需要文字，得到的是${value.kind === 'parts' ? '多个部分' : '分组'}`);
  if (typeof value === 'object' && value !== null) return fail('type', `${step} 需要文字，得到的是年龄`);
  return ok(String(value));
}

/** Drops a leading label and the colon after it; text without the label is left as it is. */
export function applyStrip(value: ChainValue, step: StripStep): Parsed<ChainValue> {
  const text = textOf(value, 'strip');
  if (!text.ok) return text;
  for (const label of list(step.strip)) {
    const key = labelKey(label);
    if (!key) continue;
    // Walk the text's characters, skipping spaces, until the label's characters are all matched.
    let i = 0;
    let k = 0;
    const source = text.value;
    while (i < source.length && k < key.length) {
      if (/\s/.test(source[i]!)) i += 1;
      else if (source[i] === key[k]) {
        i += 1;
        k += 1;
      } else break;
    }
    if (k === key.length) return ok(source.slice(i).replace(/^[\s:]+/, '').trim());
  }
  return ok(text.value);
}

export function applySplit<T>(value: ChainValue, step: SplitStep<T>, run: RunChain<T>): Parsed<ChainValue> {
  const text = textOf(value, 'split');
  if (!text.ok) return text;
  const separators = list(step.split).map(toHalfWidth).filter((s) => s.length > 0);
  let parts = [text.value];
  for (const separator of separators) parts = parts.flatMap((part) => part.split(separator));
  const items = parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (step.each && step.each.length > 0 ? run(part, step.each) : ok(part)));
  const out: PartsValue = { kind: 'parts', items };
  return ok(out);
}

export function applyPattern(value: ChainValue, step: PatternStep): Parsed<ChainValue> {
  const text = textOf(value, 'pattern');
  if (!text.ok) return text;
  return matchPattern(text.value, step.pattern, step.group);
}

/** Part N (from 1) of a split, or a group of a pattern by name or position. */
export function applyPick(value: ChainValue, step: PickStep): Parsed<ChainValue> {
  if (isComposite(value) && value.kind === 'parts') {
    if (typeof step.pick !== 'number') return fail('no-part', `pick 对拆分结果需要序号（从 1 起），得到「${step.pick}」`);
    const item = value.items[step.pick - 1];
    if (!item) return fail('no-part', `只有 ${value.items.length} 个部分，没有第 ${step.pick} 个`);
    return item;
  }
  if (isComposite(value) && value.kind === 'groups') {
    const names = Object.keys(value.groups);
    const name = typeof step.pick === 'number' ? names[step.pick - 1] : step.pick;
    const picked = name === undefined ? undefined : value.groups[name];
    if (picked === undefined) return fail('no-part', `没有分组「${step.pick}」（有 ${names.join('、') || '无'}）`);
    return ok(picked);
  }
  // A single value is its own first part: a page that shows one diagnosis needs no special case.
  if (step.pick === 1) return ok(value);
  return fail('no-part', `${quote(String(value))}只有一个部分，没有「${step.pick}」`);
}
