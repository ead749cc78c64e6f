import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlagEvent } from '../../contract/flag-event';
import { MonthlyReportSchema, type ReportRow } from '../../contract/review/monthly-report';
import { encodeOrderKey, OrderGroupSchema } from '../../contract/review/orders';
import { AppealLinkSchema, AppealFindingsSchema } from '../../contract/review/appeals';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { goldenPrescriptions, patientDigest, prescriptionEvents, type Prescription, type Story } from './support/prescriptions';

/**
 * The monthly report against the same numbers computed here, independently, from the raw records
 * uploaded and the verdicts this test made (no code of the hub or of group-orders.ts): orders by
 * their first record in the period (Shanghai days), findings by rule and line, the newest decision,
 * final 确认违规 only, amounts as 单价 × 数量 per line in fen, unpriced lines counted apart.
 */

const DIRECTORY = '医生编号,姓名,科室\r\nD1,王建国,心血管内科\r\nD2,李秀英,呼吸内科\r\nD3,杨帆,心血管内科\r\n';
const DEPT: Record<string, string> = { D1: '心血管内科', D2: '呼吸内科', D3: '心血管内科' };

interface Planned {
  p: Prescription;
  orderId: string;
  at: string;
  story: Story;
  doctor: 'D1' | 'D2' | 'D3';
  /** false: the page showed no prices (the report must say unknown, not 0). */
  priced?: boolean;
  /** Which findings (by index) get 确认违规, and what becomes of it. */
  verdicts?: Record<number, 'final' | 'open' | 'kept' | 'revoked'>;
}

const priced = (p: Prescription) => p.findings.every((f) => !f.lineId || p.order.lines.find((l) => l.id === f.lineId)?.price !== undefined);

