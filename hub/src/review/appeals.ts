import type { AppealDecisionInput, AppealFinding, AppealFindings } from '../../../contract/review/appeals';
import { buildOrderGroup } from '../../../contract/review/group-orders';
import type { OrderKey } from '../../../contract/review/orders';
import type { AppealStep, VerdictState } from '../../../contract/review/verdicts';
import type { Db, Queryable, SqlParam } from '../db/db';
import { toIso } from '../db/time';
import { CURRENT_VERDICTS } from './final-verdict';
import { eventsOfOrders } from './orders';
import { appealSteps } from './appeal-steps';

/**
 * Appeals against 确认违规 verdicts (issue #11, item 5). A 确认违规 verdict opens a window
 * (verdicts.appeal_until, set by addVerdict); within it the doctor — through their appeal link —
 * or their 科室 lead appeals once, with a text; the 质控 decides 维持 (the verdict stands, final)
 * or 撤销 (a new verdict, 误报 or 合理使用, replaces it); a window that closes unappealed makes the
 * verdict final. Which verdicts are final: final-verdict.ts. Every step stays on record (appeals
 * table, verdict history) and shows in the finding's history.
 */

export const DEFAULT_APPEAL_DAYS = 3;

/** Whom an appeal request speaks for (http/appeal-auth.ts decides it from the credential). */
export type AppealAuthScope =
  | { kind: 'prescriber'; prescriberId: string; linkId: string }
  | { kind: 'department'; department: string; tokenId: string }
  | { kind: 'all'; tokenId: string };

/** The SQL condition on events `e` that keeps the scope's doctors, its value bound as `$n`. */
function scopeCondition(scope: AppealAuthScope, params: SqlParam[]): string {
  if (scope.kind === 'all') return 'true';
  params.push(scope.kind === 'prescriber' ? scope.prescriberId : scope.department);
  const n = `$${params.length}`;
  // A lead's doctors are the directory's: the 科室 the 医保办 recorded for each 医生编号.
  return scope.kind === 'prescriber' ? `e.prescriber_id = ${n}` : `e.prescriber_id IN (SELECT id FROM prescribers WHERE department = ${n})`;
}

const MAX_LISTED = 200;

interface OpenRow {
  verdict_id: string | number;
  state: VerdictState;
  at: Date;
  appeal_until: Date;
  comment: string | null;
  event_id: string;
  ws: string;
  oid: string | null;
  pk: string;
  prescriber_id: string | null;
  rule_name: string | null;
  p_name: string | null;
  p_department: string | null;
}

/** The scope's 确认违规 findings still open to appeal or appealed and undecided, soonest deadline first. */
export async function openFindings(db: Queryable, scope: AppealAuthScope, settings: { timeZone: string; appealDays: number }): Promise<AppealFindings> {
  const params: SqlParam[] = [];
  const where = scopeCondition(scope, params);
  const rows = await db.query<OpenRow>(
    `SELECT fv.verdict_id, fv.state, fv.at, fv.appeal_until, v.comment, e.id AS event_id, e.workstation_id AS ws, e.order_id AS oid,
            coalesce(e.patient_key, '') AS pk, e.prescriber_id, rn.name AS rule_name, p.name AS p_name, p.department AS p_department
     FROM ${CURRENT_VERDICTS} fv
     JOIN verdicts v ON v.id = fv.verdict_id
     JOIN events e ON e.id = fv.event_id
     LEFT JOIN rule_names rn ON rn.rule_id = e.rule_id
     LEFT JOIN prescribers p ON p.id = e.prescriber_id
     WHERE fv.verdict = '确认违规' AND fv.state <> 'final' AND ${where}
     ORDER BY fv.appeal_until, fv.verdict_id
     LIMIT ${MAX_LISTED}`,
    params,
  );
  const keys = new Map<string, OrderKey>();
  for (const r of rows.rows) if (r.oid) keys.set(JSON.stringify([r.ws, r.oid, r.pk]), [r.ws, r.oid, r.pk]);
  const orders = await eventsOfOrders(db, [...keys.values()]);
  const steps = await appealSteps(db, rows.rows.map((r) => Number(r.verdict_id)));
  const findings: AppealFinding[] = [];
  for (const r of rows.rows) {
    const events = r.oid ? orders.get(JSON.stringify([r.ws, r.oid, r.pk])) : undefined;
    if (!events || events.length === 0) continue;
    const group = buildOrderGroup([r.ws, r.oid!, r.pk], events);
    const finding = group.findings.find((f) => f.eventIds.includes(r.event_id));
    if (!finding) continue;
    const item: AppealFinding = {
      verdictId: Number(r.verdict_id),
      state: r.state,
      verdictAt: toIso(r.at),
      comment: r.comment,
      appealUntil: toIso(r.appeal_until),
      ruleId: finding.ruleId,
      ruleName: r.rule_name,
      kind: finding.kind,
      severity: finding.severity,
      prescriber: { id: r.prescriber_id ?? '', name: r.p_name, department: r.p_department },
      // The order as the doctor wrote it, without the workstation or the patient's key.
      order: { orderId: group.orderId, at: group.firstAt, lines: group.lines, diagnoses: group.diagnoses, ...(group.department ? { department: group.department } : {}) },
    };
    if (finding.message) item.message = finding.message;
    if (finding.basis) item.basis = finding.basis;
    if (finding.lineId !== undefined) item.lineId = finding.lineId;
    if (finding.amountAtRisk !== undefined) item.amountAtRisk = finding.amountAtRisk;
    const step = steps.get(item.verdictId);
    if (step) item.appeal = step;
    findings.push(item);
  }
  const scopeOut = await describeScope(db, scope);
  return { scope: scopeOut, timeZone: settings.timeZone, appealDays: settings.appealDays, findings };
}

