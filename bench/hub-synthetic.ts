import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../hub/src/db/db';
import type { UploadedEvent } from '../contract/upload-batch';
import { rebuildRollup } from '../hub/src/stats/rollup';

/**
 * Synthetic flag events for the hub benchmark, about the real rules of the committed demo pack
 * (rules/packs/demo-pack.json, built from ../shared/data). Upload batches are built in JS, as a
 * workstation would send them; the million-row table for the aggregates is generated inside the
 * database with generate_series, which is what makes a million rows take seconds, not minutes.
 */

export interface BenchRule {
  id: string;
  kind: string;
  code: string;
}

export function loadRules(repoRoot: string): BenchRule[] {
  const pack = JSON.parse(readFileSync(path.join(repoRoot, 'rules/packs/demo-pack.json'), 'utf8')) as {
    rules: { id: string; kind: string; match?: { codes?: string[]; prefixes?: string[] } }[];
  };
  return pack.rules.map((r) => ({ id: r.id, kind: r.kind, code: r.match?.codes?.[0] ?? r.match?.prefixes?.[0] ?? '' }));
}

export const DEPARTMENTS = ['心血管内科', '呼吸内科', '消化内科', '神经内科', '内分泌科', '肾内科', '儿科', '妇科', '产科', '骨科', '普外科', '泌尿外科', '眼科', '耳鼻喉科', '口腔科', '皮肤科', '中医科', '康复医学科', '肿瘤科', '急诊科'];

const REASONS = ['临床必需且已告知患者', '患者同意自费', '已获审批', '外院检查结果待补录', '规则不适用(反馈医保办)'] as const;

/** One upload batch: two findings shown for every decision, like a day at a workstation. */
export function uploadBatch(rules: readonly BenchRule[], batchIndex: number, size: number, runId: string): UploadedEvent[] {
  return Array.from({ length: size }, (_, i) => {
    const n = batchIndex * size + i;
    const rule = rules[n % rules.length]!;
    const at = new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString();
    const finding = { ruleId: rule.id, kind: rule.kind as never, severity: 'warning' as const, lineId: `l${n % 7}`, lineCode: rule.code, amountAtRisk: 20 + (n % 50) };
    const common = {
      id: `${runId}-${n.toString(36)}-0000-0000`,
      at,
      sessionId: `s-${batchIndex}`,
      profileId: 'his-demo',
      page: 'https://his.example.cn/outpatient/order',
      packVersion: '2026.11.1',
      orderId: `rx-${Math.floor(n / 3)}`,
      context: { department: DEPARTMENTS[n % DEPARTMENTS.length]!, prescriberId: `D${(n % 400).toString().padStart(4, '0')}` },
    };
    if (n % 3 !== 2) {
      return { ...common, type: 'finding-shown', finding, mode: 'interruptive', timings: { extractMs: 1.1, engineMs: 0.6, renderMs: 2.9, totalMs: 4.6 } };
    }
    const continued = n % 10 < 3;
    return {
      ...common,
      type: 'decision',
      finding,
      decision: {
        findingRef: { orderId: common.orderId, ruleId: rule.id, lineId: finding.lineId },
        decision: continued ? 'continued' : 'modified',
        ...(continued ? { reason: REASONS[n % REASONS.length]!, reasonCode: REASONS[n % REASONS.length]! } : {}),
        at,
      },
    };
  });
}

/**
 * Fills the events table with `count` events over the year before `end`: two findings shown per
 * decision; decisions 30% continued, 40% modified, 10% removed, 20% ignored; 20 departments, 400
 * doctors, 40 workstations (each drawn independently of the decision), rules drawn from the real pack. The payload is a record of realistic size.
 */
export async function generateEvents(db: Db, rules: readonly BenchRule[], count: number, end: Date, chunk = 250_000): Promise<void> {
  const ids = rules.map((r) => r.id);
  const kinds = rules.map((r) => r.kind);
  const codes = rules.map((r) => r.code);
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await db.query(
      `INSERT INTO events (id, type, at, workstation_id, session_id, profile_id, page, pack_version, order_id,
         rule_id, kind, severity, line_id, line_code, amount_at_risk, mode, decision, reason_code, total_ms,
         department, prescriber_id, payload)
       SELECT 'synthetic-' || g,
         t.type,
         $5::timestamptz - make_interval(secs => g * (31536000.0 / $2)),
         'ws-' || ((g / 11) % 40), 's-' || (g / 50), 'his-demo', 'https://his.example.cn/outpatient/order', '2026.11.1', 'rx-' || (g / 3),
         r.rule_id, r.kind, CASE WHEN g % 5 = 0 THEN 'critical' ELSE 'warning' END, 'l' || (g % 7), r.code,
         CASE WHEN t.type = 'finding-shown' THEN 20 + (g % 50) END,
         CASE WHEN t.type = 'finding-shown' THEN 'interruptive' END,
         d.decision,
         CASE WHEN d.decision = 'continued' THEN ($7::text[])[1 + g % 5] END,
         CASE WHEN t.type = 'finding-shown' THEN 3 + (g % 9) END,
         ($8::text[])[1 + (g / 3) % 20], 'D' || lpad(((g / 7) % 400)::text, 4, '0'),
         jsonb_build_object('id', 'synthetic-' || g, 'type', t.type, 'sessionId', 's-' || (g / 50), 'profileId', 'his-demo',
           'page', 'https://his.example.cn/outpatient/order', 'packVersion', '2026.11.1', 'orderId', 'rx-' || (g / 3),
           'finding', jsonb_build_object('ruleId', r.rule_id, 'kind', r.kind, 'severity', 'warning', 'lineId', 'l' || (g % 7), 'lineCode', r.code))
       FROM generate_series($3::int, $4::int) AS g
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 3 = 2 THEN 'decision' ELSE 'finding-shown' END AS type) t
       CROSS JOIN LATERAL (SELECT CASE WHEN t.type <> 'decision' THEN NULL
                                       WHEN g % 10 < 3 THEN 'continued' WHEN g % 10 < 7 THEN 'modified'
                                       WHEN g % 10 < 8 THEN 'removed-line' ELSE 'ignored' END AS decision) d
       CROSS JOIN LATERAL (SELECT ($1::text[])[1 + (g::bigint * 7919) % $6] AS rule_id, ($9::text[])[1 + (g::bigint * 7919) % $6] AS kind,
                                  ($10::text[])[1 + (g::bigint * 7919) % $6] AS code) r`,
      [toPgArray(ids), count, from, to, end, ids.length, toPgArray([...REASONS]), toPgArray(DEPARTMENTS), toPgArray(kinds), toPgArray(codes)],
    );
  }
  // Bulk loading bypasses ingestion, so the rollup is recounted once at the end.
  await rebuildRollup(db);
  await db.exec('VACUUM ANALYZE events');
  await db.exec('ANALYZE event_rollup');
}

/** A text[] literal: both drivers accept arrays as parameters, but the literal form is the same everywhere. */
function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
