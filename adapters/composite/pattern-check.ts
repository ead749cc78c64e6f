import { fail, ok, type Parsed } from '../../rules/parse/result';
import { toHalfWidth } from '../../rules/parse/text';
import { EMPTY, overlaps, union, type CharSet } from './char-set';
import { parsePattern, type PatternNode, type PatternTree } from './pattern-syntax';

/**
 * Whether a profile pattern can be matched in bounded time. Browsers run regular expressions by
 * backtracking, and a pattern such as (a+)+ or .*.*x takes exponential (or high polynomial) time
 * on text that almost matches: on an EMR page that is a frozen tab on every keystroke. A profile is
 * therefore refused when it loads, with the reason in Chinese, if its pattern has
 *
 * - a backreference or lookaround (pattern-syntax.ts);
 * - a repeated part that itself repeats or branches: (a+)+, (a|aa)*, (\w+\s?)*;
 * - two variable-length parts next to each other that can take the same characters: \d+\d*, .*\s*;
 * - more than one variable-length part that can also take what follows it (.*a.*b): each one
 *   multiplies the work by the length of the text, and one such part (name.+?\(code\)) is the
 *   usual way to cut a name off before a bracket;
 * - more than MAX_VARIABLE_PARTS optional or variable parts in all (a?a?a?…).
 *
 * Together with the cap on the text a pattern reads (MAX_PATTERN_INPUT) this bounds the work of one
 * match to a few hundred thousand steps.
 */

export const MAX_PATTERN_LENGTH = 300;
/** Longest text a pattern is run on; longer page text is a problem, not a slow match. */
export const MAX_PATTERN_INPUT = 500;
const MAX_VARIABLE_PARTS = 12;
const MAX_OVERLAPPING_PARTS = 1;

export type PatternRefusal = 'too-long' | 'backreference' | 'lookaround' | 'syntax' | 'unsupported' | 'nested' | 'adjacent' | 'overlap' | 'too-many';

class Refused extends Error {
  constructor(
    readonly reason: PatternRefusal,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** What a part of the pattern can match, as the parts around it see it. */
interface Summary {
  readonly min: number;
  readonly max: number;
  /** Characters it can start with. */
  readonly first: CharSet;
  /** Characters it can take anywhere. */
  readonly all: CharSet;
}

const ZERO: Summary = { min: 0, max: 0, first: EMPTY, all: EMPTY };

/** Repeats a variable number of times over a range wide enough to backtrack over (not just a?). */
const isWide = (s: Summary): boolean => s.max - s.min >= 2;
const isVariable = (s: Summary): boolean => s.max > s.min;

function hasRepeatOrBranch(node: PatternNode): boolean {
  if (node.type === 'repeat') return true;
  if (node.type !== 'group') return false;
  return node.alternatives.length > 1 || node.alternatives.some((seq) => seq.some(hasRepeatOrBranch));
}

function describe(node: PatternNode): string {
  return node.type === 'group' && node.name ? `分组「${node.name}」` : '重复的部分';
}

class Checker {
  private variableParts = 0;
  private overlapping = 0;

  check(tree: PatternTree): void {
    this.alternatives(tree.alternatives);
  }

  private alternatives(alternatives: readonly (readonly PatternNode[])[]): Summary {
    const summaries = alternatives.map((seq) => this.sequence(seq));
    return {
      min: Math.min(...summaries.map((s) => s.min)),
      max: Math.max(...summaries.map((s) => s.max)),
      first: union(...summaries.map((s) => s.first)),
      all: union(...summaries.map((s) => s.all)),
    };
  }

  private node(node: PatternNode): Summary {
    switch (node.type) {
      case 'set':
        return { min: 1, max: 1, first: node.set, all: node.set };
      case 'assertion':
        return ZERO;
      case 'group':
        return this.alternatives(node.alternatives);
      case 'repeat': {
        if (node.max > 1 && hasRepeatOrBranch(node.node)) {
          throw new Refused('nested', `${describe(node.node)}里又有重复或「|」分支，再整体重复（如 (a+)+、(a|b)*）可能导致匹配极慢；请改为单层重复`);
        }
        const inner = this.node(node.node);
        const summary = { min: inner.min * node.min, max: inner.max * node.max, first: inner.first, all: inner.all };
        if (isVariable(summary)) this.countVariable();
        return summary;
      }
    }
  }

  private countVariable(): void {
    this.variableParts += 1;
    if (this.variableParts > MAX_VARIABLE_PARTS) {
      throw new Refused('too-many', `可变长度的部分超过 ${MAX_VARIABLE_PARTS} 处，请简化模式`);
    }
  }

  /**
   * Walks a sequence keeping the wide parts not yet followed by a required part: a part that can
   * start with a character one of them also takes makes the split between them ambiguous.
   */
  private sequence(seq: readonly PatternNode[]): Summary {
    let pending: Summary[] = [];
    const ambiguous = new Set<Summary>();
    let min = 0;
    let max = 0;
    let first: CharSet = EMPTY;
    let all: CharSet = EMPTY;
    let open = true; // nothing required seen yet: this part's first characters are the sequence's
    for (const node of seq) {
      const part = this.node(node);
      if (part.max === 0) continue;
      for (const before of pending) {
        if (!overlaps(before.all, part.first)) continue;
        if (isWide(part)) {
          throw new Refused('adjacent', '两段不定长的部分紧挨着且能匹配相同字符（如 \\d+\\d*、.*\\s*），可能导致匹配极慢；请去掉其一或用不同的字符范围');
        }
        ambiguous.add(before);
      }
      if (part.min > 0) pending = [];
      if (isWide(part)) pending.push(part);
      if (open) first = union(first, part.first);
      if (part.min > 0) open = false;
      all = union(all, part.all);
      min += part.min;
      max += part.max;
    }
    this.overlapping += ambiguous.size;
    if (this.overlapping > MAX_OVERLAPPING_PARTS) {
      throw new Refused(
        'overlap',
        '模式中有多段不定长的部分能匹配其后的字符（如 .*a.*b），可能导致匹配极慢；请用排除字符的写法，如 [^(]+\\(',
      );
    }
    return { min, max, first, all };
  }
}

export interface CheckedPattern {
  /** The source as it will be compiled (half-width, as page text is read). */
  readonly source: string;
  readonly names: readonly string[];
}

const SYNTAX_CHARS = new Set([...'^$\\.*+?()[]{}|/']);

/**
 * Page text is read half-width (transforms.ts), so a full-width character in a pattern must match
 * its half-width form: "（" becomes the literal "\(", never a group.
 */
export function halfWidthPattern(source: string): string {
  return source.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => {
    const half = toHalfWidth(c);
    return SYNTAX_CHARS.has(half) ? `\\${half}` : half;
  });
}

/** Checks a profile pattern, in its half-width form (see halfWidthPattern). */
export function checkPattern(raw: string): Parsed<CheckedPattern, PatternRefusal> {
  const source = halfWidthPattern(raw);
  if (source.length === 0) return fail('syntax', '模式为空');
  if (source.length > MAX_PATTERN_LENGTH) return fail('too-long', `模式超过 ${MAX_PATTERN_LENGTH} 个字符`);
  const tree = parsePattern(source);
  if (!tree.ok) return tree;
  try {
    new Checker().check(tree.value);
  } catch (error) {
    if (error instanceof Refused) return fail(error.reason, error.detail);
    throw error;
  }
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return fail('syntax', `写法有误：${error instanceof Error ? error.message : String(error)}`);
  }
  return ok({ source, names: tree.value.names });
}
