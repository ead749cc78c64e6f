import type { ListedEvent } from '../../../contract/review/events';
import { buildOrderGroup } from '../../../contract/review/group-orders';
import type { MonthlyReport, MonthlyReportQuery, ReportRow } from '../../../contract/review/monthly-report';
import type { OrderFinding, OrderGroup, OrderKey } from '../../../contract/review/orders';
import type { LoggedLine } from '../../../contract/order-summary';
import { addDays, startOfDay } from '../../../contract/review/zoned-time';
import type { Queryable } from '../db/db';
import { eventsOfOrders } from '../review/orders';

/**
 * The monthly report (issue #11, item 4), per 科室 and per 医生. What each figure counts:
 *
 * - **Orders of the period**: prescriptions (workstation, 医嘱编号, patient key — as 处方复核 groups
 *   them) whose *first* record falls on the period's days in the hospital's zone; every record of
 *   such an order counts, whenever written (a decision just after midnight stays with its order).
 * - **科室** of an order: the department its records name, else the directory's 科室 of its doctor;
 *   **医生**: the prescriber its records name (names from the directory).
 * - **alerts**: findings (a rule on a line, contract/review/group-orders.ts) shown to the doctor.
 *   **fixed**: findings whose doctor's newest decision was 修改 or 删除该行. **continued**: findings
 *   whose newest decision was 继续提交 with a reason (preset or written).
 * - **confirmed**: findings whose current verdict is 确认违规 and final (review/final-verdict.ts —
 *   the same definition every verdict count uses); **pending**: 确认违规 not yet final.
 * - **atRisk** (¥): the lines carrying a final 确认违规 finding, each line once per order, valued at
 *   单价 × 数量 as the newest order summary recorded with the order shows it (the line as
 *   submitted; if it is no longer there, as last shown with the finding).
 * - **avoided** (¥): the lines carrying a finding the doctor answered with 修改 or 删除该行, each
 *   line once per order, valued at 单价 × 数量 as the line stood when the finding was last shown
 *   before that decision (a modified line may still be partly billed: this is an upper bound).
 * - A line without 单价 or 数量 in the record is **not counted as 0**: it is counted in
 *   `atRiskUnpriced` / `avoidedUnpriced`, and the report says the amount is unknown for that many.
 *   Amounts are summed in whole fen (each line rounded to the fen first).
 * - **topRules**: the three rules with most alerts (ties by rule id), by name.
 */

const CHUNK = 300;
const TOP_RULES = 3;

interface Tally {
  key: string | null;
  orders: number;
  alerts: number;
  fixed: number;
  continued: number;
  confirmed: number;
  pending: number;
  atRiskFen: number;
  atRiskUnpriced: number;
  avoidedFen: number;
  avoidedUnpriced: number;
  rules: Map<string, number>;
}

const tally = (key: string | null): Tally => ({ key, orders: 0, alerts: 0, fixed: 0, continued: 0, confirmed: 0, pending: 0, atRiskFen: 0, atRiskUnpriced: 0, avoidedFen: 0, avoidedUnpriced: 0, rules: new Map() });

