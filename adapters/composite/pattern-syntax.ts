import { fail, ok, type Parsed } from '../../rules/parse/result';
import { ANY, CLASS_ESCAPES, DOT, EMPTY, complement, normalize, single, type CharSet, type Range } from './char-set';

/**
 * A parser for the part of JavaScript's regular-expression syntax a profile pattern may use, into
 * a tree that pattern-check.ts can judge. Features whose matching cannot be bounded are refused
 * here with the reason (backreferences, lookaround); anything else it does not know is refused as
 * unsupported rather than guessed at. The browser's own RegExp runs the pattern afterwards.
 */

export type PatternNode =
  | { readonly type: 'set'; readonly set: CharSet }
  /** ^ $ \b \B: match no character. */
  | { readonly type: 'assertion' }
  | { readonly type: 'group'; readonly alternatives: readonly (readonly PatternNode[])[]; readonly name?: string }
  | { readonly type: 'repeat'; readonly node: PatternNode; readonly min: number; readonly max: number };

export interface PatternTree {
  readonly alternatives: readonly (readonly PatternNode[])[];
  /** Named groups in the order they open. */
  readonly names: readonly string[];
}

export type SyntaxRefusal = 'backreference' | 'lookaround' | 'syntax' | 'unsupported';

class Refused extends Error {
  constructor(
    readonly reason: SyntaxRefusal,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const SYNTAX_CHARS = new Set([...'^$\\.*+?()[]{}|/']);
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, f: 0x0c };
const GROUP_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class Parser {
  private pos = 0;
  readonly names: string[] = [];

  constructor(private readonly src: string) {}

  parse(): PatternTree {
    const alternatives = this.alternatives();
    if (this.pos < this.src.length) throw new Refused('syntax', `第 ${this.pos + 1} 个字符处多了「)」`);
    return { alternatives, names: this.names };
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternatives(): PatternNode[][] {
    const alternatives: PatternNode[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos += 1;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): PatternNode[] {
    const nodes: PatternNode[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private quantified(atom: PatternNode): PatternNode {
    const bounds = this.quantifier();
    if (!bounds) return atom;
    if (atom.type === 'assertion') throw new Refused('syntax', '断言（^ $ \\b）后不能加数量');
    if (this.peek() === '?') this.pos += 1; // lazy: same set of matches, same risk
    if ('*+?{'.includes(this.peek() ?? '\u0000')) throw new Refused('syntax', `第 ${this.pos + 1} 个字符处重复了数量符号`);
    return { type: 'repeat', node: atom, min: bounds.min, max: bounds.max };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.peek();
    if (c === '*') return this.advance(1, { min: 0, max: Infinity });
    if (c === '+') return this.advance(1, { min: 1, max: Infinity });
    if (c === '?') return this.advance(1, { min: 0, max: 1 });
    if (c !== '{') return undefined;
    const m = /^\{(\d{1,4})(?:(,)(\d{0,4}))?\}/.exec(this.src.slice(this.pos));
    if (!m) throw new Refused('syntax', `第 ${this.pos + 1} 个字符处的「{」不是数量写法（如 {2} 或 {1,3}）`);
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) throw new Refused('syntax', `数量 ${m[0]} 的上限小于下限`);
    return this.advance(m[0].length, { min, max });
  }

  private advance<T>(n: number, value: T): T {
    this.pos += n;
    return value;
  }

  private atom(): PatternNode {
    const c = this.peek()!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { type: 'set', set: this.charClass() };
      case '.':
        return this.advance(1, { type: 'set', set: DOT });
      case '^':
      case '$':
        return this.advance(1, { type: 'assertion' });
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Refused('syntax', `第 ${this.pos + 1} 个字符处的「${c}」前面没有可重复的内容`);
      case ']':
      case '}':
        throw new Refused('syntax', `第 ${this.pos + 1} 个字符处的「${c}」需写成「\\${c}」`);
      default: {
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { type: 'set', set: single(cp) };
      }
    }
  }

  private group(): PatternNode {
    const start = this.pos;
    this.pos += 1;
    let name: string | undefined;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith('?:')) this.pos += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!')) {
        throw new Refused('lookaround', '不支持前后断言（(?=…)、(?!…)、(?<=…)、(?<!…)）');
      } else if (rest.startsWith('?<')) {
        const end = this.src.indexOf('>', this.pos);
        name = end === -1 ? '' : this.src.slice(this.pos + 2, end);
        if (!GROUP_NAME.test(name)) throw new Refused('syntax', `第 ${start + 1} 个字符处的分组名「${name}」无效（用英文字母，如 (?<code>…)）`);
        if (this.names.includes(name)) throw new Refused('syntax', `分组名「${name}」重复`);
        this.names.push(name);
        this.pos = end + 1;
      } else {
        throw new Refused('unsupported', `第 ${start + 1} 个字符处的「(?」写法不支持，只能用 (…)、(?:…) 和 (?<名称>…)`);
      }
    }
    const alternatives = this.alternatives();
    if (this.peek() !== ')') throw new Refused('syntax', `第 ${start + 1} 个字符处的「(」没有配对的「)」`);
    this.pos += 1;
    return { type: 'group', alternatives, ...(name !== undefined ? { name } : {}) };
  }

