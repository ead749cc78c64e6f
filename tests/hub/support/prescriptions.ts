import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OVERRIDE_REASONS, type ReasonCode } from '../../../contract/decision';
import type { Finding } from '../../../contract/findings';
import type { EventContext, FlagEvent } from '../../../contract/flag-event';
import { OrderSchema, type Order } from '../../../contract/order';
import { orderSummary } from '../../../contract/order-summary';
import { loggedFinding } from '../../../entrypoints/content/flag-recorder';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { parsePackText } from '../../../rules/pack/load';
import { DEMO_PACK_VERSION, REPO_ROOT } from './events';

/**
 * Prescriptions as the extension logs them: the golden orders (tests/golden/orders, real 医保编码
 * and diagnoses) checked with the committed demo pack by the real engine, and the records a
 * workstation writes while the doctor works through them — each finding shown with its message,
 * 依据 and the order's lines and diagnoses, the doctor's decisions, the submission check and the
 * pre-submit review — in the record shapes the content script makes (loggedFinding, orderSummary).
 */

export interface Prescription {
  title: string;
  order: Order;
  findings: Finding[];
}

let cached: Prescription[] | undefined;

/** Every golden order the demo pack finds something on, in file order. */
export function goldenPrescriptions(): Prescription[] {
  if (cached) return cached;
  const loaded = parsePackText(readFileSync(path.join(REPO_ROOT, 'rules/packs/demo-pack.json'), 'utf8'));
  if (!loaded.ok) throw new Error('demo pack does not load');
  const compiled = compilePack(loaded.pack);
  const dir = path.join(REPO_ROOT, 'tests/golden/orders');
  cached = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { title: string; order: unknown })
    .map((scenario) => {
      const order = OrderSchema.parse(scenario.order);
      return { title: scenario.title, order, findings: evaluate(compiled, order).findings };
    })
    .filter((p) => p.findings.length > 0 && p.order.lines.length > 0);
  return cached;
}

/** A salted digest as the workstation makes it for the hub (log/patient-digest.ts). */
export function patientDigest(n: number): string {
  return createHash('sha256').update(`salt-ws-rx:p-${n.toString(16).padStart(16, '0')}`).digest('hex');
}

/**
 * What the doctor does: continues past every finding with a reason; goes back from the review and
 * changes the order, then submits it clean; changes it while writing and submits clean; or never
 * submits (findings shown while writing only).
 */
export type Story = 'continued' | 'returned' | 'corrected' | 'not-submitted';

export interface StoryOptions {
  orderId: string;
  /** When the first finding appears, ms since the epoch. */
  at: number;
  story: Story;
  context?: EventContext;
  reason?: ReasonCode | { free: string };
  sessionId?: string;
  idPrefix?: string;
}

export function prescriptionEvents(p: Prescription, options: StoryOptions): FlagEvent[] {
  const order = { ...p.order, id: options.orderId };
  const summary = orderSummary(order);
  const prefix = options.idPrefix ?? options.orderId;
  let serial = 0;
  const base = (offsetMs: number) => ({
    id: `${prefix}-ev-${String(serial++).padStart(3, '0')}`.slice(-64),
    at: new Date(options.at + offsetMs).toISOString(),
    sessionId: options.sessionId ?? `s-${prefix}`.slice(0, 64),
    profileId: 'demo-outpatient',
    page: 'http://127.0.0.1:5173/outpatient.html',
    packVersion: DEMO_PACK_VERSION,
    orderId: options.orderId,
    ...(options.context ? { context: options.context } : {}),
  });
  const events: FlagEvent[] = [];
  p.findings.forEach((finding, i) => {
    events.push({ ...base(i * 1_000), type: 'finding-shown', finding: loggedFinding(finding, order), mode: 'interruptive', timings: { extractMs: 1.2, engineMs: 0.8, renderMs: 3.1, totalMs: 5.1 }, order: summary });
  });
  const decide = (finding: Finding, offsetMs: number, kind: 'continued' | 'modified'): FlagEvent => {
    const at = new Date(options.at + offsetMs).toISOString();
    const reason = options.reason ?? OVERRIDE_REASONS[0].display;
    const why = kind !== 'continued' ? {} : typeof reason === 'string' ? { reason, reasonCode: reason } : { reason: reason.free };
    const action = kind === 'modified' ? finding.actions.find((a) => a.type !== 'confirm')?.type : undefined;
    return {
      ...base(offsetMs),
      type: 'decision',
      finding: loggedFinding(finding, order),
      decision: { findingRef: { orderId: options.orderId, ruleId: finding.ruleId, ...(finding.lineId ? { lineId: finding.lineId } : {}) }, decision: kind, ...why, ...(action ? { action } : {}), at },
    };
  };
  const check = (offsetMs: number, outcome: 'review' | 'clean'): FlagEvent => ({ ...base(offsetMs), type: 'submit-check', outcome, waitedMs: 12, order: summary });
  const review = (offsetMs: number, outcome: 'continued' | 'returned'): FlagEvent => ({ ...base(offsetMs), type: 'review', outcome, findingCount: p.findings.length });
  switch (options.story) {
    case 'continued':
      events.push(check(30_000, 'review'));
      p.findings.forEach((f, i) => events.push(decide(f, 40_000 + i, 'continued')));
      events.push(review(41_000, 'continued'));
      break;
    case 'returned':
      events.push(check(30_000, 'review'), review(35_000, 'returned'));
      p.findings.forEach((f, i) => events.push(decide(f, 60_000 + i, 'modified')));
      events.push(check(90_000, 'clean'));
      break;
    case 'corrected':
      p.findings.forEach((f, i) => events.push(decide(f, 20_000 + i, 'modified')));
      events.push(check(30_000, 'clean'));
      break;
    case 'not-submitted':
      break;
  }
  return events;
}
