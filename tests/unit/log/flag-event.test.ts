import { describe, expect, it } from 'vitest';
import { FlagEventSchema } from '../../../log/flag-event';
import { createFlagRecorder, loggedFinding, pageOf } from '../../../entrypoints/content/flag-recorder';
import { shownEvent } from './support';

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

  it('logs a finding by identity and line code, without its texts', () => {
    const logged = loggedFinding(
      { ruleId: 'r1', kind: 'sex', severity: 'critical', lineId: 'L2', message: '很长的提示', basis: '依据', actions: [] },
      { lines: [{ id: 'L2', code: 'XL02BBA326A001010102180' }] } as never,
    );
    expect(logged).toEqual({ ruleId: 'r1', kind: 'sex', severity: 'critical', lineId: 'L2', lineCode: 'XL02BBA326A001010102180' });
  });
});
