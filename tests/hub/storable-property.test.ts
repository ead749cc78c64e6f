import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionKindSchema, ReasonCodeSchema } from '../../contract/decision';
import { KindSchema, SeveritySchema } from '../../contract/findings';
import { EngineErrorCodeSchema } from '../../contract/engine-errors';
import { ProblemCodeSchema } from '../../contract/profile-problems';
import { EVENT_EPOCH, FLAG_EVENT_TYPES, FlagEventSchema, MAX_AMOUNT_AT_RISK, MAX_CLOCK_AHEAD_MS, type FlagEvent } from '../../contract/flag-event';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { encodeOrderKey, OrderPageSchema } from '../../contract/review/orders';
import { startTestHub, type TestHub } from './support/hub';
import { mulberry32 } from '../../bench/prng';

/**
 * Property (issue #13): every record that passes the shared schema is stored by the hub. 10,000
 * random records — texts of random UTF-16 units (lone surrogates and NULs included, before the
 * schema normalises them), numbers and dates at and between their bounds — in batches of 1,000.
 */

const RECORDS = 10_000;
const BATCH = 1000;

/** Deterministic pseudo-random numbers: a failure names its seed and repeats. */
const prng = mulberry32;

function generator(seed: number, now: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const unit = (): string => {
    const r = random();
    if (r < 0.25) return String.fromCharCode(0x20 + int(0x5f));
    if (r < 0.45) return String.fromCharCode(0x4e00 + int(0x5200));
    if (r < 0.55) return String.fromCharCode(0xd800 + int(0x400)); // high surrogate, often alone
    if (r < 0.65) return String.fromCharCode(0xdc00 + int(0x400)); // low surrogate, often alone
    if (r < 0.7) return '\u0000';
    if (r < 0.75) return pick(['\uFFFF', '\uFFFE', '\uFEFF', '\u2028', '\\', '"', "'", '\n', '\u0301', '😀']);
    return String.fromCharCode(1 + int(0xffff - 1));
  };
  /** At least one plain letter, so a text of NULs alone cannot become empty. */
  const text = (max: number) => {
    let out = String.fromCharCode(0x61 + int(26));
    const length = int(Math.min(max, 40));
    while (out.length < length) out += unit();
    return out;
  };
  const edge = <T>(edges: readonly T[], other: () => T) => (random() < 0.3 ? pick(edges) : other());
  const amount = () => edge([0, MAX_AMOUNT_AT_RISK, 5e-324, Number.EPSILON, 0.1 + 0.2, MAX_AMOUNT_AT_RISK - 1e-7], () => random() * MAX_AMOUNT_AT_RISK);
  const millis = () => edge([0, 3_600_000, 5e-324, 0.5], () => random() * 3_600_000);
  const epoch = Date.parse(EVENT_EPOCH);
  // A minute short of the bound: the hub checks against its own clock a little later.
  const latest = now + MAX_CLOCK_AHEAD_MS - 60_000;
  const at = () => {
    const ms = edge([epoch, latest, epoch + 1], () => epoch + int(latest - epoch));
    const iso = new Date(ms).toISOString();
    // Some with an offset: the same instant written in another zone.
    if (random() < 0.3) {
      const offsetMin = pick([840, -720, 480, 0, 330]);
      const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
      const sign = offsetMin < 0 ? '-' : '+';
      const abs = Math.abs(offsetMin);
      return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    }
    return iso;
  };
  let serial = 0;
  const base = () => ({
    id: `prop-${seed}-${(serial++).toString(36).padStart(6, '0')}`,
    at: at(),
    sessionId: text(64),
    profileId: text(100),
    page: text(500),
    ...(random() < 0.5 ? { packVersion: text(64) } : {}),
    ...(random() < 0.7
      ? { context: { ...(random() < 0.8 ? { department: text(100) } : {}), ...(random() < 0.8 ? { prescriberId: text(64) } : {}), ...(random() < 0.5 ? { patientKey: Array.from({ length: 64 }, () => pick([...'0123456789abcdef'])).join('') } : {}) } }
      : {}),
  });
  const finding = () => ({
    ruleId: text(200),
    kind: pick(KindSchema.options),
    severity: pick(SeveritySchema.options),
    ...(random() < 0.7 ? { lineId: text(100) } : {}),
    ...(random() < 0.8 ? { amountAtRisk: amount() } : {}),
    ...(random() < 0.5 ? { lineCode: text(64) } : {}),
    // Issue #11: what the doctor read.
    ...(random() < 0.6 ? { message: text(500) } : {}),
    ...(random() < 0.4 ? { basis: text(1000) } : {}),
  });
  /** The order's lines and diagnoses (contract/order-summary.ts), numbers at and between their bounds. */
  const quantity = () => edge([0, 1e6, 5e-324, 0.5, 999_999.999], () => random() * 1e6);
  const summary = () => ({
    lines: Array.from({ length: int(6) }, (_, i) => ({
      id: `${i + 1}${random() < 0.3 ? text(90) : ''}`,
      code: random() < 0.1 ? '' : text(64),
      name: random() < 0.1 ? '' : text(200),
      ...(random() < 0.5 ? { kind: pick(['drug', 'item', 'material'] as const) } : {}),
      ...(random() < 0.5 ? { spec: text(100) } : {}),
      ...(random() < 0.5 ? { dose: quantity(), doseUnit: text(20) } : {}),
      ...(random() < 0.5 ? { frequency: text(40) } : {}),
      ...(random() < 0.5 ? { days: quantity() } : {}),
      ...(random() < 0.5 ? { quantity: quantity(), unit: text(20) } : {}),
      ...(random() < 0.2 ? { prescription: text(64) } : {}),
      ...(random() < 0.2 ? { selfPay: random() < 0.5 } : {}),
    })),
    diagnoses: Array.from({ length: int(4) }, () => ({ code: text(64), ...(random() < 0.7 ? { name: text(200) } : {}), ...(random() < 0.3 ? { primary: true } : {}) })),
  });
  return (): unknown => {
    const type = pick(['finding-shown', 'finding-shown', 'decision', 'decision', 'objection', 'submit-check', 'review', 'check-incomplete', 'adapter-broken', 'profile-problem', 'content-error', 'pack-expired']);
    const orderId = text(200);
    switch (type) {
      case 'finding-shown':
        return { ...base(), orderId, type, finding: finding(), mode: pick(['interruptive', 'passive', 'silent']), timings: { extractMs: millis(), engineMs: millis(), renderMs: millis(), totalMs: millis() }, ...(random() < 0.6 ? { order: summary() } : {}) };
      case 'decision': {
        const kind = pick(DecisionKindSchema.options);
        const reason = kind === 'continued' || random() < 0.3 ? { reason: text(3000), ...(random() < 0.5 ? { reasonCode: pick(ReasonCodeSchema.options) } : {}) } : {};
        return { ...base(), orderId, type, finding: finding(), decision: { findingRef: { orderId, ruleId: text(200) }, decision: kind, ...reason, at: at() } };
      }
      case 'objection':
        return { ...base(), orderId, type, finding: finding(), ...(random() < 0.5 ? { reason: text(500) } : {}) };
      case 'submit-check':
        return { ...base(), ...(random() < 0.5 ? { orderId } : {}), type, outcome: pick(['clean', 'review', 'incomplete', 'adapter-broken', 'silent']), waitedMs: millis(), ...(random() < 0.5 ? { order: summary() } : {}) };
      case 'review':
        return { ...base(), orderId, type, outcome: pick(['continued', 'returned']), findingCount: edge([0, 10_000], () => int(10_000)) };
      case 'check-incomplete':
        return { ...base(), type, reason: pick([...EngineErrorCodeSchema.options, 'slow', 'no-pack', 'invalid-order']), during: pick(['typing', 'submit']), elapsedMs: millis() };
      case 'adapter-broken':
      case 'profile-problem':
        return { ...base(), type, problems: Array.from({ length: int(4) }, () => ({ code: pick(ProblemCodeSchema.options), severity: pick(['error', 'warning']), message: text(2000), ...(random() < 0.5 ? { field: text(100) } : {}) })) };
      case 'pack-expired': {
        const two = (n: number) => String(n).padStart(2, '0');
        const effectiveTo = `${2020 + int(80)}-${two(1 + int(12))}-${two(1 + int(28))}`;
        return { ...base(), type, packVersion: text(64), ...(random() < 0.5 ? { packId: text(200) } : {}), effectiveTo };
      }
      default:
        return { ...base(), type, where: text(100), message: text(500) };
    }
  };
}

