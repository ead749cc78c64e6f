import { describe, expect, it } from 'vitest';
import { pseudonymousKey, UNKNOWN_PATIENT_KEY } from '../../../adapters/patient-key';
import { EVENT_EPOCH, FlagEventSchema, MAX_LOGGED_BASIS, MAX_LOGGED_MESSAGE, MAX_TEXT_LENGTH, PSEUDONYMOUS_KEY_PATTERN, RecordedFlagEventSchema, storableText, type RecordedFlagEvent, EventContextSchema } from '../../../contract/flag-event';
import { createFlagRecorder, loggedFinding, orderContext, pageOf } from '../../../entrypoints/content/flag-recorder';
import { UploadedEventSchema } from '../../../contract/upload-batch';
import { makeOrder } from '../../support/builders';
import { orderSummary, OrderSummarySchema } from '../../../contract/order-summary';
import { shownEvent } from './support';

const DIGEST = 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c';

describe('flag event schema', () => {
  it('accepts the records the content script makes', () => {
    expect(FlagEventSchema.safeParse(shownEvent()).success).toBe(true);
    const decision = {
      ...shownEvent(),
      type: 'decision',
      mode: undefined,
      timings: undefined,
      decision: {
        findingRef: { orderId: 'RX202611220037-01', ruleId: 'rx-day-limits', lineId: '1' },
        decision: 'continued',
        reason: '患者同意自费',
        reasonCode: '患者同意自费',
        at: '2026-11-22T01:00:00.000Z',
      },
    };
    expect(FlagEventSchema.safeParse(decision).success).toBe(true);
  });

  it('accepts 报告误报 as an objection, with or without the doctor’s note, on both sides', () => {
    const objection = { ...shownEvent(), mode: undefined, timings: undefined, type: 'objection', reason: '患者为男性，页面性别录入有误' };
    expect(FlagEventSchema.safeParse(objection).success).toBe(true);
    expect(UploadedEventSchema.safeParse({ ...objection, reason: undefined }).success).toBe(true);
    expect(FlagEventSchema.safeParse({ ...objection, reason: 'x'.repeat(501) }).success).toBe(false);
  });

  it('rejects a continued decision without a reason, as 3103 does', () => {
    const decision = {
      ...shownEvent(),
      type: 'decision',
      decision: { findingRef: { orderId: 'x', ruleId: 'r' }, decision: 'continued', at: '2026-11-22T01:00:00.000Z' },
    };
    const parsed = FlagEventSchema.safeParse(decision);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('decision.reason');
  });

  it('rejects unknown kinds, negative timings and unknown types', () => {
    expect(FlagEventSchema.safeParse(shownEvent({ finding: { ruleId: 'r', kind: 'price' as never, severity: 'info' } })).success).toBe(false);
    expect(FlagEventSchema.safeParse(shownEvent({ timings: { extractMs: -1, engineMs: 0, renderMs: 0, totalMs: 0 } })).success).toBe(false);
    expect(FlagEventSchema.safeParse({ ...shownEvent(), type: 'opened' }).success).toBe(false);
  });
});

