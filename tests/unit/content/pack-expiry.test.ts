// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import { PreflightController } from '../../../entrypoints/content/controller';
import { PackExpiry } from '../../../entrypoints/content/pack-expiry';
import { DEFAULT_SETTINGS } from '../../../settings/schema';
import { FakeView, ManualTimers, RecordingLog, evaluateOrder, fakeEngine, gridRow, loadDemoPage, settleAsync, testPack, typeInto, type FakeEngine } from './support';

/**
 * 规则包已过期 in the page (issue #13): the engine's status names the pack's end date; once that
 * day is over (in Beijing) the badge says so, checking goes on, and one `pack-expired` event is
 * recorded per pack for the page session.
 */

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;

interface Harness {
  controller: PreflightController;
  engine: FakeEngine;
  view: FakeView;
  log: RecordingLog;
  timers: ManualTimers;
  clock: { now: Date };
}

let harness: Harness | undefined;

async function start(effectiveTo: string | null, now = '2026-12-06T10:00:00+08:00'): Promise<Harness> {
  const timers = new ManualTimers();
  const view = new FakeView();
  const log = new RecordingLog();
  const engine = fakeEngine();
  engine.setStatus({ effectiveTo });
  const clock = { now: new Date(now) };
  const controller = new PreflightController({
    document,
    profile: outpatient,
    engine,
    settings: DEFAULT_SETTINGS,
    recorder: log,
    createView: view.bind,
    sessionKey: outpatient.id,
    now: timers.now,
    clock: () => clock.now,
    timers,
  });
  harness = { controller, engine, view, log, timers, clock };
  controller.start();
  await settleAsync();
  return harness;
}

async function retype(h: Harness, days: string): Promise<void> {
  typeInto(gridRow('1'), 'days', days);
  await settleAsync();
  h.timers.advance(300);
  await settleAsync();
}

beforeEach(() => loadDemoPage());
afterEach(() => {
  harness?.controller.dispose();
  harness = undefined;
});

describe('an expired pack in force', () => {
  it('shows 规则包已过期 on the badge, still checks, and records one pack-expired event', async () => {
    const h = await start('2026-11-30');
    expect(h.view.last.packExpiredOn).toBe('2026-11-30');
    expect(h.view.last.status.state).toBe('checked');
    expect(h.engine.check).toHaveBeenCalled();
    expect(h.log.ofType('pack-expired')).toEqual([{ type: 'pack-expired', packVersion: testPack.version, packId: testPack.id, effectiveTo: '2026-11-30' }]);
    // More checks on the same page: no second record.
    await retype(h, '5');
    await retype(h, '6');
    expect(h.engine.check.mock.calls.length).toBeGreaterThan(1);
    expect(h.log.ofType('pack-expired')).toHaveLength(1);
    expect(h.view.last.packExpiredOn).toBe('2026-11-30');
  });

  it('the end date itself is still in force (Beijing time), and a pack without one never expires', async () => {
    // 2026-11-30 23:30 in Beijing is 15:30 UTC the same day: the last day of the pack.
    const lastDay = await start('2026-11-30', '2026-11-30T23:30:00+08:00');
    expect(lastDay.view.last.packExpiredOn).toBeUndefined();
    expect(lastDay.log.ofType('pack-expired')).toEqual([]);
    lastDay.controller.dispose();
    const open = await start(null);
    expect(open.view.last.packExpiredOn).toBeUndefined();
    expect(open.log.ofType('pack-expired')).toEqual([]);
  });

  it('a page left open over midnight notices the expiry at the next check', async () => {
    const h = await start('2026-11-30', '2026-11-30T23:58:00+08:00');
    expect(h.view.last.packExpiredOn).toBeUndefined();
    h.clock.now = new Date('2026-12-01T00:05:00+08:00');
    await retype(h, '5');
    expect(h.view.last.packExpiredOn).toBe('2026-11-30');
    expect(h.log.ofType('pack-expired')).toHaveLength(1);
  });

  it('a newer pack arriving while the page is open clears the state', async () => {
    const h = await start('2026-11-30');
    expect(h.view.last.packExpiredOn).toBe('2026-11-30');
    h.engine.setStatus({ packVersion: '2026.12.6', effectiveTo: '2027-06-30' });
    h.engine.check.mockImplementation(async (order) => {
      const outcome = evaluateOrder(order);
      return outcome.ok ? { ok: true, result: { ...outcome.result, packVersion: '2026.12.6' } } : outcome;
    });
    await retype(h, '5');
    await settleAsync();
    expect(h.view.last.packVersion).toBe('2026.12.6');
    expect(h.view.last.packExpiredOn).toBeUndefined();
    expect(h.log.ofType('pack-expired')).toHaveLength(1);
  });
});

describe('PackExpiry', () => {
  it('records once per pack, and again for another expired pack', () => {
    const log = new RecordingLog();
    const expiry = new PackExpiry(log, () => new Date('2026-12-06T04:00:00Z'));
    expiry.setPack({ packId: 'a', packVersion: '1', effectiveTo: '2026-11-30' });
    expiry.setPack({ packId: 'a', packVersion: '1', effectiveTo: '2026-11-30' });
    expect(log.ofType('pack-expired')).toHaveLength(1);
    expiry.setPack({ packId: 'a', packVersion: '2', effectiveTo: '2026-12-01' });
    expect(log.ofType('pack-expired').map((e) => e.packVersion)).toEqual(['1', '2']);
    expect(expiry.isOtherPack('2')).toBe(false);
    expect(expiry.isOtherPack('3')).toBe(true);
    expiry.setPack({ packId: null, packVersion: null, effectiveTo: null });
    expect(expiry.on).toBeUndefined();
  });
});
