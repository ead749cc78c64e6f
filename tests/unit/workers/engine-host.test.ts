import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { EngineHost } from '../../../workers/engine-host';
import type { CheckOutcome } from '../../../workers/engine-api';
import { childOnly, codeOf, femaleOnly, fixturePackJson, maleOnly, orderJson } from './fixture-pack';

// The host runs behind comlink on Node's MessageChannel, as it does behind the worker boundary.
let ports: MessagePort[] = [];
let engine: Comlink.Remote<EngineHost>;
let clock: Date;

beforeEach(() => {
  const { port1, port2 } = new MessageChannel();
  ports = [port1, port2];
  clock = new Date('2026-11-22T08:00:00Z');
  Comlink.expose(new EngineHost({ now: () => clock, maxSessions: 2 }), port1 as unknown as Comlink.Endpoint);
  engine = Comlink.wrap<EngineHost>(port2 as unknown as Comlink.Endpoint);
});

afterEach(() => {
  for (const port of ports) port.close();
});

function findingsOf(outcome: CheckOutcome) {
  if (!outcome.ok) throw new Error(`check failed: ${outcome.reason} ${JSON.stringify(outcome.errors)}`);
  return outcome.result.findings;
}

describe('engine host over comlink', () => {
  it('refuses to check before any pack is loaded, rather than reporting no problems', async () => {
    expect(await engine.check(orderJson({ sex: 'M' }, [codeOf(femaleOnly)]))).toEqual({ ok: false, reason: 'no-pack', errors: [] });
    expect(await engine.status()).toMatchObject({ packVersion: null, ruleCount: 0, loadedAt: null });
  });

  it('loads a valid pack and checks orders against it', async () => {
    expect(await engine.loadPack(fixturePackJson())).toEqual({ ok: true, packId: 'fixture-pack', version: '2026.11.1', ruleCount: 3 });
    expect(await engine.status()).toMatchObject({ packId: 'fixture-pack', packVersion: '2026.11.1', ruleCount: 3, loadedAt: '2026-11-22T08:00:00.000Z' });

    const flagged = findingsOf(await engine.check(orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)])));
    expect(flagged).toMatchObject([{ kind: 'sex', lineId: '1', ruleId: `sex-${femaleOnly.prefix}` }]);
    expect(flagged[0]!.message).toContain('医保不予支付');

    expect(findingsOf(await engine.check(orderJson({ sex: 'F', ageYears: 40 }, [codeOf(femaleOnly)])))).toEqual([]);
    // 儿童 means under 18 by default: 17 passes, 18 is flagged.
    expect(findingsOf(await engine.check(orderJson({ sex: 'F', ageYears: 17 }, [codeOf(childOnly)])))).toEqual([]);
    expect(findingsOf(await engine.check(orderJson({ sex: 'F', ageYears: 18 }, [codeOf(childOnly)])))).toMatchObject([{ kind: 'age' }]);
  });

  it('keeps checking with a pack past its effective.to, and names that date in its status (规则包已过期)', async () => {
    const expired = { ...fixturePackJson(), effective: { from: '2026-01-01', to: '2026-11-21' } };
    expect(await engine.loadPack(expired)).toMatchObject({ ok: true });
    expect(await engine.status()).toMatchObject({ packVersion: '2026.11.1', effectiveTo: '2026-11-21' });
    // The order is dated 2026-11-22, a day after the pack's end: still checked with its rules.
    expect(findingsOf(await engine.check(orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)])))).toMatchObject([{ kind: 'sex' }]);
    // Not yet in force is another matter: the pack says it did not check.
    await engine.loadPack({ ...fixturePackJson('2026.11.2'), effective: { from: '2026-12-01' } });
    expect(findingsOf(await engine.check(orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)])))).toMatchObject([{ ruleId: 'preflight:pack-effective' }]);
    expect(await engine.status()).toMatchObject({ effectiveTo: null });
  });

  it('rejects an invalid pack with field paths and keeps the last good one', async () => {
    await engine.loadPack(fixturePackJson('2026.11.1'));
    const broken = fixturePackJson('2026.11.2');
    (broken.rules as Array<Record<string, unknown>>)[1]!.params = { allowed: 'X' };
    const outcome = await engine.loadPack(broken);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => e.path)).toContain('rules[1].params.allowed');

    expect(await engine.status()).toMatchObject({ packVersion: '2026.11.1', ruleCount: 3 });
    const findings = findingsOf(await engine.check(orderJson({ sex: 'F', ageYears: 40 }, [codeOf(maleOnly)])));
    expect(findings).toMatchObject([{ kind: 'sex', ruleId: `sex-${maleOnly.prefix}` }]);
  });

  it('rejects text that is not a pack at all', async () => {
    const outcome = await engine.loadPack('not a pack');
    expect(outcome.ok).toBe(false);
    expect(await engine.status()).toMatchObject({ packVersion: null });
  });

  it('answers an invalid order with the paths of the bad fields', async () => {
    await engine.loadPack(fixturePackJson());
    const order = orderJson({ sex: 'F' }, [codeOf(femaleOnly)]);
    (order.encounter as Record<string, unknown>).date = '2026/11/22';
    (order.lines as Array<Record<string, unknown>>)[0]!.code = '';
    const outcome = await engine.check(order);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-order' });
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => e.path).sort()).toEqual(['encounter.date', 'lines[0].code']);
  });

  it('re-evaluates only the changed line within a session', async () => {
    await engine.loadPack(fixturePackJson());
    const one = orderJson({ sex: 'M', ageYears: 30 }, [codeOf(femaleOnly)]);
    const two = orderJson({ sex: 'M', ageYears: 30 }, [codeOf(femaleOnly), codeOf(childOnly)]);
    await engine.check(one, 'form-a');
    expect(await engine.lastRecomputed('form-a')).toBe(1);
    const outcome = await engine.check(two, 'form-a');
    expect(await engine.lastRecomputed('form-a')).toBe(1);
    expect(findingsOf(outcome).map((f) => f.kind)).toEqual(['sex', 'age']);
    await engine.check(two, 'form-a');
    expect(await engine.lastRecomputed('form-a')).toBe(0);
  });

  it('keeps one session per key, so two forms typed in turn do not thrash each other', async () => {
    await engine.loadPack(fixturePackJson());
    const male = orderJson({ sex: 'M', ageYears: 30 }, [codeOf(femaleOnly)], 'rx-a');
    const female = orderJson({ sex: 'F', ageYears: 30 }, [codeOf(maleOnly)], 'rx-b');
    await engine.check(male, 'tab-1');
    await engine.check(female, 'tab-2');
    await engine.check(male, 'tab-1');
    expect(await engine.lastRecomputed('tab-1')).toBe(0);
    await engine.check(female, 'tab-2');
    expect(await engine.lastRecomputed('tab-2')).toBe(0);
    // The same two orders through one key: the patient changes every time, so nothing is reused.
    await engine.check(male, 'shared');
    await engine.check(female, 'shared');
    expect(await engine.lastRecomputed('shared')).toBe(1);
  });

  it('drops sessions when a new pack is loaded and bounds how many it keeps', async () => {
    await engine.loadPack(fixturePackJson());
    const order = orderJson({ sex: 'M', ageYears: 30 }, [codeOf(femaleOnly)]);
    await engine.check(order, 'a');
    await engine.check(order, 'b');
    expect((await engine.status()).sessions).toBe(2);
    await engine.check(order, 'c'); // maxSessions is 2: 'a' goes
    expect(await engine.lastRecomputed('a')).toBeUndefined();
    expect(await engine.lastRecomputed('b')).toBe(1);

    clock = new Date('2026-11-23T08:00:00Z');
    await engine.loadPack(fixturePackJson('2026.11.2'));
    expect(await engine.status()).toMatchObject({ sessions: 0, packVersion: '2026.11.2', loadedAt: '2026-11-23T08:00:00.000Z' });
    const outcome = await engine.check(order, 'b');
    expect(outcome).toMatchObject({ ok: true, result: { packVersion: '2026.11.2' } });
    await engine.endSession('b');
    expect((await engine.status()).sessions).toBe(0);
  });
});
