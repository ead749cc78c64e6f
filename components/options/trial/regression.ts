import { OrderSchema } from '../../../contract/order';
import type { Pack } from '../../../rules/pack/schema';
import type { CaseFinding, RuleStoreDb, TrialCaseRecord } from '../../../rules/store/db';
import { caseFinding } from '../../../rules/store/trial-cases';
import { getVersion, packOfVersion } from '../../../rules/store/versions';
import { workingPack } from '../../../rules/store/working-set';
import { runTrial, type TrialOrderResult } from '../trial-run';

/**
 * 用例回归: every saved 试算用例 run against one rule set and compared with another — the
 * findings each case had when saved, or a published version's — so the 医保办 sees before
 * publishing which test orders a change affects, finding by finding.
 */

/** A rule set to run cases against: the working set ('') or a published version. */
export type RuleSetRef = { kind: 'working' } | { kind: 'version'; version: string };
/** What the run is compared with: each case's saved findings, or a rule set. */
export type BaselineRef = { kind: 'saved' } | RuleSetRef;

export const WORKING_LABEL = 'working';

export async function packOf(db: RuleStoreDb, ref: RuleSetRef): Promise<Pack> {
  if (ref.kind === 'working') return workingPack(db, WORKING_LABEL);
  const record = await getVersion(db, ref.version);
  if (!record) throw new Error(`no version ${ref.version}`);
  return packOfVersion(record);
}

/** The findings of a run as a case keeps them. */
export function caseFindingsOf(result: TrialOrderResult): CaseFinding[] {
  return result.findings.map(({ finding, rule }) => caseFinding(finding, rule));
}

/** Two findings are the same when the same rule says the same words, at the same level, on the same line. */
export const findingKey = (f: CaseFinding): string => [f.ruleId, f.lineId ?? '', f.severity, f.message].join('\u0001');

/** Findings of `after` not in `before` (added) and the reverse (removed), counting repeats. */
export function diffFindings(before: readonly CaseFinding[], after: readonly CaseFinding[]): { added: CaseFinding[]; removed: CaseFinding[] } {
  const left = new Map<string, number>();
  for (const f of before) left.set(findingKey(f), (left.get(findingKey(f)) ?? 0) + 1);
  const added: CaseFinding[] = [];
  for (const f of after) {
    const key = findingKey(f);
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    else added.push(f);
  }
  const removed: CaseFinding[] = [];
  for (const f of before) {
    const key = findingKey(f);
    const count = left.get(key) ?? 0;
    if (count > 0) {
      removed.push(f);
      left.set(key, count - 1);
    }
  }
  return { added, removed };
}

export interface CaseOutcome {
  record: TrialCaseRecord;
  /** Set when the saved order no longer reads as an order (the contract changed under it). */
  error?: string;
  before: CaseFinding[];
  after: CaseFinding[];
  added: CaseFinding[];
  removed: CaseFinding[];
}

/** Runs every case on `pack` (compiled once); undefined per case whose order fails the schema. */
export function runCases(pack: Pack, cases: readonly TrialCaseRecord[]): Map<string, CaseFinding[] | string> {
  const out = new Map<string, CaseFinding[] | string>();
  const valid: { id: string; order: TrialCaseRecord['order'] }[] = [];
  for (const c of cases) {
    const parsed = OrderSchema.safeParse(c.order);
    if (parsed.success) valid.push({ id: c.id, order: parsed.data });
    else out.set(c.id, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
  }
  const run = runTrial(pack, valid.map((v) => v.order));
  run.orders.forEach((result, i) => out.set(valid[i]!.id, caseFindingsOf(result)));
  return out;
}

export async function regression(db: RuleStoreDb, cases: readonly TrialCaseRecord[], target: RuleSetRef, baseline: BaselineRef): Promise<CaseOutcome[]> {
  const after = runCases(await packOf(db, target), cases);
  const before = baseline.kind === 'saved' ? undefined : runCases(await packOf(db, baseline), cases);
  return cases.map((record): CaseOutcome => {
    const now = after.get(record.id);
    const then = before ? before.get(record.id) : record.expected;
    if (typeof now === 'string' || typeof then === 'string' || now === undefined || then === undefined) {
      return { record, error: typeof now === 'string' ? now : typeof then === 'string' ? then : '', before: [], after: [], added: [], removed: [] };
    }
    return { record, before: then, after: now, ...diffFindings(then, now) };
  });
}

export const changed = (o: CaseOutcome): boolean => o.error !== undefined || o.added.length > 0 || o.removed.length > 0;