async function describeScope(db: Queryable, scope: AppealAuthScope): Promise<AppealFindings['scope']> {
  if (scope.kind === 'department') return { kind: 'department', department: scope.department };
  if (scope.kind === 'all') return { kind: 'all' };
  const row = (await db.query<{ name: string; department: string | null }>('SELECT name, department FROM prescribers WHERE id = $1', [scope.prescriberId])).rows[0];
  return { kind: 'prescriber', prescriberId: scope.prescriberId, name: row?.name ?? null, department: row?.department ?? null };
}

export type SubmitAppealOutcome = { ok: true; appeal: AppealStep } | { ok: false; reason: 'not-found' | 'already-appealed' | 'closed' };

/**
 * Appeals verdict `verdictId` for the scope. One statement decides: the verdict must be the
 * finding's current 确认违规, its window open, unappealed, and its doctor in the scope — the
 * window is judged by the database's clock at the moment of writing, never by the page's.
 */
export async function submitAppeal(db: Queryable, scope: AppealAuthScope, verdictId: number, text: string): Promise<SubmitAppealOutcome> {
  const params: SqlParam[] = [verdictId, text, scope.kind === 'prescriber' ? scope.linkId : null, scope.kind === 'prescriber' ? null : scope.tokenId];
  const where = scopeCondition(scope, params);
  const inserted = await db.query<{ id: string | number }>(
    `INSERT INTO appeals (verdict_id, text, link_id, token_id)
     SELECT fv.verdict_id, $2, $3, $4 FROM ${CURRENT_VERDICTS} fv JOIN events e ON e.id = fv.event_id
     WHERE fv.verdict_id = $1 AND fv.state = 'appeal-open' AND ${where}
     ON CONFLICT (verdict_id) DO NOTHING
     RETURNING id`,
    params,
  );
  if (inserted.rows.length === 0) {
    const seenParams: SqlParam[] = [verdictId];
    const seen = await db.query<{ state: VerdictState; verdict: string }>(
      `SELECT fv.state, fv.verdict FROM ${CURRENT_VERDICTS} fv JOIN events e ON e.id = fv.event_id WHERE fv.verdict_id = $1 AND ${scopeCondition(scope, seenParams)}`,
      seenParams,
    );
    const row = seen.rows[0];
    // Out of scope, superseded by a newer verdict, or not 确认违规: nothing the caller may appeal.
    if (!row || row.verdict !== '确认违规') return { ok: false, reason: 'not-found' };
    return { ok: false, reason: row.state === 'appealed' || (await hasAppeal(db, verdictId)) ? 'already-appealed' : 'closed' };
  }
  return { ok: true, appeal: (await appealSteps(db, [verdictId])).get(verdictId)! };
}

async function hasAppeal(db: Queryable, verdictId: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM appeals WHERE verdict_id = $1', [verdictId])).rows.length > 0;
}

export type DecideOutcome = { ok: true; appeal: AppealStep } | { ok: false; reason: 'not-found' | 'already-decided' | 'superseded' };

/**
 * The 质控's decision. 维持: the 确认违规 verdict is final. 撤销: the revised verdict is recorded as
 * the finding's newest, in the same transaction, with the reason as its comment. An appeal whose
 * verdict was since replaced by another verdict has nothing left to decide.
 */
export async function decideAppeal(db: Db, appealId: number, decidedBy: string, input: AppealDecisionInput): Promise<DecideOutcome> {
  const verdictId = await db.transaction(async (tx) => {
    const found = await tx.query<{ verdict_id: string | number; decided_at: Date | null; event_id: string; current_id: string | number }>(
      `SELECT a.verdict_id, a.decided_at, v.event_id,
              (SELECT c.id FROM verdicts c WHERE c.event_id = v.event_id ORDER BY c.at DESC, c.id DESC LIMIT 1) AS current_id
       FROM appeals a JOIN verdicts v ON v.id = a.verdict_id WHERE a.id = $1 FOR UPDATE OF a`,
      [appealId],
    );
    const row = found.rows[0];
    if (!row) return 'not-found' as const;
    if (row.decided_at !== null) return 'already-decided' as const;
    if (Number(row.current_id) !== Number(row.verdict_id)) return 'superseded' as const;
    let revised: number | null = null;
    if (input.outcome === '撤销') {
      const added = await tx.query<{ id: string | number }>('INSERT INTO verdicts (event_id, reviewer, verdict, comment) VALUES ($1, $2, $3, $4) RETURNING id', [
        row.event_id,
        decidedBy,
        input.revisedVerdict!,
        input.reason,
      ]);
      revised = Number(added.rows[0]!.id);
    }
    await tx.query('UPDATE appeals SET decision = $2, decision_reason = $3, decided_by = $4, decided_at = now(), revised_verdict_id = $5 WHERE id = $1', [
      appealId,
      input.outcome,
      input.reason,
      decidedBy,
      revised,
    ]);
    return Number(row.verdict_id);
  });
  if (typeof verdictId === 'string') return { ok: false, reason: verdictId };
  return { ok: true, appeal: (await appealSteps(db, [verdictId])).get(verdictId)! };
}
