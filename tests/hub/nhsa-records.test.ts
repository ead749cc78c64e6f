import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlagEventSchema, storableRecord, type FlagEvent } from '../../contract/flag-event';
import type { Order } from '../../contract/order';
import { OrderSummarySchema } from '../../contract/order-summary';
import { compilePack } from '../../rules/engine/compile';
import { evaluate } from '../../rules/engine/evaluate';
import { Data3101Schema } from '../../rules/interop/nhsa3101-request';
import { ordersFrom3101 } from '../../rules/interop/nhsa3101';
import { orderTo3101 } from '../../rules/interop/order-to-3101';
import { parsePackText } from '../../rules/pack/load';
import { eventRow, type EventStamp } from '../../hub/src/events/row';
import { receipt } from '../../hub/src/nhsa/envelope';
import { checkRecords, type CallContext } from '../../hub/src/nhsa/log-events';
import { DEMO_PACK_PATH, goldenScenarios } from './support/nhsa';

/**
 * The 3101 service builds its flag-log records without running each through FlagEventSchema
 * (hub/src/nhsa/log-events.ts): this holds the builder to the schema. For every golden order as
 * a HIS sends it, and for orders full of texts the database cannot store, each record must be
 * exactly what the schema (and its storable-text step) would make of it, its order summary too,
 * and its row exactly what the validating path would store.
 */

const loaded = parsePackText(readFileSync(DEMO_PACK_PATH, 'utf8'));
if (!loaded.ok) throw new Error('demo pack does not load');
const compiled = compilePack(loaded.pack);

const call = (msgid: string | undefined = 'H110105000012026112209300001'): CallContext => ({
  workstationId: 'ws-his',
  receipt: receipt('Asia/Shanghai'),
  infno: '3101',
  msgid,
  patientSalt: 'a'.repeat(64),
});

/** The orders as the service sees them: through the 3101 message, as in production. */
const viaService = (order: Order): Order[] => ordersFrom3101(Data3101Schema.parse(orderTo3101(order).data)).orders;

function holdToSchema(orders: readonly Order[], context = call()) {
  const results = orders.map((order) => evaluate(compiled, order));
  const records = checkRecords(context, orders, results, '2026.11.1', { extractMs: 0.4, engineMs: 1.2, totalMs: 2.5 });
  const summaries = new Map(records.summaries.map((s) => [s.id, s.summary]));
  for (const row of records.rows) {
    // What an upload of this record would store: unchanged by the schema's storable-text step.
    expect(FlagEventSchema.parse(row.payload), row.payload.id).toEqual(row.payload);
    expect(row.payload).not.toHaveProperty('order');
    const stamp: EventStamp = { source: 'his-3101' };
    if (row.jr_id !== null) stamp.jrId = row.jr_id;
    if (row.summary_id !== null) stamp.summaryId = row.summary_id;
    expect(row).toEqual(eventRow(FlagEventSchema.parse(row.payload), 'ws-his', stamp));
    if (row.summary_id !== null) {
      // The record as readers see it, its summary put back.
      const whole = { ...row.payload, order: summaries.get(row.summary_id) };
      expect(FlagEventSchema.parse(whole), row.payload.id).toEqual(whole);
    }
  }
  for (const { summary } of records.summaries) {
    expect(OrderSummarySchema.parse(summary)).toEqual(summary);
    expect(storableRecord(summary)).toEqual(summary);
  }
  return { records, results };
}

describe('the 3101 service records', () => {
  it('are what the flag-event schema makes of them, for every golden order', () => {
    let rows = 0;
    for (const s of goldenScenarios()) {
      const orders = viaService(s.order);
      const { records, results } = holdToSchema(orders);
      const findings = results.reduce((n, r) => n + new Set(r.findings.map((f) => `${f.ruleId}|${f.lineId}`)).size, 0);
      // A shown finding per rule and line, and a submit-check per order, each naming its summary.
      expect(records.rows, s.file).toHaveLength(findings + orders.length);
      expect(records.rows.every((r) => r.summary_id !== null), s.file).toBe(true);
      rows += records.rows.length;
    }
    expect(rows).toBeGreaterThan(150);
  });

  it('make texts the database cannot hold storable, as the schema would, and refuse what has nothing left', () => {
    const golden = goldenScenarios().find((s) => s.file.startsWith('sex-'))!.order;
    const lone = '\uD800';
    const hostile: Order = {
      ...golden,
      id: `RX${lone}\u0000-${'号'.repeat(300)}`,
      encounter: { ...golden.encounter, department: `\u0000${lone}内科${'科'.repeat(150)}`, diagnoses: golden.encounter.diagnoses.map((d) => ({ ...d, name: `${d.name ?? ''}\u0000${lone}` })) },
      prescriber: { id: `D\u0000${lone}${'9'.repeat(100)}` },
      lines: golden.lines.map((l, i) => ({ ...l, id: `${l.id}${lone}${'x'.repeat(i === 0 ? 3000 : 0)}`, name: `${l.name}\u0000${lone}`, spec: `\uDFFF${l.spec ?? ''}`, unit: '\u0000' })),
    };
    const { records } = holdToSchema([hostile], call(`H1101\u0000${lone}`));
    expect(records.rows.length).toBeGreaterThan(1);
    const shown = records.rows.find((r) => r.payload.type === 'finding-shown')!.payload as Extract<FlagEvent, { type: 'finding-shown' }>;
    expect(shown.orderId).toMatch(/^RX\uFFFD-号+$/);
    expect(shown.orderId).toHaveLength(200);
    expect(shown.sessionId).toBe('H1101\uFFFD');
    expect(shown.context?.department).toBe('\uFFFD内科' + '科'.repeat(97));
    expect(records.summaries[0]!.summary.lines.every((l) => l.unit === undefined)).toBe(true);

    // A message or order id of NULs only leaves nothing the schema accepts: no records, no summary.
    expect(holdToSchema([{ ...golden, id: '\u0000\u0000' }]).records).toEqual({ rows: [], summaries: [] });
    expect(holdToSchema([golden], call('\u0000')).records).toEqual({ rows: [], summaries: [] });
    // A line id of NULs only: the order is logged without its summary.
    const nulLine = holdToSchema([{ ...golden, lines: golden.lines.map((l) => ({ ...l, id: '\u0000' })) }]).records;
    expect(nulLine.summaries).toEqual([]);
    expect(nulLine.rows.every((r) => r.summary_id === null)).toBe(true);
  });
});