describe('event context', () => {
  it('stored records take a 64-hex digest as patient key, never a pseudonymous key or an identifier', () => {
    const context = { department: '心血管内科', prescriberId: 'D0412', patientKey: DIGEST };
    expect(FlagEventSchema.safeParse(shownEvent({ context })).success).toBe(true);
    for (const patientKey of [pseudonymousKey('MZ2026112200137', 'salt'), 'MZ2026112200137', DIGEST.toUpperCase(), DIGEST.slice(1)]) {
      const parsed = FlagEventSchema.safeParse(shownEvent({ context: { patientKey } }));
      expect(parsed.success, patientKey).toBe(false);
      expect(parsed.error!.issues[0]!.path.join('.')).toBe('context.patientKey');
    }
  });

  it('records from content scripts carry the pseudonymous key, in the adapter\'s own format', () => {
    const key = pseudonymousKey('ZY20261122-0042', '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(key).toMatch(PSEUDONYMOUS_KEY_PATTERN);
    expect(UNKNOWN_PATIENT_KEY).not.toMatch(PSEUDONYMOUS_KEY_PATTERN);
    expect(RecordedFlagEventSchema.safeParse(shownEvent({ context: { patientKey: key } })).success).toBe(true);
    expect(RecordedFlagEventSchema.safeParse(shownEvent({ context: { patientKey: DIGEST } })).success).toBe(false);
    expect(RecordedFlagEventSchema.safeParse(shownEvent({ context: { patientKey: 'ZY20261122-0042' } })).success).toBe(false);
  });

  it('bounds department and prescriber as the hub stores them', () => {
    expect(FlagEventSchema.safeParse(shownEvent({ context: { department: '' } })).success).toBe(false);
    expect(FlagEventSchema.safeParse(shownEvent({ context: { department: '科'.repeat(101) } })).success).toBe(false);
    expect(FlagEventSchema.safeParse(shownEvent({ context: { prescriberId: 'D'.repeat(65) } })).success).toBe(false);
  });

  it('is the schema the hub validates uploads with', () => {
    expect(UploadedEventSchema).toBe(FlagEventSchema);
    expect(EventContextSchema.safeParse({ patientKey: 'p-0123456789abcdef' }).success).toBe(false);
    expect(UploadedEventSchema.safeParse(shownEvent({ context: { department: '儿科', patientKey: DIGEST } })).success).toBe(true);
  });
});

describe('flag recorder', () => {
  it('keeps only origin and path of the page (a query can carry a record number)', () => {
    expect(pageOf('http://his.local:8080/emr/rx.html?patientId=MZ2026&x=1#top')).toBe('http://his.local:8080/emr/rx.html');
    expect(pageOf('not a url')).toBe('');
  });

  it('stamps drafts and drops invalid ones', () => {
    const sunk: unknown[] = [];
    const invalid: string[] = [];
    const recorder = createFlagRecorder({
      sessionId: 's-1',
      profileId: 'demo-outpatient',
      url: 'http://127.0.0.1:5173/outpatient.html?id=1',
      sink: (e) => sunk.push(e),
      clock: () => new Date('2026-11-22T01:02:03.000Z'),
      newId: () => 'id-00000001',
      onInvalid: (draft) => invalid.push(draft.type),
    });
    recorder.record({ type: 'submit-check', outcome: 'clean', waitedMs: 0 });
    recorder.record({ type: 'review', orderId: '', outcome: 'continued', findingCount: 1 });
    expect(sunk).toEqual([
      {
        id: 'id-00000001',
        at: '2026-11-22T01:02:03.000Z',
        sessionId: 's-1',
        profileId: 'demo-outpatient',
        page: 'http://127.0.0.1:5173/outpatient.html',
        type: 'submit-check',
        outcome: 'clean',
        waitedMs: 0,
      },
    ]);
    expect(invalid).toEqual(['review']);
  });

  it('logs a finding by identity and line code, with the message and 依据 the doctor read (issue #11)', () => {
    const logged = loggedFinding(
      { ruleId: 'r1', kind: 'sex', severity: 'critical', lineId: 'L2', message: '阿帕他胺片限男性使用', basis: ' 两库 第一批 ', detail: '不记录', actions: [] },
      { lines: [{ id: 'L2', code: 'XL02BBA326A001010102180' }] } as never,
    );
    expect(logged).toEqual({ ruleId: 'r1', kind: 'sex', severity: 'critical', lineId: 'L2', lineCode: 'XL02BBA326A001010102180', message: '阿帕他胺片限男性使用', basis: '两库 第一批' });
    // Cut to what a record holds rather than refused: a cut 依据 still says where it came from.
    const long = loggedFinding({ ruleId: 'r1', kind: 'sex', severity: 'critical', message: '提'.repeat(600), basis: '据'.repeat(1500), actions: [] }, null);
    expect([long.message!.length, long.basis!.length]).toEqual([MAX_LOGGED_MESSAGE, MAX_LOGGED_BASIS]);
    expect(FlagEventSchema.safeParse({ id: 'ev-long-0001', at: '2026-11-22T01:00:00Z', sessionId: 's', profileId: 'p', page: '', orderId: 'RX1', type: 'objection', finding: long }).success).toBe(true);
  });

  it('keeps the lines and diagnoses of an order, never the patient (issue #11)', () => {
    const order = makeOrder({
      id: 'RX1',
      patient: { key: 'p-0123456789abcdef', sex: 'F', ageYears: 71 },
      encounter: { diagnoses: [{ code: 'I10.x00x002', name: '高血压', primary: true }, { code: 'E11.900' }] },
      lines: [
        { id: '1', code: 'XC09CAA123A001010104567', name: '阿利沙坦酯片', spec: '240mg*7片', dose: 240, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, unit: '盒', route: '口服', price: 51.2 },
        { id: '2', code: 'X1', name: '某'.repeat(300), quantity: 2e6, days: 1e7 },
      ],
    });
    const summary = orderSummary(order);
    expect(summary.diagnoses).toEqual([{ code: 'I10.x00x002', name: '高血压', primary: true }, { code: 'E11.900' }]);
    expect(summary.lines[0]).toEqual({ id: '1', code: 'XC09CAA123A001010104567', name: '阿利沙坦酯片', kind: 'drug', spec: '240mg*7片', dose: 240, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, unit: '盒', price: 51.2 });
    // The price is kept (the monthly report values lines by it); out-of-bound numbers are left out,
    // long names cut: the summary always fits the record.
    expect(summary.lines[1]).toEqual({ id: '2', code: 'X1', name: '某'.repeat(200), kind: 'drug' });
    expect(OrderSummarySchema.safeParse(summary).success).toBe(true);
    expect(JSON.stringify(summary)).not.toMatch(/p-0123456789abcdef|"sex"|"ageYears"|71/);
  });
});

describe('flag recorder context', () => {
  const salt = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

  function recorderWithSink() {
    const sunk: RecordedFlagEvent[] = [];
    const recorder = createFlagRecorder({ sessionId: 's-1', profileId: 'demo-outpatient', url: 'http://127.0.0.1:5173/outpatient.html', sink: (e) => sunk.push(e) });
    return { recorder, sunk };
  }

  it('takes department, prescriber and the pseudonymous key from the order', () => {
    const key = pseudonymousKey('MZ2026112200137', salt);
    const order = makeOrder({ id: 'RX1', patient: { key }, encounter: { department: ' 内分泌科门诊 ' }, prescriber: { id: 'D0412' } });
    expect(orderContext(order)).toEqual({ department: '内分泌科门诊', prescriberId: 'D0412', patientKey: key });
  });

  it('leaves out p-unknown, identifiers that are not adapter keys, and values too long to store whole', () => {
    expect(orderContext(makeOrder({ patient: { key: UNKNOWN_PATIENT_KEY }, encounter: { department: '儿科' }, prescriber: { id: 'D1' } }))).toEqual({ department: '儿科', prescriberId: 'D1' });
    expect(orderContext(makeOrder({ patient: { key: 'MZ2026112200137' }, encounter: { department: undefined }, prescriber: { id: 'D'.repeat(65) } }))).toBeUndefined();
  });

  it('stamps events about a noted order with its context, by order id', () => {
    const { recorder, sunk } = recorderWithSink();
    const key = pseudonymousKey('MZ2026112200137', salt);
    recorder.noteOrder!(makeOrder({ id: 'RX1', patient: { key }, encounter: { department: '心血管内科' }, prescriber: { id: 'D0412' } }));
    recorder.noteOrder!(makeOrder({ id: 'RX2', patient: { key: UNKNOWN_PATIENT_KEY }, encounter: { department: '儿科' }, prescriber: { id: 'D0007' } }));
    recorder.record({ type: 'review', orderId: 'RX1', outcome: 'returned', findingCount: 1 });
    recorder.record({ type: 'review', orderId: 'RX2', outcome: 'continued', findingCount: 1 });
    recorder.record({ type: 'review', orderId: 'RX3', outcome: 'continued', findingCount: 1 });
    recorder.record({ type: 'submit-check', outcome: 'adapter-broken', waitedMs: 0 });
    expect(sunk.map((e) => e.context)).toEqual([
      { department: '心血管内科', prescriberId: 'D0412', patientKey: key },
      { department: '儿科', prescriberId: 'D0007' },
      undefined,
      undefined,
    ]);
  });

  it('gives shown findings and submissions the order as last read: its lines and diagnoses, never the patient (issue #11)', () => {
    const { recorder, sunk } = recorderWithSink();
    const key = pseudonymousKey('MZ2026112200137', salt);
    const lines = [{ id: '1', code: 'XC09CAA123A001010104567', name: '阿利沙坦酯片', days: 14 }];
    recorder.noteOrder!(makeOrder({ id: 'RX1', patient: { key, sex: 'F' }, encounter: { diagnoses: [{ code: 'I10.x00x002', name: '高血压' }] }, lines }));
    // The doctor shortens the course: the next read is what a later record carries.
    recorder.noteOrder!(makeOrder({ id: 'RX1', patient: { key, sex: 'F' }, encounter: { diagnoses: [{ code: 'I10.x00x002', name: '高血压' }] }, lines: [{ ...lines[0]!, days: 7 }] }));
    const finding = { ruleId: 'r1', kind: 'quantity' as const, severity: 'warning' as const, lineId: '1' };
    recorder.record({ type: 'finding-shown', orderId: 'RX1', finding, mode: 'interruptive', timings: { extractMs: 1, engineMs: 1, renderMs: 1, totalMs: 3 } });
    recorder.record({ type: 'submit-check', orderId: 'RX1', outcome: 'clean', waitedMs: 2 });
    recorder.record({ type: 'decision', orderId: 'RX1', finding, decision: { findingRef: { orderId: 'RX1', ruleId: 'r1', lineId: '1' }, decision: 'modified', at: '2026-11-22T01:00:00.000Z' } });
    recorder.record({ type: 'submit-check', outcome: 'adapter-broken', waitedMs: 0 });
    const expected = { lines: [{ id: '1', code: 'XC09CAA123A001010104567', name: '阿利沙坦酯片', kind: 'drug', days: 7 }], diagnoses: [{ code: 'I10.x00x002', name: '高血压' }] };
    expect(sunk.map((e) => ('order' in e ? e.order : 'none'))).toEqual([expected, expected, 'none', 'none']);
    expect(JSON.stringify(sunk)).not.toContain('"sex"');
  });

  it('follows the order as it changes and forgets old ones', () => {
    const { recorder, sunk } = recorderWithSink();
    recorder.noteOrder!(makeOrder({ id: 'RX1', encounter: { department: '心血管内科' } }));
    recorder.noteOrder!(makeOrder({ id: 'RX1', encounter: { department: '老年病科' } }));
    recorder.record({ type: 'review', orderId: 'RX1', outcome: 'returned', findingCount: 1 });
    expect(sunk[0]!.context?.department).toBe('老年病科');
    for (let i = 0; i < 25; i++) recorder.noteOrder!(makeOrder({ id: `RX-${i}` }));
    recorder.noteOrder!(null);
    recorder.record({ type: 'review', orderId: 'RX1', outcome: 'returned', findingCount: 1 });
    recorder.record({ type: 'review', orderId: 'RX-24', outcome: 'returned', findingCount: 1 });
    expect(sunk[1]!.context).toBeUndefined();
    expect(sunk[2]!.context).toEqual({ department: '心血管内科', prescriberId: 'd-1' });
  });
});

describe('what the hub can store (issue #13)', () => {
  it('normalises texts: NUL removed, lone surrogates replaced, pairs kept, every text capped', () => {
    const parsed = FlagEventSchema.parse({
      ...shownEvent({ context: { department: '心内科\uD840', prescriberId: 'D\u00000412' } }),
      page: 'https://his.example.cn/\uDC00a\uD83D\uDE00',
    });
    expect(parsed.context).toEqual({ department: '心内科\uFFFD', prescriberId: 'D0412' });
    expect(parsed.page).toBe('https://his.example.cn/\uFFFDa\uD83D\uDE00');
    expect(storableText('a'.repeat(MAX_TEXT_LENGTH - 1) + '\uD83D\uDE00')).toBe('a'.repeat(MAX_TEXT_LENGTH - 1) + '\uFFFD');
    const reason = FlagEventSchema.parse({
      ...shownEvent(),
      type: 'decision',
      decision: { findingRef: { orderId: 'RX1', ruleId: 'R1' }, decision: 'continued', reason: '因'.repeat(5000), at: '2026-11-22T01:02:03.000Z' },
    });
    expect(reason.type === 'decision' && reason.decision.reason?.length).toBe(MAX_TEXT_LENGTH);
  });

  it('refuses amounts and dates out of bounds', () => {
    const shown = shownEvent();
    const withAmount = (amountAtRisk: number) => ({ ...shown, finding: { ...('finding' in shown ? shown.finding : {}), amountAtRisk } });
    expect(FlagEventSchema.safeParse(withAmount(1e9)).success).toBe(true);
    expect(FlagEventSchema.safeParse(withAmount(1e308)).success).toBe(false);
    expect(FlagEventSchema.safeParse(withAmount(Infinity)).success).toBe(false);
    expect(FlagEventSchema.safeParse(withAmount(-0.01)).success).toBe(false);
    expect(FlagEventSchema.safeParse({ ...shown, at: EVENT_EPOCH }).success).toBe(true);
    expect(FlagEventSchema.safeParse({ ...shown, at: '2019-12-31T23:59:59.999Z' }).success).toBe(false);
    expect(FlagEventSchema.safeParse({ ...shown, at: new Date(Date.now() + 3_600_000).toISOString() }).success).toBe(true);
    expect(FlagEventSchema.safeParse({ ...shown, at: '2099-01-01T00:00:00Z' }).success).toBe(false);
  });

  it('the recorder keeps a record with unstorable text, normalised, rather than dropping it', async () => {
    const sunk: RecordedFlagEvent[] = [];
    const recorder = createFlagRecorder({
      sessionId: 's-1',
      profileId: 'demo\u0000outpatient',
      url: 'http://127.0.0.1:5173/outpatient.html',
      sink: (e) => sunk.push(e),
      newId: () => 'id-00000002',
    });
    recorder.record({ type: 'content-error', where: 'render\uD840', message: 'bad\u0000 text \uDC00' });
    expect(sunk).toMatchObject([{ profileId: 'demooutpatient', where: 'render\uFFFD', message: 'bad text \uFFFD' }]);
  });
});
