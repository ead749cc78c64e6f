import { z } from 'zod';
import type { CheckResult, Finding } from '../../contract/findings';
import type { LineKind, Order } from '../../contract/order';
import type { Rule } from '../pack/schema';
import { SEV_DEG } from './nhsa-codes';
import { KIND_NAMES } from '../kinds/names';
import { groupByRef, type FindingGroup } from './finding-ref';
import type { Link3101 } from './nhsa3101';

/**
 * The 3101 response `output.result[]`, field names as in ../shared/docs/nhsa-3101.md. One result per
 * rule and line (see groupByRef), so every jr_id is unique and a 3103 decision answers it.
 */

export const JudgeResultDetailSchema = z.object({
  jrd_id: z.string(),
  patn_id: z.string(),
  mdtrt_id: z.string(),
  rx_id: z.string(),
  vola_item_type: z.string().optional(),
  vola_amt: z.number().nonnegative().optional(),
});

export const JudgeResultSchema = z.object({
  jr_id: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  vola_cont: z.string(),
  vola_evid: z.string(),
  sev_deg: z.string(),
  vola_bhvr_type: z.string(),
  vola_amt: z.number().nonnegative().optional(),
  patn_id: z.string(),
  mdtrt_id: z.string(),
  task_id: z.string().optional(),
  judge_result_detail_dtos: z.array(JudgeResultDetailSchema),
});

export const Response3101Schema = z.object({ output: z.object({ result: z.array(JudgeResultSchema) }) });

export type JudgeResultDetail = z.infer<typeof JudgeResultDetailSchema>;
export type JudgeResult = z.infer<typeof JudgeResultSchema>;
export type Response3101 = z.infer<typeof Response3101Schema>;

export interface ResultContext {
  /** Ids the request used, from the 3101 conversion. Orders without a link answer with their own ids. */
  links?: readonly Link3101[];
  /** Rules of the pack, for rule names. */
  rules?: readonly Pick<Rule, 'id' | 'name' | 'kind'>[];
  /** The checked orders, to tell the platform what kind of item each flagged line is. */
  orders?: readonly Order[];
}

/** hilist_type of a line kind, reused as the 违规项目类型 of a detail. */
const ITEM_TYPE: Record<LineKind, string> = { drug: '101', item: '201', material: '301' };

function ruleName(finding: Finding, rule: Pick<Rule, 'name' | 'kind'> | undefined): string {
  const kind = KIND_NAMES[rule?.kind ?? finding.kind].zh;
  return rule?.name ? `${kind}：${rule.name}` : kind;
}

function evidenceOf(finding: Finding): string {
  return [finding.basis, finding.detail].filter((s): s is string => !!s).join('；') || KIND_NAMES[finding.kind].zh;
}

const unique = <T>(values: readonly (T | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v !== undefined))];

function toJudgeResult(
  group: FindingGroup,
  link: Link3101 | undefined,
  rule: Pick<Rule, 'name' | 'kind'> | undefined,
  order: Order | undefined,
): JudgeResult {
  const { ref, findings, jrId } = group;
  const primary = findings[0];
  const patnId = link?.patnId ?? order?.patient.key ?? '';
  const mdtrtId = link?.mdtrtId ?? ref.orderId;
  const amounts = unique(findings.map((f) => f.amountAtRisk));
  const amount = amounts.length ? Math.max(...amounts) : undefined;
  // A cross-line finding (duplicates) concerns every related line; its amount belongs to its own line.
  const lineIds = unique([ref.lineId, ...findings.flatMap((f) => f.relatedLineIds ?? [])]);
  const details = lineIds.map((rxId, i): JudgeResultDetail => {
    const detail: JudgeResultDetail = { jrd_id: `${jrId}-${i + 1}`, patn_id: patnId, mdtrt_id: mdtrtId, rx_id: rxId };
    const kind = order?.lines.find((l) => l.id === rxId)?.kind;
    if (kind) detail.vola_item_type = ITEM_TYPE[kind];
    if (rxId === ref.lineId && amount !== undefined) detail.vola_amt = amount;
    return detail;
  });
  const out: JudgeResult = {
    jr_id: jrId,
    rule_id: ref.ruleId,
    rule_name: ruleName(primary, rule),
    vola_cont: unique(findings.map((f) => f.message)).join('；'),
    vola_evid: evidenceOf(primary),
    sev_deg: SEV_DEG[primary.severity],
    vola_bhvr_type: primary.kind,
    patn_id: patnId,
    mdtrt_id: mdtrtId,
    judge_result_detail_dtos: details,
  };
  if (amount !== undefined) out.vola_amt = amount;
  if (link?.taskId !== undefined) out.task_id = link.taskId;
  return out;
}

/** Findings of the checked orders as one 3101 response. */
export function to3101Response(results: readonly CheckResult[], context: ResultContext = {}): Response3101 {
  const links = new Map((context.links ?? []).map((l) => [l.orderId, l]));
  const rules = new Map((context.rules ?? []).map((r) => [r.id, r]));
  const orders = new Map((context.orders ?? []).map((o) => [o.id, o]));
  const result = results.flatMap((r) =>
    groupByRef(r.orderId, r.findings).map((g) =>
      toJudgeResult(g, links.get(r.orderId), rules.get(g.ref.ruleId), orders.get(r.orderId)),
    ),
  );
  return { output: { result } };
}
