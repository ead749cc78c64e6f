import type { FlagEvent } from '../../../contract/flag-event';

let counter = 0;

/** A valid finding-shown record, as the content script makes them (quantity rule on a real drug code). */
export function shownEvent(overrides: Partial<Extract<FlagEvent, { type: 'finding-shown' }>> = {}): FlagEvent {
  counter += 1;
  return {
    id: `evt-${String(counter).padStart(8, '0')}`,
    at: new Date(Date.UTC(2026, 10, 22, 1, 0, counter)).toISOString(),
    sessionId: 'session-1',
    profileId: 'demo-outpatient',
    page: 'http://127.0.0.1:5173/outpatient.html',
    packVersion: '2026.11.1',
    type: 'finding-shown',
    orderId: 'RX202611220037-01',
    finding: { ruleId: 'rx-day-limits', kind: 'quantity', severity: 'warning', lineId: '1', lineCode: 'XC09CAA284A001010100553', amountAtRisk: 53.2 },
    mode: 'interruptive',
    timings: { extractMs: 1.2, engineMs: 0.8, renderMs: 4.1, totalMs: 6.4 },
    ...overrides,
  };
}
