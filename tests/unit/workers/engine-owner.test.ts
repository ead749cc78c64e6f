import { describe, expect, it, vi } from 'vitest';
import { EngineOwner, type EngineWorkerHandle } from '../../../workers/engine-owner';
import { EngineHost } from '../../../workers/engine-host';
import type { AsyncEngineApi } from '../../../workers/engine-api';
import { codeOf, femaleOnly, fixturePackJson, orderJson } from './fixture-pack';

/** A stand-in for the worker: a host in this thread, which can be made to stop answering. */
class FakeWorker implements EngineWorkerHandle {
  readonly host = new EngineHost();
  hung = false;
  terminated = false;
  private answer<T>(value: () => T): Promise<T> {
    return this.hung ? new Promise(() => undefined) : Promise.resolve().then(value);
  }
  readonly engine: AsyncEngineApi = {
    loadPack: (pack) => this.answer(() => this.host.loadPack(pack)),
    unloadPack: () => this.answer(() => this.host.unloadPack()),
    check: (order, key) => this.answer(() => this.host.check(order, key)),
    status: () => this.answer(() => this.host.status()),
    endSession: (key) => this.answer(() => this.host.endSession(key)),
  };
  terminate(): void {
    this.terminated = true;
  }
}

function makeOwner(initialPack: () => Promise<unknown>) {
  const workers: FakeWorker[] = [];
  const onError = vi.fn();
  const owner = new EngineOwner({
    spawn: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    initialPack,
    healthTimeoutMs: 30,
    startTimeoutMs: 100,
    onError,
  });
  return { owner, workers, onError };
}

const order = orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)]);

describe('engine owner', () => {
  it('makes the first check wait until the initial pack is loaded', async () => {
    let release!: (pack: unknown) => void;
    const { owner } = makeOwner(() => new Promise((resolve) => (release = resolve)));
    const check = owner.engine.check(order);
    release(fixturePackJson());
    expect(await check).toMatchObject({ ok: true, result: { packVersion: '2026.11.1', findings: [{ kind: 'sex' }] } });
  });

  it('still answers, with no-pack, when there is no built-in pack', async () => {
    const { owner } = makeOwner(async () => undefined);
    expect(await owner.engine.check(order)).toMatchObject({ ok: false, reason: 'no-pack' });
  });

  it('reports a built-in pack that fails validation and answers no-pack', async () => {
    const { owner, onError } = makeOwner(async () => ({ schemaVersion: 1 }));
    await owner.ready();
    expect(onError).toHaveBeenCalledWith('engine started without a pack', expect.any(Error));
    expect(await owner.engine.check(order)).toMatchObject({ ok: false, reason: 'no-pack' });
  });

  it('replaces a worker that stopped answering and gives the new one the last good pack', async () => {
    const { owner, workers } = makeOwner(async () => fixturePackJson('2026.11.1'));
    expect(await owner.engine.loadPack(fixturePackJson('2026.12.1'))).toMatchObject({ ok: true });
    expect(await owner.engine.loadPack({ schemaVersion: 1, id: 'bad' })).toMatchObject({ ok: false });
    await owner.ensureHealthy();
    expect(workers).toHaveLength(1);

    workers[0]!.hung = true;
    await owner.ensureHealthy();
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(await owner.engine.status()).toMatchObject({ packVersion: '2026.12.1' });
  });

  it('replaces a worker that never finished loading its pack', async () => {
    let spawned = 0;
    const owner = new EngineOwner({
      spawn: () => {
        const worker = new FakeWorker();
        worker.hung = spawned++ === 0;
        return worker;
      },
      initialPack: async () => fixturePackJson(),
      healthTimeoutMs: 30,
      startTimeoutMs: 50,
    });
    await owner.ensureHealthy();
    expect(spawned).toBe(2);
    expect(await owner.engine.status()).toMatchObject({ packVersion: '2026.11.1' });
  });
});
