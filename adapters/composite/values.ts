import type { Parsed } from '../../rules/parse/result';
import type { ChainValue } from '../transforms';

/**
 * The values a transform chain passes along between its steps, besides plain text, numbers,
 * flags and ages: the parts of a split ("前列腺癌(C61.x00)；高血压(I10.x00x002)" → two parts) and
 * the named groups of a pattern ({name: "前列腺癌", code: "C61.x00"}). A part that failed its own
 * steps stays in the list as its failure, so one odd diagnosis does not lose the others.
 */

export interface PartsValue {
  readonly kind: 'parts';
  readonly items: readonly Parsed<ChainValue>[];
}

export interface GroupsValue {
  readonly kind: 'groups';
  /** Group name → matched text ('' for a group that did not take part in the match). */
  readonly groups: Readonly<Record<string, string>>;
}

export type CompositeValue = PartsValue | GroupsValue;

export function isComposite(value: unknown): value is CompositeValue {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'parts' || value.kind === 'groups');
}

/** Why a composite cannot stand as a field's value, in the words of the profile's author. */
export function compositeDetail(value: CompositeValue): string {
  return value.kind === 'parts'
    ? `得到 ${value.items.length} 个部分，需用 pick 取其中一个`
    : `得到分组 ${Object.keys(value.groups).join('、')}，需用 pick 或 pattern 的 group 取其中一个`;
}

/** Page text quoted in a message, cut short. */
export function quote(text: string, max = 30): string {
  return `「${text.length > max ? `${text.slice(0, max)}…` : text}」`;
}
