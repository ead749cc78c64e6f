import type { AppealStep } from '../../../contract/review/verdicts';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';

/** Appeals as a finding's history shows them: who appealed, when, what; who decided, when, what, why. */

interface StepRow {
  id: string | number;
  verdict_id: string | number;
  text: string;
  submitted_at: Date;
  link_id: string | null;
  token_id: string | null;
  link_prescriber: string | null;
  link_name: string | null;
  token_label: string | null;
  decision: '维持' | '撤销' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decider_label: string | null;
  decided_at: Date | null;
  revised: '误报' | '合理使用' | null;
}

/** The appeal (and its decision) on each of the given verdicts, by verdict id. */
export async function appealSteps(db: Queryable, verdictIds: readonly number[]): Promise<Map<number, AppealStep>> {
  const steps = new Map<number, AppealStep>();
  if (verdictIds.length === 0) return steps;
  const rows = await db.query<StepRow>(
    `SELECT a.id, a.verdict_id, a.text, a.submitted_at, a.link_id, a.token_id, l.prescriber_id AS link_prescriber, p.name AS link_name,
            t.label AS token_label, a.decision, a.decision_reason, a.decided_by, d.label AS decider_label, a.decided_at, rv.verdict AS revised
     FROM appeals a
     LEFT JOIN appeal_links l ON l.id = a.link_id
     LEFT JOIN prescribers p ON p.id = l.prescriber_id
     LEFT JOIN tokens t ON t.id = a.token_id
     LEFT JOIN tokens d ON d.id = a.decided_by
     LEFT JOIN verdicts rv ON rv.id = a.revised_verdict_id
     WHERE a.verdict_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(verdictIds.map(String))],
  );
  for (const r of rows.rows) {
    const viaLink = r.link_id !== null;
    const step: AppealStep = {
      id: Number(r.id),
      text: r.text,
      at: toIso(r.submitted_at),
      via: viaLink ? 'link' : 'token',
      by: viaLink ? (r.link_prescriber ?? '') : (r.token_id ?? ''),
      byLabel: viaLink ? (r.link_name ?? r.link_prescriber ?? '') : (r.token_label ?? ''),
    };
    if (r.decision !== null && r.decided_at !== null) {
      step.decision = { outcome: r.decision, reason: r.decision_reason ?? '', by: r.decided_by ?? '', byLabel: r.decider_label ?? '', at: toIso(r.decided_at) };
      if (r.revised) step.decision.revisedVerdict = r.revised;
    }
    steps.set(Number(r.verdict_id), step);
  }
  return steps;
}
