import type { AppealQueue, AppealQueueQuery, OpenByPrescriber, QueuedAppeal } from '../../../contract/review/appeals';
import { encodeOrderKey } from '../../../contract/review/orders';
import type { UploadedEvent } from '../../../contract/upload-batch';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import { appealSteps } from './appeal-steps';
import { CURRENT_VERDICTS } from './final-verdict';

/**
 * The 质控's side of appeals: appeals awaiting a decision (oldest first) or decided (newest
 * first), each with the finding and where to open its prescription; and the doctors whose
 * 确认违规 findings are open to appeal, to send each a link.
 */

interface QueueRow {
  verdict_id: string | number;
  event_id: string;
  ws: string;
  oid: string | null;
  pk: string;
  rule_id: string;
  rule_name: string | null;
  payload: UploadedEvent | string;
  verdict_at: Date;
  verdict_comment: string | null;
  appeal_until: Date | null;
  prescriber_id: string | null;
  p_name: string | null;
  p_department: string | null;
}

const QUEUE_COLUMNS = `v.id AS verdict_id, e.id AS event_id, e.workstation_id AS ws, e.order_id AS oid, coalesce(e.patient_key, '') AS pk,
  e.rule_id, rn.name AS rule_name, e.payload, v.at AS verdict_at, v.comment AS verdict_comment, v.appeal_until,
  e.prescriber_id, p.name AS p_name, p.department AS p_department`;
const QUEUE_JOINS = `JOIN verdicts v ON v.id = a.verdict_id
  JOIN events e ON e.id = v.event_id
  LEFT JOIN rule_names rn ON rn.rule_id = e.rule_id
  LEFT JOIN prescribers p ON p.id = e.prescriber_id`;

export async function appealQueue(db: Queryable, query: AppealQueueQuery, appealDays: number): Promise<AppealQueue> {
  // Pending: the appealed verdict is still the finding's current one (a 质控 who re-judged the
  // finding meanwhile has answered it another way; the appeal stays in its history).
  const rows =
    query.state === 'pending'
      ? await db.query<QueueRow>(
          `SELECT ${QUEUE_COLUMNS} FROM ${CURRENT_VERDICTS} fv JOIN appeals a ON a.verdict_id = fv.verdict_id ${QUEUE_JOINS}
           WHERE fv.state = 'appealed' ORDER BY a.submitted_at, a.id LIMIT $1`,
          [query.limit],
        )
      : await db.query<QueueRow>(`SELECT ${QUEUE_COLUMNS} FROM appeals a ${QUEUE_JOINS} WHERE a.decided_at IS NOT NULL ORDER BY a.decided_at DESC, a.id DESC LIMIT $1`, [query.limit]);
  const steps = await appealSteps(db, rows.rows.map((r) => Number(r.verdict_id)));
  const appeals: QueuedAppeal[] = rows.rows.map((r) => {
    const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as UploadedEvent) : r.payload;
    const message = 'finding' in payload ? payload.finding.message : undefined;
    const item: QueuedAppeal = {
      appeal: steps.get(Number(r.verdict_id))!,
      verdictId: Number(r.verdict_id),
      eventId: r.event_id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      verdictAt: toIso(r.verdict_at),
      verdictComment: r.verdict_comment,
      appealUntil: r.appeal_until === null ? null : toIso(r.appeal_until),
      prescriber: r.prescriber_id === null ? null : { id: r.prescriber_id, name: r.p_name, department: r.p_department },
    };
    if (r.oid) {
      item.orderKey = encodeOrderKey([r.ws, r.oid, r.pk]);
      item.orderId = r.oid;
    }
    if (message) item.message = message;
    return item;
  });
  return { appeals, open: await openByPrescriber(db), appealDays };
}

async function openByPrescriber(db: Queryable): Promise<OpenByPrescriber[]> {
  const rows = await db.query<{ prescriber_id: string; name: string | null; department: string | null; open: number; next_deadline: Date; link_created_at: Date | null }>(
    `SELECT e.prescriber_id, p.name, p.department, count(*)::int AS open, min(fv.appeal_until) AS next_deadline,
            (SELECT max(l.created_at) FROM appeal_links l WHERE l.prescriber_id = e.prescriber_id AND l.revoked_at IS NULL AND l.expires_at > now()) AS link_created_at
     FROM ${CURRENT_VERDICTS} fv
     JOIN events e ON e.id = fv.event_id
     LEFT JOIN prescribers p ON p.id = e.prescriber_id
     WHERE fv.state = 'appeal-open' AND e.prescriber_id IS NOT NULL
     GROUP BY e.prescriber_id, p.name, p.department
     ORDER BY next_deadline, e.prescriber_id
     LIMIT 200`,
  );
  return rows.rows.map((r) => ({
    prescriberId: r.prescriber_id,
    name: r.name,
    department: r.department,
    open: r.open,
    nextDeadline: toIso(r.next_deadline),
    linkCreatedAt: r.link_created_at === null ? null : toIso(r.link_created_at),
  }));
}
