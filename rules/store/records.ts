import type { Rule } from '../pack/schema';
import { initialsKeys } from './initials';
import type { RuleOrigin, RuleRecord } from './db';

let lastStamp = 0;

/**
 * The time of one write, strictly after the previous write from this page even within the same
 * millisecond, so the rule list can fetch "everything written after what I have" (search.ts).
 * All records of one write share it.
 */
export function writeStamp(): Date {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp);
}

/** The stored form of a rule: the rule itself plus its search and filter keys. */
export function toRuleRecord(rule: Rule, ordinal: number, origin: RuleOrigin, now: Date): RuleRecord {
  return {
    id: rule.id,
    rule,
    kind: rule.kind,
    batch: rule.source?.batch ?? '',
    enabled: rule.enabled ? 1 : 0,
    severity: rule.severity,
    codes: [...new Set([...(rule.match.codes ?? []), ...(rule.match.prefixes ?? [])])],
    initials: initialsKeys(rule.name ?? ''),
    ordinal,
    origin,
    updatedAt: now.toISOString(),
  };
}