/** A line's value in fen, or undefined when the record does not say its price and quantity. */
export function lineFen(line: LoggedLine | undefined): number | undefined {
  if (!line || line.price === undefined || line.quantity === undefined) return undefined;
  return Math.round(line.price * line.quantity * 100);
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const FIXED = new Set(['modified', 'removed-line']);

/** What one order adds: its counts and, per line, whether it is at risk or avoided and what it is worth. */
function orderFigures(group: OrderGroup, events: readonly ListedEvent[]) {
  const byId = new Map(events.map((e) => [e.event.id, e]));
  const shownLine = (finding: OrderFinding, before?: string): LoggedLine | undefined => {
    const shown = finding.eventIds
      .map((id) => byId.get(id)!.event)
      .filter((e) => e.type === 'finding-shown' && (before === undefined || Date.parse(e.at) <= Date.parse(before)))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    for (const e of shown) {
      const line = e.type === 'finding-shown' ? e.order?.lines.find((l) => l.id === finding.lineId) : undefined;
      if (line) return line;
    }
    return undefined;
  };
  const atRisk = new Map<string, LoggedLine | undefined>();
  const avoided = new Map<string, LoggedLine | undefined>();
  const counts = { alerts: 0, fixed: 0, continued: 0, confirmed: 0, pending: 0, rules: [] as string[] };
  for (const f of group.findings) {
    if (f.shownAt !== undefined) {
      counts.alerts++;
      counts.rules.push(f.ruleId);
    }
    const decision = f.decision?.decision;
    if (decision && FIXED.has(decision)) {
      counts.fixed++;
      if (f.lineId !== undefined && !avoided.has(f.lineId)) avoided.set(f.lineId, shownLine(f, f.decision!.at));
    }
    if (decision === 'continued' && (f.decision!.reason || f.decision!.reasonCode)) counts.continued++;
    if (f.verdict?.verdict === '确认违规') {
      if (f.verdict.state === 'final') {
        counts.confirmed++;
        if (f.lineId !== undefined && !atRisk.has(f.lineId)) atRisk.set(f.lineId, group.lines.find((l) => l.id === f.lineId) ?? shownLine(f));
      } else counts.pending++;
    }
  }
  return { ...counts, atRisk: [...atRisk.values()].map(lineFen), avoided: [...avoided.values()].map(lineFen) };
}

function add(t: Tally, figures: ReturnType<typeof orderFigures>): void {
  t.orders++;
  t.alerts += figures.alerts;
  t.fixed += figures.fixed;
  t.continued += figures.continued;
  t.confirmed += figures.confirmed;
  t.pending += figures.pending;
  for (const fen of figures.atRisk) fen === undefined ? t.atRiskUnpriced++ : (t.atRiskFen += fen);
  for (const fen of figures.avoided) fen === undefined ? t.avoidedUnpriced++ : (t.avoidedFen += fen);
  for (const rule of figures.rules) t.rules.set(rule, (t.rules.get(rule) ?? 0) + 1);
}

export async function monthlyReport(db: Queryable, query: MonthlyReportQuery, timeZone: string): Promise<MonthlyReport> {
  const from = startOfDay(query.from, timeZone);
  const to = startOfDay(addDays(query.to, 1), timeZone);
  // Orders whose first record is in the period: a record in it, and none before it.
  const keys = await db.query<{ ws: string; oid: string; pk: string }>(
    `SELECT k.ws, k.oid, k.pk FROM (
       SELECT DISTINCT e.workstation_id AS ws, e.order_id AS oid, coalesce(e.patient_key, '') AS pk
       FROM events e WHERE e.order_id IS NOT NULL AND e.at >= $1::timestamptz AND e.at < $2::timestamptz
     ) k
     WHERE NOT EXISTS (
       SELECT 1 FROM events o WHERE o.workstation_id = k.ws AND o.order_id = k.oid AND coalesce(o.patient_key, '') = k.pk AND o.at < $1::timestamptz
     )`,
    [from, to],
  );
  const directory = new Map(
    (await db.query<{ id: string; name: string; department: string | null }>('SELECT id, name, department FROM prescribers')).rows.map((r) => [r.id, r] as const),
  );
  const total = tally(null);
  const departments = new Map<string | null, Tally>();
  const doctors = new Map<string | null, Tally>();
  const all = keys.rows.map((r): OrderKey => [r.ws, r.oid, r.pk]);
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const events = await eventsOfOrders(db, chunk);
    for (const key of chunk) {
      const listed = events.get(JSON.stringify(key)) ?? [];
      if (listed.length === 0) continue;
      const group = buildOrderGroup(key, listed);
      const figures = orderFigures(group, listed);
      const doctor = group.prescriberId ?? null;
      const department = group.department ?? (doctor ? directory.get(doctor)?.department : undefined) ?? null;
      add(total, figures);
      if (!departments.has(department)) departments.set(department, tally(department));
      add(departments.get(department)!, figures);
      if (!doctors.has(doctor)) doctors.set(doctor, tally(doctor));
      add(doctors.get(doctor)!, figures);
    }
  }
  const ruleIds = [...new Set([...total.rules.keys()])];
  const names = new Map(
    ruleIds.length === 0
      ? []
      : (await db.query<{ rule_id: string; name: string | null }>('SELECT rule_id, name FROM rule_names WHERE rule_id IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))', [JSON.stringify(ruleIds)])).rows.map((r) => [r.rule_id, r.name] as const),
  );
  const row = (t: Tally): ReportRow => ({
    key: t.key,
    orders: t.orders,
    alerts: t.alerts,
    fixed: t.fixed,
    continued: t.continued,
    confirmed: t.confirmed,
    pending: t.pending,
    atRisk: yuan(t.atRiskFen),
    atRiskUnpriced: t.atRiskUnpriced,
    avoided: yuan(t.avoidedFen),
    avoidedUnpriced: t.avoidedUnpriced,
    topRules: [...t.rules.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, TOP_RULES)
      .map(([ruleId, alerts]) => ({ ruleId, name: names.get(ruleId) ?? null, alerts })),
  });
  const ordered = (m: Map<string | null, Tally>) => [...m.values()].sort((a, b) => b.orders - a.orders || String(a.key ?? '\uffff').localeCompare(String(b.key ?? '\uffff')));
  return {
    from: query.from,
    to: query.to,
    timeZone,
    generatedAt: new Date().toISOString(),
    total: row(total),
    departments: ordered(departments).map(row),
    doctors: ordered(doctors).map((t) => ({ ...row(t), name: t.key ? (directory.get(t.key)?.name ?? null) : null, department: t.key ? (directory.get(t.key)?.department ?? null) : null })),
  };
}