/** The filter columns a record's row should have (the insert lifts them in SQL: hub/src/events/ingest.ts). */
function columnsOf(e: FlagEvent, workstationId: string) {
  const finding = 'finding' in e ? e.finding : undefined;
  return {
    type: e.type,
    at: new Date(e.at).toISOString(),
    workstation_id: workstationId,
    session_id: e.sessionId,
    profile_id: e.profileId,
    page: e.page,
    pack_version: e.packVersion ?? null,
    order_id: 'orderId' in e ? (e.orderId ?? null) : null,
    rule_id: finding?.ruleId ?? null,
    kind: finding?.kind ?? null,
    severity: finding?.severity ?? null,
    line_id: finding?.lineId ?? null,
    line_code: finding?.lineCode ?? null,
    amount_at_risk: finding?.amountAtRisk ?? null,
    mode: e.type === 'finding-shown' ? e.mode : null,
    decision: e.type === 'decision' ? e.decision.decision : null,
    reason_code: e.type === 'decision' ? (e.decision.reasonCode ?? null) : null,
    outcome: e.type === 'submit-check' || e.type === 'review' ? e.outcome : null,
    total_ms: e.type === 'finding-shown' ? e.timings.totalMs : null,
    department: e.context?.department ?? null,
    prescriber_id: e.context?.prescriberId ?? null,
    patient_key: e.context?.patientKey ?? null,
    source: 'extension',
    jr_id: null,
    summary_id: null,
  };
}

