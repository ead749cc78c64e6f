import type { SqlParam } from './db';

/**
 * Parameter lists and WHERE clauses built from fixed SQL fragments. A fragment marks each value
 * with `?`; the value becomes the next `$n` parameter. Fragments are always literals in our code —
 * user input only ever reaches the database as a parameter.
 */

export class Params {
  readonly values: SqlParam[] = [];

  /** Adds a value and returns its placeholder. */
  bind(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export class Where {
  private readonly parts: string[] = [];

  /** Several clauses of one statement share one Params, so their numbers never collide. */
  constructor(readonly params: Params = new Params()) {}

  /** Adds `fragment` when `value` is defined, with `?` bound to it. */
  add(fragment: string, value: SqlParam | undefined): this {
    if (value === undefined) return this;
    return this.addMany(fragment, [value]);
  }

  /** Adds a fragment with several `?` placeholders, bound in order (none for a fixed condition). */
  addMany(fragment: string, values: readonly SqlParam[]): this {
    let next = 0;
    const text = fragment.replace(/\?/g, () => {
      if (next >= values.length) throw new Error(`more placeholders than values in: ${fragment}`);
      return this.params.bind(values[next++]!);
    });
    if (next !== values.length) throw new Error(`more values than placeholders in: ${fragment}`);
    this.parts.push(text);
    return this;
  }

  bind(value: SqlParam): string {
    return this.params.bind(value);
  }

  get values(): SqlParam[] {
    return this.params.values;
  }

  /** The conditions joined with AND, or `true` when there are none. */
  conditions(): string {
    return this.parts.length === 0 ? 'true' : this.parts.map((part) => `(${part})`).join(' AND ');
  }

  toString(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.conditions()}`;
  }
}
