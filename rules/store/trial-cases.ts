import type { Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';
import type { Rule } from '../pack/schema';
import type { CaseFinding, RuleStoreDb, TrialCaseRecord } from './db';

/**
 * 试算用例: test orders the 医保办 keeps with the findings they had, to run again after rules
 * change (用例回归) — before publishing, or against a published version.
 */

export async function listCases(db: RuleStoreDb): Promise<TrialCaseRecord[]> {
  const all = await db.trialCases.toArray();
  return all.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export async function getCase(db: RuleStoreDb, id: string): Promise<TrialCaseRecord | undefined> {
  return db.trialCases.get(id);
}

export interface SaveCaseInput {
  name: string;
  order: Order;
  expected: CaseFinding[];
  expectedFrom: string;
  now?: Date;
}

/** Saves a case; a case of the same name is replaced (the same case, edited). */
export async function saveCase(db: RuleStoreDb, input: SaveCaseInput): Promise<TrialCaseRecord> {
  const name = input.name.trim();
  if (!name) throw new Error('a test case needs a name');
  return db.transaction('rw', db.trialCases, async () => {
    const same = await db.trialCases.where('name').equals(name).first();
    const record: TrialCaseRecord = {
      id: same?.id ?? `case-${crypto.randomUUID()}`,
      name,
      order: input.order,
      expected: input.expected,
      expectedFrom: input.expectedFrom,
      savedAt: (input.now ?? new Date()).toISOString(),
    };
    await db.trialCases.put(record);
    return record;
  });
}

/** Takes a new result as the case's expected one (the change was intended). */
export async function acceptResult(db: RuleStoreDb, id: string, expected: CaseFinding[], expectedFrom: string, now = new Date()): Promise<void> {
  await db.trialCases.update(id, { expected, expectedFrom, savedAt: now.toISOString() });
}

export async function removeCase(db: RuleStoreDb, id: string): Promise<void> {
  await db.trialCases.delete(id);
}

/** A finding as a case keeps it: what the doctor read, and the rule's name at the time. */
export function caseFinding(finding: Finding, rule: Rule | undefined): CaseFinding {
  return {
    ruleId: finding.ruleId,
    ruleName: rule?.name ?? '',
    kind: finding.kind,
    ...(finding.lineId !== undefined ? { lineId: finding.lineId } : {}),
    severity: finding.severity,
    message: finding.message,
  };
}