describe.each(DRIVERS)('every record the schema passes is stored, on %s', (driver) => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startTestHub(driver, { maxBodyBytes: 16 * 1024 * 1024 });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  it(
    `stores ${RECORDS} random schema-valid records, exactly as the schema normalised them`,
    async () => {
      const next = generator(20261206, Date.now());
      const records: unknown[] = [];
      const expected = new Map<string, FlagEvent>();
      while (records.length < RECORDS) {
        const record = next();
        const parsed = FlagEventSchema.safeParse(record);
        // The generator is meant to make valid records only: a miss is a bug in it, shown here.
        expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 2))).toBe(true);
        records.push(record);
        expect(parsed.data).toBeDefined();
        expected.set(parsed.data!.id, parsed.data!);
      }
      for (let i = 0; i < records.length; i += BATCH) {
        const batch = records.slice(i, i + BATCH);
        const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: batch } });
        expect(response.status, (await response.clone().text()).slice(0, 500)).toBe(200);
        const answer = (await response.json()) as { accepted: number; rejected: unknown[] };
        expect(answer.rejected).toEqual([]);
        expect(answer.accepted).toBe(batch.length);
      }
      const stored = await h.deps.db.query<{ id: string; at: Date; payload: FlagEvent | string } & Record<string, unknown>>('SELECT * FROM events');
      expect(stored.rows.length).toBe(RECORDS);
      const types = new Set<string>();
      for (const { id, payload, at, received_at: _received, ...columns } of stored.rows) {
        const record = expected.get(id)!;
        expect(typeof payload === 'string' ? (JSON.parse(payload) as FlagEvent) : payload).toEqual(record);
        // Every column lifted from the record as its type defines it.
        expect({ ...columns, at: at.toISOString() }, id).toEqual(columnsOf(record, h.tokenIds.workstation));
        types.add(record.type);
      }
      expect([...types].sort()).toEqual([...FLAG_EVENT_TYPES].sort());
      // And the statistics and the prescription list over them answer (every page of it).
      for (const path of ['/api/v1/stats/summary', '/api/v1/stats/daily', '/api/v1/stats/top-rules', '/api/v1/stats/overrides/department']) {
        const response = await h.call('GET', path, { token: h.tokens.admin });
        expect(response.status, path).toBe(200);
      }
      const orders = new Set<string>();
      let cursor: string | null = null;
      do {
        const response = await h.call('GET', `/api/v1/orders?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: h.tokens.admin });
        expect(response.status).toBe(200);
        const page = OrderPageSchema.parse(await response.json());
        for (const order of page.orders) orders.add(order.key);
        cursor = page.nextCursor;
      } while (cursor);
      const keys = new Set([...expected.values()].filter((e) => 'orderId' in e && e.orderId).map((e) => encodeOrderKey([h.tokenIds.workstation, (e as { orderId: string }).orderId, e.context?.patientKey ?? ''])));
      expect(orders).toEqual(keys);
    },
    300_000,
  );
});
