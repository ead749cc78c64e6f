import { describe, expect, it } from 'vitest';
import { ReviewSourceError, type ReviewDataSource } from '../../../contract/review/data-source';
import { collectEvents } from '../../../components/review/ExportButtons';
import type { EventPage, ListedEvent } from '../../../contract/review/events';
import { QueryTracker, type Clock } from '../../../components/review/progress';
import { findingShown, realRules } from '../../hub/support/events';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  const ticks = new Set<() => void>();
  const clock: Clock = {
    now: () => now,
    every(_ms, tick) {
      ticks.add(tick);
      return () => ticks.delete(tick);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      ticks.forEach((tick) => tick());
    },
    get ticking() {
      return ticks.size;
    },
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('QueryTracker', () => {
  it('shows the elapsed time while running and stops the clock when done', async () => {
    const time = manualClock();
    const tracker = new QueryTracker<number>(time.clock);
    const answer = deferred<number>();
    const run = tracker.run(() => answer.promise);
    expect(tracker.state.value.status).toBe('running');
    time.advance(1500);
    expect(tracker.elapsedMs.value).toBe(1500);
    answer.resolve(42);
    expect(await run).toBe(42);
    expect(tracker.state.value).toEqual({ status: 'done', data: 42, error: undefined });
    expect(time.ticking).toBe(0);
  });

  it('cancels at once, aborts the signal, and keeps what was shown before', async () => {
    const time = manualClock();
    const tracker = new QueryTracker<string>(time.clock);
    await tracker.run(async () => 'first');
    let seen: AbortSignal | undefined;
    const slow = deferred<string>();
    const run = tracker.run((signal) => {
      seen = signal;
      return slow.promise;
    });
    tracker.cancel();
    expect(seen!.aborted).toBe(true);
    expect(tracker.state.value).toEqual({ status: 'cancelled', data: 'first', error: undefined });
    // A source that ignores the signal and answers late changes nothing.
    slow.resolve('late');
    expect(await run).toBeUndefined();
    expect(tracker.state.value.data).toBe('first');
    expect(time.ticking).toBe(0);
  });

  it('lets a new query supersede the running one', async () => {
    const tracker = new QueryTracker<string>(manualClock().clock);
    const old = deferred<string>();
    let oldSignal: AbortSignal | undefined;
    const first = tracker.run((signal) => {
      oldSignal = signal;
      return old.promise;
    });
    const second = tracker.run(async () => 'new filters');
    expect(oldSignal!.aborted).toBe(true);
    expect(await second).toBe('new filters');
    old.resolve('old filters');
    expect(await first).toBeUndefined();
    expect(tracker.state.value.data).toBe('new filters');
  });

  it('keeps the error to show, and the previous data', async () => {
    const tracker = new QueryTracker<string>(manualClock().clock);
    await tracker.run(async () => 'shown');
    const forbidden = new ReviewSourceError('forbidden', 'role quality may not rule-reports:read', 403);
    await tracker.run(async () => {
      throw forbidden;
    });
    expect(tracker.state.value).toEqual({ status: 'error', data: 'shown', error: forbidden });
  });
});

describe('export paging', () => {
  const rule = realRules()[0]!;
  const all: ListedEvent[] = Array.from({ length: 1234 }, (_, i) => ({
    event: findingShown(rule, { at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }),
    workstation: { id: 'a1b2c3d4e5f60718', label: '门诊3诊室' },
    receivedAt: '2026-11-22T02:20:00.000Z',
    verdict: null,
  }));
  const pagedSource = (asked: number[]): Pick<ReviewDataSource, 'listEvents'> => ({
    async listEvents(_filters, page): Promise<EventPage> {
      asked.push(page.limit);
      const start = page.cursor ? Number(page.cursor) : 0;
      const events = all.slice(start, start + page.limit);
      const next = start + events.length;
      return { events, nextCursor: next < all.length ? String(next) : null };
    },
  });

  it('follows the cursor to the end, reporting progress', async () => {
    const asked: number[] = [];
    const progress: number[] = [];
    const { events, capped } = await collectEvents(pagedSource(asked) as ReviewDataSource, {}, new AbortController().signal, (n) => progress.push(n));
    expect(events.map((e) => e.event.id)).toEqual(all.map((e) => e.event.id));
    expect(capped).toBe(false);
    expect(progress).toEqual([500, 1000, 1234]);
  });

  it('stops at the limit and says so', async () => {
    const asked: number[] = [];
    const { events, capped } = await collectEvents(pagedSource(asked) as ReviewDataSource, {}, new AbortController().signal, () => {}, 700);
    expect(events).toHaveLength(700);
    expect(capped).toBe(true);
    expect(asked).toEqual([500, 200]);
  });
});
