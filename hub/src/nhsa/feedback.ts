import { OVERRIDE_REASONS, type Decision, type ReasonCode } from '../../../contract/decision';
import type { FlagEvent } from '../../../contract/flag-event';
import { DSPO_WAY_CONTINUE } from '../../../rules/interop/nhsa-codes';
import { describeIssuesZh, errMsgZh } from '../../../rules/interop/nhsa-errors';
import { Incoming3103DataSchema, type Incoming3103Data } from '../../../rules/interop/nhsa3103';
import type { Queryable } from '../db/db';
import type { EventRow } from '../events/row';
import { answerError, answerOk, type NhsaAnswer } from './envelope';
import { baseOf, eventId, toRow, type CallContext } from './log-events';
import type { EventWriter } from './writer';

/**
 * 3103 事前事中服务反馈: the doctor's disposition of each 3101 result, recorded as the extension
 * records a decision — on the same finding (the finding-shown record stored under that jr_id),
 * with its order, rule, line, department, doctor and patient digest — plus a `review` record per
 * order, so the 质控's review and the override statistics show HIS decisions beside the
 * extension's. 1 继续执行医嘱 is `continued` with its reason, 2 返回修改医嘱 is `modified`.
 */

type ShownEvent = Extract<FlagEvent, { type: 'finding-shown' }>;

interface Shown {
  jrId: string;
  eventId: string;
  event: ShownEvent;
}

/** The newest finding-shown record of each jr_id among this calling system's own records. */
async function findShown(db: Queryable, workstationId: string, jrIds: readonly string[]): Promise<Map<string, Shown>> {
  const result = await db.query<{ jr_id: string; id: string; payload: ShownEvent | string }>(
    `SELECT DISTINCT ON (jr_id) jr_id, id, payload FROM events
     WHERE jr_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND workstation_id = $2 AND type = 'finding-shown'
     ORDER BY jr_id, at DESC, id DESC`,
    [JSON.stringify([...new Set(jrIds)]), workstationId],
  );
  return new Map(
    result.rows.map((row) => [
      row.jr_id,
      { jrId: row.jr_id, eventId: row.id, event: typeof row.payload === 'string' ? (JSON.parse(row.payload) as ShownEvent) : row.payload },
    ]),
  );
}

const PRESET = new Map<string, ReasonCode>(OVERRIDE_REASONS.map((r) => [r.display, r.display]));

function decisionOf(warn: Incoming3103Data['warns'][number], shown: ShownEvent, at: string): Decision {
  const findingRef: Decision['findingRef'] = { orderId: shown.orderId, ruleId: shown.finding.ruleId };
  if (shown.finding.lineId !== undefined) findingRef.lineId = shown.finding.lineId;
  if (warn.dspo_way !== DSPO_WAY_CONTINUE) return { findingRef, decision: 'modified', at, ...(warn.dspo_way_rea ? { reason: warn.dspo_way_rea } : {}) };
  const reason = warn.dspo_way_rea!;
  const preset = PRESET.get(reason.trim());
  return { findingRef, decision: 'continued', reason, ...(preset ? { reasonCode: preset } : {}), at };
}

function rowsOf(call: CallContext, data: Incoming3103Data, found: Map<string, Shown>): EventRow[] {
  const at = call.receipt.at.toISOString();
  const rows: (EventRow | undefined)[] = [];
  const byOrder = new Map<string, { shown: ShownEvent; returned: boolean; count: number }>();
  for (const warn of data.warns) {
    const { event: shown, eventId: shownId } = found.get(warn.warn_rslt_id)!;
    const decision = decisionOf(warn, shown, at);
    const record: FlagEvent = {
      // One decision per shown finding and disposition: a re-sent 3103 stores nothing twice.
      id: eventId(call, 'decision', shownId, warn.dspo_way, warn.dspo_way_rea ?? ''),
      ...baseOf(call),
      ...(shown.packVersion === undefined ? {} : { packVersion: shown.packVersion }),
      orderId: shown.orderId,
      ...(shown.context === undefined ? {} : { context: shown.context }),
      type: 'decision',
      finding: shown.finding,
      decision,
    };
    rows.push(toRow(record, call, warn.warn_rslt_id));
    const order = byOrder.get(shown.orderId) ?? { shown, returned: false, count: 0 };
    order.returned ||= decision.decision === 'modified';
    order.count++;
    byOrder.set(shown.orderId, order);
  }
  for (const [orderId, { shown, returned, count }] of byOrder) {
    const review: FlagEvent = {
      id: eventId(call, 'review', orderId, ...data.warns.map((w) => `${w.warn_rslt_id}:${w.dspo_way}`)),
      ...baseOf(call),
      ...(shown.packVersion === undefined ? {} : { packVersion: shown.packVersion }),
      orderId,
      ...(shown.context === undefined ? {} : { context: shown.context }),
      type: 'review',
      outcome: returned ? 'returned' : 'continued',
      findingCount: count,
    };
    rows.push(toRow(review, call));
  }
  return rows.filter((r): r is EventRow => r !== undefined);
}

export async function feedback3103(db: Queryable, writer: EventWriter, call: CallContext, body: unknown, data: unknown): Promise<NhsaAnswer> {
  const parsed = parse3103(data, body);
  if (!parsed.ok) return answerError(call.receipt, parsed.message);
  // Every 3101 answer followed its commit, in whichever hub process gave it: a jr_id the HIS
  // received is in the log by now, and one that is not was never answered.
  const found = await findShown(db, call.workstationId, parsed.data.warns.map((w) => w.warn_rslt_id));
  const unknown = parsed.data.warns.flatMap((w, i) =>
    found.has(w.warn_rslt_id) ? [] : [`input.data.warns[${i}].warn_rslt_id（提醒结果ID）：未找到 ${w.warn_rslt_id}，须为本系统此前 3101/3102 返回的 jr_id`],
  );
  // All or nothing: a HIS fixing one id re-sends the message, and nothing of it is stored twice.
  if (unknown.length > 0) return answerError(call.receipt, errMsgZh(unknown));
  await writer.write({ rows: rowsOf(call, parsed.data, found) });
  return answerOk(call.receipt, { recorded: parsed.data.warns.length });
}

function parse3103(data: unknown, body: unknown): { ok: true; data: Incoming3103Data } | { ok: false; message: string } {
  const parsed = Incoming3103DataSchema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: errMsgZh(describeIssuesZh(parsed.error, body, ['input', 'data'])) };
}
