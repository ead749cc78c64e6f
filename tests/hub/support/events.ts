import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlagEvent, EventContext } from '../../../contract/flag-event';
import type { UploadedEvent } from '../../../contract/upload-batch';
import type { RuleKind } from '../../../contract/findings';

/**
 * Flag events as the extension records them, about real rules: ids, kinds and 医保编码 come from
 * the committed demo pack (built from ../shared/data by scripts/build-demo-pack.ts).
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RealRule {
  id: string;
  kind: RuleKind;
  code: string;
  name: string;
}

let rules: RealRule[] | undefined;

/** One rule of each kind the demo pack has, then the rest, in pack order. */
export function realRules(): RealRule[] {
  if (rules) return rules;
  const pack = JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules/packs/demo-pack.json'), 'utf8')) as {
    version: string;
    rules: { id: string; kind: RuleKind; name?: string; match?: { codes?: string[]; prefixes?: string[] } }[];
  };
  const usable = pack.rules
    .map((r) => ({ id: r.id, kind: r.kind, code: r.match?.codes?.[0] ?? r.match?.prefixes?.[0] ?? '', name: r.name ?? r.id }))
    .filter((r) => r.code !== '');
  const firstOfKind = usable.filter((r, i) => usable.findIndex((o) => o.kind === r.kind) === i);
  rules = [...firstOfKind, ...usable.filter((r) => !firstOfKind.includes(r))];
  return rules;
}

export const DEMO_PACK_VERSION = '2026.11.1';

const base = (at: string) => ({
  id: randomUUID(),
  at,
  sessionId: 'sess-1',
  profileId: 'his-demo',
  page: 'https://his.example.cn/outpatient/order',
  packVersion: DEMO_PACK_VERSION,
  orderId: 'rx-20261122-001',
});

export type FindingShownUpload = Extract<UploadedEvent, { type: 'finding-shown' }>;

export function findingShown(rule: RealRule, options: { at?: string; context?: EventContext; amountAtRisk?: number } = {}): FindingShownUpload {
  return {
    ...base(options.at ?? '2026-11-22T02:15:00.000Z'),
    type: 'finding-shown',
    finding: { ruleId: rule.id, kind: rule.kind, severity: 'warning', lineId: 'l1', lineCode: rule.code, amountAtRisk: options.amountAtRisk ?? 36.5 },
    mode: 'interruptive',
    timings: { extractMs: 1.2, engineMs: 0.7, renderMs: 3.1, totalMs: 5.0 },
    ...(options.context ? { context: options.context } : {}),
  };
}

export function decision(
  rule: RealRule,
  kind: 'modified' | 'removed-line' | 'continued' | 'ignored',
  options: { at?: string; context?: EventContext; reasonCode?: '临床必需且已告知患者' | '患者同意自费' | '已获审批' } = {},
): UploadedEvent {
  const at = options.at ?? '2026-11-22T02:16:00.000Z';
  const event: FlagEvent = {
    ...base(at),
    type: 'decision',
    finding: { ruleId: rule.id, kind: rule.kind, severity: 'warning', lineId: 'l1', lineCode: rule.code },
    decision: {
      findingRef: { orderId: 'rx-20261122-001', ruleId: rule.id, lineId: 'l1' },
      decision: kind,
      ...(kind === 'continued' ? { reason: options.reasonCode ?? '临床必需且已告知患者', reasonCode: options.reasonCode ?? '临床必需且已告知患者' } : {}),
      at,
    },
  };
  return options.context ? { ...event, context: options.context } : event;
}

export function submitCheck(at = '2026-11-22T02:17:00.000Z'): UploadedEvent {
  return { ...base(at), type: 'submit-check', outcome: 'review', waitedMs: 12 };
}

/** `n` finding-shown events spread over real rules, one minute apart from `start`. */
export function manyShown(n: number, start = Date.parse('2026-11-01T00:00:00Z')): UploadedEvent[] {
  const all = realRules();
  return Array.from({ length: n }, (_, i) => findingShown(all[i % all.length]!, { at: new Date(start + i * 60_000).toISOString() }));
}