describe.each(DRIVERS)('monthly report on %s', (driver) => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startTestHub(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await h.call(method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('equals an independent count from the raw records: final verdicts only, amounts per line, unknown prices said', async () => {
    const rx = goldenPrescriptions().filter((p) => priced(p) && p.findings.some((f) => f.lineId)).slice(0, 6);
    expect(rx.length).toBe(6);
    const plan: Planned[] = [
      { p: rx[0]!, orderId: 'N-01', at: '2026-11-01T00:30:00+08:00', story: 'continued', doctor: 'D1', verdicts: { 0: 'final' } },
      { p: rx[1]!, orderId: 'N-02', at: '2026-11-10T09:00:00+08:00', story: 'continued', doctor: 'D1', verdicts: { 0: 'open', 1: 'kept' } },
      { p: rx[2]!, orderId: 'N-03', at: '2026-11-12T10:00:00+08:00', story: 'returned', doctor: 'D2' },
      { p: rx[3]!, orderId: 'N-04', at: '2026-11-20T15:00:00+08:00', story: 'corrected', doctor: 'D3', priced: false },
      { p: rx[4]!, orderId: 'N-05', at: '2026-11-30T23:50:00+08:00', story: 'continued', doctor: 'D2', verdicts: { 0: 'revoked' }, priced: false },
      { p: rx[5]!, orderId: 'N-06', at: '2026-11-25T08:00:00+08:00', story: 'not-submitted', doctor: 'D3', verdicts: { 0: 'final' } },
      // Outside: the day before, the day after, and an order begun before the period that ends in it.
      { p: rx[0]!, orderId: 'O-31', at: '2026-10-31T23:30:00+08:00', story: 'continued', doctor: 'D1', verdicts: { 0: 'final' } },
      { p: rx[1]!, orderId: 'D-01', at: '2026-12-01T00:00:00+08:00', story: 'corrected', doctor: 'D2' },
      { p: rx[2]!, orderId: 'O-XX', at: '2026-10-31T23:59:50+08:00', story: 'returned', doctor: 'D1' },
    ];
    const events: FlagEvent[] = [];
    for (const [i, o] of plan.entries()) {
      const p = o.priced === false ? { ...o.p, order: { ...o.p.order, lines: o.p.order.lines.map(({ price: _, ...l }) => l) } } : o.p;
      events.push(...prescriptionEvents(p, { orderId: o.orderId, at: Date.parse(o.at), story: o.story, context: { department: DEPT[o.doctor]!, prescriberId: o.doctor, patientKey: patientDigest(i) } }));
    }
    expect((await api('POST', '/events', h.tokens.workstation, { events })).status).toBe(200);
    expect((await api('POST', '/prescribers/import', h.tokens['insurance-office'], { csv: DIRECTORY })).status).toBe(200);

    // The verdicts, through the API as the 质控 and the doctors record them.
    const finalConfirmed = new Set<string>();
    for (const [i, o] of plan.entries()) {
      if (!o.verdicts) continue;
      const key = encodeOrderKey([h.tokenIds.workstation, o.orderId, patientDigest(i)]);
      const group = OrderGroupSchema.parse((await api('GET', `/orders/one?key=${encodeURIComponent(key)}`, h.tokens.quality)).body);
      for (const [index, fate] of Object.entries(o.verdicts)) {
        const f = group.findings[Number(index)]!;
        const verdict = (await api('POST', `/events/${f.verdictEventId}/verdict`, h.tokens.quality, { verdict: '确认违规' })).body as { id: number };
        if (fate === 'final') await h.deps.db.query("UPDATE verdicts SET appeal_until = now() - interval '1 second' WHERE id = $1", [verdict.id]);
        if (fate === 'kept' || fate === 'revoked') {
          const link = AppealLinkSchema.parse((await api('POST', '/appeal-links', h.tokens.quality, { prescriberId: o.doctor })).body);
          expect(AppealFindingsSchema.parse((await api('GET', '/appeal/findings', link.token)).body).findings.map((x) => x.verdictId)).toContain(verdict.id);
          const appeal = (await api('POST', `/appeal/findings/${verdict.id}/appeal`, link.token, { text: '申诉' })).body as { id: number };
          const decision = fate === 'kept' ? { outcome: '维持', reason: '维持' } : { outcome: '撤销', revisedVerdict: '合理使用', reason: '撤销' };
          expect((await api('POST', `/appeals/${appeal.id}/decision`, h.tokens.quality, decision)).status).toBe(201);
        }
        if (fate === 'final' || fate === 'kept') finalConfirmed.add(`${o.orderId}|${f.ruleId}|${f.lineId ?? ''}`);
      }
    }

    const response = await api('GET', '/reports/monthly?from=2026-11-01&to=2026-11-30', h.tokens['insurance-office']);
    expect(response.status).toBe(200);
    const report = MonthlyReportSchema.parse(response.body);
    const expected = independent(events, finalConfirmed, Date.parse('2026-11-01T00:00:00+08:00'), Date.parse('2026-12-01T00:00:00+08:00'));

    const figures = ({ topRules, name: _n, department: _d, ...rest }: ReportRow) => ({ ...rest, topRules: topRules.map((r) => [r.ruleId, r.alerts]) });
    expect(figures(report.total)).toEqual(expected.total);
    expect(Object.fromEntries(report.departments.map((r) => [r.key, figures(r)]))).toEqual(expected.byDepartment);
    expect(Object.fromEntries(report.doctors.map((r) => [r.key, figures(r)]))).toEqual(expected.byDoctor);
    // Sanity of the story itself: six orders, one 确认违规 still open and one revoked not counted.
    expect(report.total).toMatchObject({ orders: 6, confirmed: 3, pending: 1 });
    expect(Number(report.total.atRisk)).toBeGreaterThan(0);
    expect(Number(report.total.avoided)).toBeGreaterThan(0);
    expect(report.total.atRiskUnpriced + report.total.avoidedUnpriced).toBeGreaterThan(0);
    expect(report.doctors.find((r) => r.key === 'D1')).toMatchObject({ name: '王建国', department: '心血管内科' });

    expect((await api('GET', '/reports/monthly?from=2026-11-30&to=2026-11-01', h.tokens.quality)).status).toBe(400);
    expect((await api('GET', '/reports/monthly?from=2026-11-01&to=2026-11-30', h.tokens.workstation)).status).toBe(403);
  });
});

type Row = Omit<ReportRow, 'topRules' | 'name' | 'department'> & { topRules: [string, number][] };

/** The report's figures computed straight from the records (see hub/src/stats/monthly-report.ts for the definitions). */
function independent(events: readonly FlagEvent[], finalConfirmed: ReadonlySet<string>, from: number, to: number) {
  const orders = new Map<string, FlagEvent[]>();
  for (const e of events) {
    if (!('orderId' in e) || !e.orderId) continue;
    const k = `${e.orderId}|${e.context?.patientKey ?? ''}`;
    orders.set(k, [...(orders.get(k) ?? []), e]);
  }
  const rows = new Map<string, { fen: [number, number]; row: Omit<Row, 'atRisk' | 'avoided'>; rules: Map<string, number> }>();
  const bump = (key: string | null, f: (r: Omit<Row, 'atRisk' | 'avoided'>, fen: [number, number], rules: Map<string, number>) => void) => {
    const k = String(key);
    if (!rows.has(k)) rows.set(k, { fen: [0, 0], rules: new Map(), row: { key, orders: 0, alerts: 0, fixed: 0, continued: 0, confirmed: 0, pending: 0, atRiskUnpriced: 0, avoidedUnpriced: 0, topRules: [] } });
    const entry = rows.get(k)!;
    f(entry.row, entry.fen, entry.rules);
  };
  const fenOf = (line: { price?: number; quantity?: number } | undefined) => (line?.price === undefined || line.quantity === undefined ? undefined : Math.round(line.price * line.quantity * 100));
  for (const records of orders.values()) {
    const first = Math.min(...records.map((e) => Date.parse(e.at)));
    if (first < from || first >= to) continue;
    const sorted = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const orderId = (sorted[0] as { orderId: string }).orderId;
    const doctor = sorted.at(-1)!.context?.prescriberId ?? null;
    const department = sorted.at(-1)!.context?.department ?? null;
    const summaries = sorted.filter((e) => (e.type === 'finding-shown' || e.type === 'submit-check') && e.order).map((e) => (e as { order: { lines: { id: string; price?: number; quantity?: number }[] } }).order);
    const findings = new Map<string, FlagEvent[]>();
    for (const e of sorted) if ('finding' in e) findings.set(`${e.finding.ruleId}|${e.finding.lineId ?? ''}`, [...(findings.get(`${e.finding.ruleId}|${e.finding.lineId ?? ''}`) ?? []), e]);
    const c = { alerts: 0, fixed: 0, continued: 0, confirmed: 0, pending: 0, rules: [] as string[], risk: new Map<string, number | undefined>(), avoided: new Map<string, number | undefined>() };
    for (const [fk, list] of findings) {
      const [ruleId, lineId] = fk.split('|') as [string, string];
      if (list.some((e) => e.type === 'finding-shown')) {
        c.alerts++;
        c.rules.push(ruleId);
      }
      const decision = list.filter((e) => e.type === 'decision').at(-1);
      const kind = decision?.type === 'decision' ? decision.decision.decision : undefined;
      if (kind === 'modified' || kind === 'removed-line') {
        c.fixed++;
        const shown = list.filter((e) => e.type === 'finding-shown' && Date.parse(e.at) <= Date.parse(decision!.at)).at(-1) as { order?: { lines: { id: string; price?: number; quantity?: number }[] } } | undefined;
        if (lineId && !c.avoided.has(lineId)) c.avoided.set(lineId, fenOf(shown?.order?.lines.find((l) => l.id === lineId)));
      }
      if (kind === 'continued' && decision?.type === 'decision' && (decision.decision.reason || decision.decision.reasonCode)) c.continued++;
      if (finalConfirmed.has(`${orderId}|${fk}`)) {
        c.confirmed++;
        if (lineId && !c.risk.has(lineId)) c.risk.set(lineId, fenOf(summaries.at(-1)?.lines.find((l) => l.id === lineId)));
      }
    }
    const apply = (r: Omit<Row, 'atRisk' | 'avoided'>, fen: [number, number], rules: Map<string, number>) => {
      r.orders++;
      r.alerts += c.alerts;
      r.fixed += c.fixed;
      r.continued += c.continued;
      r.confirmed += c.confirmed;
      for (const v of c.risk.values()) v === undefined ? r.atRiskUnpriced++ : (fen[0] += v);
      for (const v of c.avoided.values()) v === undefined ? r.avoidedUnpriced++ : (fen[1] += v);
      for (const rule of c.rules) rules.set(rule, (rules.get(rule) ?? 0) + 1);
    };
    bump('TOTAL', apply);
    bump(`dept:${department}`, apply);
    bump(`doc:${doctor}`, apply);
  }
  // The one 确认违规 left open is pending: counted by hand (the story has exactly one).
  const done = (k: string, key: string | null, pending: number): Row => {
    const e = rows.get(k)!;
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const topRules = [...e.rules.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
    return { ...e.row, key, pending, atRisk: yuan(e.fen[0]), avoided: yuan(e.fen[1]), topRules };
  };
  return {
    total: done('TOTAL', null, 1),
    byDepartment: { 心血管内科: done('dept:心血管内科', '心血管内科', 1), 呼吸内科: done('dept:呼吸内科', '呼吸内科', 0) },
    byDoctor: { D1: done('doc:D1', 'D1', 1), D2: done('doc:D2', 'D2', 0), D3: done('doc:D3', 'D3', 0) },
  };
}
