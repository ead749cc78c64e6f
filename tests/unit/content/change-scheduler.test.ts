import { describe, expect, it } from 'vitest';
import { ChangeScheduler, type PendingChanges } from '../../../entrypoints/content/change-scheduler';
import { ManualTimers } from './support';

function setup(delayMs = 150, maxWaitMs = 600) {
  const timers = new ManualTimers();
  const flushed: PendingChanges[] = [];
  const scheduler = new ChangeScheduler((changes) => flushed.push(changes), { delayMs, maxWaitMs, timers, now: timers.now });
  return { timers, flushed, scheduler };
}

// Plain objects stand in for row elements: the scheduler only keeps them in a set.
const row = (name: string) => ({ name }) as unknown as Element;

describe('ChangeScheduler', () => {
  it('hands over the changed rows once the changes pause for the delay', () => {
    const { timers, flushed, scheduler } = setup();
    const a = row('a');
    const b = row('b');
    scheduler.markRow(a);
    timers.advance(100);
    scheduler.markRow(b);
    scheduler.markRow(a);
    timers.advance(149);
    expect(flushed).toEqual([]);
    timers.advance(1);
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.full).toBe(false);
    expect([...flushed[0]!.rows]).toEqual([a, b]);
    expect(scheduler.hasPending).toBe(false);
  });

  it('does not let a steady stream of changes postpone the check past the ceiling', () => {
    const { timers, flushed, scheduler } = setup(150, 600);
    for (let t = 0; t < 1000; t += 100) {
      scheduler.markRow(row(`r${t}`));
      timers.advance(100);
    }
    // Changes every 100 ms never leave a 150 ms pause; the ceiling flushes anyway.
    expect(flushed.length).toBeGreaterThanOrEqual(1);
    expect(flushed[0]!.rows.size).toBe(6);
  });

  it('turns into a full re-read when anything structural changed, dropping the row list', () => {
    const { timers, flushed, scheduler } = setup();
    scheduler.markRow(row('a'));
    scheduler.markAll();
    scheduler.markRow(row('b'));
    timers.advance(150);
    expect(flushed).toEqual([{ full: true, rows: new Set() }]);
  });

  it('flushes at once on request and forgets discarded changes', () => {
    const { timers, flushed, scheduler } = setup();
    scheduler.markRow(row('a'));
    scheduler.flushNow();
    expect(flushed).toHaveLength(1);
    scheduler.flushNow();
    expect(flushed).toHaveLength(1);
    scheduler.markAll();
    scheduler.discard();
    timers.advance(1000);
    expect(flushed).toHaveLength(1);
    expect(timers.size).toBe(0);
  });
});