  /** After a backslash outside a class. */
  private escape(): PatternNode {
    const c = this.peek(1);
    if (c === undefined) throw new Refused('syntax', '模式以「\\」结尾');
    if (c === 'b' || c === 'B') return this.advance(2, { type: 'assertion' });
    if (/[1-9]/.test(c) || c === 'k') throw new Refused('backreference', '不支持反向引用（\\1、\\k<名称>）');
    return { type: 'set', set: this.escapedSet(false) };
  }

  /** The set of an escape at `pos` (a backslash), inside or outside a class; advances past it. */
  private escapedSet(inClass: boolean): CharSet {
    const c = this.peek(1)!;
    const known = CLASS_ESCAPES[c];
    if (known) return this.advance(2, known);
    if (c === 'p' || c === 'P') {
      const m = /^\\[pP]\{[A-Za-z_=]+\}/.exec(this.src.slice(this.pos));
      if (!m) throw new Refused('syntax', `第 ${this.pos + 1} 个字符处的 \\${c} 需写成 \\${c}{…}`);
      return this.advance(m[0].length, ANY);
    }
    return single(this.escapedChar(inClass));
  }

  /** A single escaped character at `pos` (a backslash); advances past it. */
  private escapedChar(inClass: boolean): number {
    const c = this.peek(1)!;
    const at = this.pos + 1;
    if (CONTROL_ESCAPES[c] !== undefined) return this.advance(2, CONTROL_ESCAPES[c]!);
    if (c === '0' && !/\d/.test(this.peek(2) ?? '')) return this.advance(2, 0);
    if (inClass && c === 'b') return this.advance(2, 0x08);
    if (inClass && c === '-') return this.advance(2, 0x2d);
    if (c === 'c' && /[A-Za-z]/.test(this.peek(2) ?? '')) return this.advance(3, this.src.charCodeAt(this.pos + 2) % 32);
    const hex = /^\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]{1,6})\})/.exec(this.src.slice(this.pos));
    if (hex) {
      const cp = parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
      if (cp > 0x10ffff) throw new Refused('syntax', `第 ${at} 个字符处的 \\u{…} 超出范围`);
      return this.advance(hex[0].length, cp);
    }
    if (SYNTAX_CHARS.has(c)) return this.advance(2, c.codePointAt(0)!);
    throw new Refused('syntax', `第 ${at} 个字符处的「\\${c}」不是有效的转义`);
  }

  private charClass(): CharSet {
    const start = this.pos;
    this.pos += 1;
    const negated = this.peek() === '^';
    if (negated) this.pos += 1;
    const ranges: Range[] = [];
    while (this.peek() !== ']') {
      if (this.pos >= this.src.length) throw new Refused('syntax', `第 ${start + 1} 个字符处的「[」没有配对的「]」`);
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos += 1;
        const to = this.classAtom();
        if (typeof from !== 'number' || typeof to !== 'number') throw new Refused('syntax', '字符范围的两端必须是单个字符');
        if (to < from) throw new Refused('syntax', `字符范围 ${String.fromCodePoint(from)}-${String.fromCodePoint(to)} 顺序颠倒`);
        ranges.push([from, to]);
      } else {
        if (typeof from === 'number') ranges.push([from, from]);
        else ranges.push(...from);
      }
    }
    this.pos += 1;
    const set = normalize(ranges);
    return negated ? complement(set) : set.length === 0 ? EMPTY : set;
  }

  /** One member of a class: a character (code point) or a class escape's set. */
  private classAtom(): number | CharSet {
    if (this.peek() === '\\') {
      if (this.peek(1) === undefined) throw new Refused('syntax', '模式以「\\」结尾');
      if (/[1-9]/.test(this.peek(1)!) || this.peek(1) === 'k') throw new Refused('backreference', '不支持反向引用（\\1、\\k<名称>）');
      const c = this.peek(1)!;
      if (CLASS_ESCAPES[c] || c === 'p' || c === 'P') return this.escapedSet(true);
      return this.escapedChar(true);
    }
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** The pattern's tree, or why it is refused. */
export function parsePattern(source: string): Parsed<PatternTree, SyntaxRefusal> {
  try {
    return ok(new Parser(source).parse());
  } catch (error) {
    if (error instanceof Refused) return fail(error.reason, error.detail);
    throw error;
  }
}
