import { describe, expect, it } from 'vitest';
import { createFlagLogSender } from '../../../log/flag-log-sender';
import type { FlagEvent } from '../../../contract/flag-event';
import { ManualTimers } from '../content/support';
import { shownEvent } from './support';

function setup(answer: (events: FlagEvent[]) => Promise<unknown>, options: { batchSize?: number; maxQueue?: number } = {}) {
  const timers = new ManualTimers();
  const batches: string[][] = [];
  const sender = createFlagLogSender({
    send: async (message) => {
      batches.push(message.events.map((e) => e.id));
      return answer(message.events);
    },
    flushDelayMs: 400,
    retryDelayMs: 2000,
    setTimer: timers.set,
    clearTimer: timers.clear,
    ...options,
  });
  return { timers, batches, sender };
}

const ok = async (events: FlagEvent[]) => ({ ok: true, stored: events.length, rejected: 0 });
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('flag log sender', () => {
  it('sends a partial batch after a quiet moment, as one message', async () => {
    const { timers, batches, sender } = setup(ok);
    const [a, b] = [shownEvent(), shownEvent()];
    sender.record(a);
    sender.record(b);
    expect(batches).toEqual([]);
    timers.advance(400);
    await tick();
    expect(batches).toEqual([[a.id, b.id]]);
    expect(sender.pending()).toBe(0);
  });

  it('sends a full batch at once', async () => {
    const { batches, sender } = setup(ok, { batchSize: 2 });
    const events = [shownEvent(), shownEvent(), shownEvent()];
    events.forEach((e) => sender.record(e));
    await tick();
    expect(batches[0]).toEqual([events[0]!.id, events[1]!.id]);
  });

  it('keeps events the background did not confirm and sends them again later', async () => {
    let up = false;
    const { timers, batches, sender } = setup(async (events) => {
      if (!up) throw new Error('Could not establish connection. Receiving end does not exist.');
      return ok(events);
    });
    const event = shownEvent();
    sender.record(event);
    await sender.flush();
    expect(sender.pending()).toBe(1);
    up = true;
    timers.advance(2000);
    await tick();
    expect(batches).toEqual([[event.id], [event.id]]);
    expect(sender.pending()).toBe(0);
  });

  it('treats a refusal or a garbled answer as not delivered', async () => {
    const { sender } = setup(async () => ({ ok: false, message: 'quota' }));
    sender.record(shownEvent());
    await sender.flush();
    expect(sender.pending()).toBe(1);
  });

  it('drops the oldest events beyond the queue limit', async () => {
    const { sender } = setup(async () => undefined, { maxQueue: 3, batchSize: 10 });
    for (let i = 0; i < 5; i++) sender.record(shownEvent());
    expect(sender.pending()).toBe(3);
  });
});
