import { unreadFields } from '../../adapters/problems';
import type { ProfileProblem } from '../../adapters';
import { fieldName } from '../../contract/order-fields';

/**
 * Fields the page fits its profile without (a renamed 频次 column): checking goes on, the badge
 * names them in Chinese, and the problem goes to the flag log once per page load and set of
 * fields, not on every re-read.
 */
export class UnreadFieldNotice {
  private readonly logged = new Set<string>();
  private names: readonly string[] = [];

  constructor(private readonly record: (problems: ProfileProblem[]) => void) {}

  /** Takes the problems of a read that fits the profile. */
  note(problems: readonly ProfileProblem[]): void {
    const fields = unreadFields(problems);
    this.names = [...new Set(fields.map(fieldName))];
    if (fields.length === 0) return;
    const signature = [...fields].sort().join('|');
    if (this.logged.has(signature)) return;
    this.logged.add(signature);
    const reported = new Set(fields);
    this.record(problems.filter((p) => p.severity === 'warning' && p.field !== undefined && reported.has(p.field) && p.lineId === undefined).slice(0, 20));
  }

  /** The Chinese names of the fields the last read lacked, for the badge. */
  get fieldNames(): readonly string[] {
    return this.names;
  }
}
