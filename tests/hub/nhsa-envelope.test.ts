import { describe, expect, it } from 'vitest';
import { nhsaTime, receipt } from '../../hub/src/nhsa/envelope';

/** The platform's yyyyMMddHHmmssSSS times, written once per second and zone and reused. */
describe('nhsaTime', () => {
  it('writes the wall clock of the zone, to the millisecond, whatever was written before', () => {
    const at = (iso: string) => new Date(iso);
    // Alternating zones and seconds, and the same second with other milliseconds.
    expect(nhsaTime(at('2026-11-22T01:30:00.007Z'), 'Asia/Shanghai')).toBe('20261122093000007');
    expect(nhsaTime(at('2026-11-22T01:30:00.999Z'), 'Asia/Shanghai')).toBe('20261122093000999');
    expect(nhsaTime(at('2026-11-22T01:30:00.999Z'), 'Europe/Berlin')).toBe('20261122023000999');
    expect(nhsaTime(at('2026-11-22T01:30:00.000Z'), 'Asia/Shanghai')).toBe('20261122093000000');
    expect(nhsaTime(at('2026-11-22T01:30:01.000Z'), 'Asia/Shanghai')).toBe('20261122093001000');
    // Midnight and the year's end in the zone.
    expect(nhsaTime(at('2026-12-31T15:59:59.500Z'), 'Asia/Shanghai')).toBe('20261231235959500');
    expect(nhsaTime(at('2026-12-31T16:00:00.001Z'), 'Asia/Shanghai')).toBe('20270101000000001');
    // Back to an earlier second: written again, not the last one.
    expect(nhsaTime(at('2026-11-22T01:30:00.123Z'), 'Asia/Shanghai')).toBe('20261122093000123');
  });

  it('gives a receipt id of 30 digits beginning with its time', () => {
    const r = receipt('Asia/Shanghai', new Date('2026-11-22T01:30:00.042Z'));
    expect(r.refmsgid).toMatch(/^20261122093000042\d{13}$/);
  });
});
