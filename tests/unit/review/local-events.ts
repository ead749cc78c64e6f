import { createHash } from 'node:crypto';
import type { FlagEvent } from '../../../contract/flag-event';
import type { DecisionKind, ReasonCode } from '../../../contract/decision';
import type { Severity } from '../../../contract/findings';
import { DEMO_PACK_VERSION, realRules, type RealRule } from '../../hub/support/events';

/**
 * A workstation's flag log as the content script fills it: findings of real demo-pack rules
 * (ids, kinds, 医保编码), the doctors' decisions on them, submit checks, in several departments,
 * patients only as salted digests. Deterministic: a seed gives the same log every time.
 */

export const DEPARTMENTS = ['心血管内科', '内分泌科', '呼吸内科'] as const;
export const PRESCRIBERS = ['1024', '2048', '3072', '4096'] as const;
const REASONS: readonly (ReasonCode | undefined)[] = ['临床必需且已告知患者', '患者同意自费', '已获审批', undefined];
const DECISIONS: readonly DecisionKind[] = ['modified', 'removed-line', 'continued', 'ignored'];
const SEVERITIES: readonly Severity[] = ['warning', 'warning', 'warning', 'critical', 'info'];

/** A small linear congruential generator: same seed, same log. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function patientDigest(n: number): string {
  return createHash('sha256').update(`salt-ws-7:p-${n.toString(16).padStart(16, '0')}`).digest('hex');
}

export interface LogOptions {
  /** Records in the log. */
  count: number;
  /** First record's time; the rest follow, `stepMs` apart on average. */
  start?: number;
  stepMs?: number;
  seed?: number;
  /** How many distinct rules fire (the first of each kind first). */
  rules?: number;
}

/** `count` records, oldest first. */
export function flagLog({ count, start = Date.parse('2026-11-01T00:30:00Z'), stepMs = 40_000, seed = 7, rules = 40 }: LogOptions): FlagEvent[] {
  const next = random(seed);
  const pool = realRules().slice(0, rules);
  const events: FlagEvent[] = [];
  let at = start;
  let order = 0;
  while (events.length < count) {
    order += 1;
    at += Math.floor(next() * stepMs * 2);
    const rule = pick(next, pool);
    const context = next() < 0.9 ? { department: pick(next, DEPARTMENTS), prescriberId: pick(next, PRESCRIBERS), patientKey: patientDigest(Math.floor(next() * 500)) } : undefined;
    const severity = pick(next, SEVERITIES);
    const orderId = `RX2026${String(order).padStart(8, '0')}-01`;
    const base = { sessionId: `s-${Math.floor(order / 30)}`, profileId: 'demo-outpatient', page: 'http://127.0.0.1:5173/outpatient.html', packVersion: DEMO_PACK_VERSION, orderId, ...(context ? { context } : {}) };
    const finding = { ruleId: rule.id, kind: rule.kind, severity, lineId: String(1 + Math.floor(next() * 4)), lineCode: rule.code };
    events.push({
      ...base,
      id: `ev-${seed}-${String(events.length).padStart(8, '0')}`,
      at: new Date(at).toISOString(),
      type: 'finding-shown',
      finding: { ...finding, amountAtRisk: Math.round(next() * 20000) / 100 },
      mode: next() < 0.8 ? 'interruptive' : 'passive',
      timings: { extractMs: 1.1, engineMs: 0.9, renderMs: 3.2, totalMs: 5.2 },
    });
    if (events.length < count && next() < 0.7) {
      const kind = pick(next, DECISIONS);
      const reasonCode = kind === 'continued' ? pick(next, REASONS) : undefined;
      const decidedAt = new Date(at + 5_000).toISOString();
      events.push({
        ...base,
        id: `ev-${seed}-${String(events.length).padStart(8, '0')}`,
        at: decidedAt,
        type: 'decision',
        finding,
        decision: {
          findingRef: { orderId, ruleId: rule.id, lineId: finding.lineId },
          decision: kind,
          ...(kind === 'continued' ? { reason: reasonCode ?? '外院已确诊，患者知情', ...(reasonCode ? { reasonCode } : {}) } : {}),
          at: decidedAt,
        },
      });
    }
    if (events.length < count && next() < 0.3) {
      events.push({ ...base, id: `ev-${seed}-${String(events.length).padStart(8, '0')}`, at: new Date(at + 9_000).toISOString(), type: 'submit-check', outcome: 'review', waitedMs: 14 });
    }
  }
  return events;
}

export function ruleOf(event: FlagEvent): RealRule | undefined {
  const id = 'finding' in event ? event.finding.ruleId : undefined;
  return realRules().find((r) => r.id === id);
}
