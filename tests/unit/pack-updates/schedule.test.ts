import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedKeys } from '../../../rules/pack/signature';
import { planAlarm, PACK_UPDATE_ALARM, SOON_MS } from '../../../pack-updates/schedule';
import { PackStatusSchema } from '../../../pack-updates/messages';
import { BUILTIN_TEXT, BUILTIN_VERSION, freshStore, makeService, newKeys, NOW, packServer, packVersion, signed, STATIN_ORDER, UPDATE_URL } from './support';

let keys: GeneratedKeys;
let rotated: GeneratedKeys;
let v2: string;
beforeAll(async () => {
  [keys, rotated] = await Promise.all([newKeys(), newKeys()]);
  v2 = await signed(packVersion('2026.11.2'), keys);
});

const MINUTE = 60_000;

describe('planAlarm', () => {
  it('polls one interval after the last check', () => {
    const plan = planAlarm({ intervalMinutes: 30, lastCheckAt: new Date(NOW.getTime() - 10 * MINUTE).toISOString(), now: NOW, soon: false });
    expect(plan).toEqual({ when: NOW.getTime() + 20 * MINUTE, periodInMinutes: 30 });
  });

  it('a check overdue (browser closed for a day) or never made runs shortly after start, never in the past', () => {
    expect(planAlarm({ intervalMinutes: 30, lastCheckAt: '2026-11-20T00:00:00.000Z', now: NOW, soon: false }).when).toBe(NOW.getTime() + SOON_MS);
    expect(planAlarm({ intervalMinutes: 60, lastCheckAt: undefined, now: NOW, soon: false }).when).toBe(NOW.getTime() + SOON_MS);
  });

  it('a changed update source is checked soon even when the last check was recent', () => {
    expect(planAlarm({ intervalMinutes: 30, lastCheckAt: NOW.toISOString(), now: NOW, soon: true }).when).toBe(NOW.getTime() + SOON_MS);
  });
});

describe('pack service start and deployment changes', () => {
  it('first start with an update URL: alarm soon, period as configured, status published', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, packUpdateIntervalMinutes: 15, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    expect(h.alarms.alarms.get(PACK_UPDATE_ALARM)).toEqual({ name: PACK_UPDATE_ALARM, scheduledTime: NOW.getTime() + SOON_MS, periodInMinutes: 15 });
    const status = h.published.at(-1)!;
    expect(PackStatusSchema.parse(status)).toEqual(status);
    // Configured: the built-in demo pack is not what runs here, and the status says there is no pack yet.
    expect(status).toMatchObject({
      active: null,
      configured: true,
      updateUrl: UPDATE_URL,
      intervalMinutes: 15,
      lastCheck: null,
      nextCheckAt: new Date(NOW.getTime() + SOON_MS).toISOString(),
    });
  });

  it('a service-worker wake-up with nothing changed keeps the alarm where it was', async () => {
    const { store } = freshStore();
    const deployment = { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] };
    const first = makeService({ deployment, fetch: packServer(v2).fetch, store });
    await first.service.start();
    const again = makeService({ deployment, fetch: packServer(v2).fetch, store });
    again.alarms.alarms.set(PACK_UPDATE_ALARM, { name: PACK_UPDATE_ALARM, scheduledTime: NOW.getTime() + 7 * MINUTE, periodInMinutes: 30 });
    await again.service.start();
    expect(again.alarms.created).toBe(0);
    expect(again.alarms.alarms.get(PACK_UPDATE_ALARM)?.scheduledTime).toBe(NOW.getTime() + 7 * MINUTE);
  });

  it('the browser dropped the alarm: a wake-up re-creates it', async () => {
    const { store } = freshStore();
    const deployment = { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] };
    await makeService({ deployment, fetch: packServer(v2).fetch, store }).service.start();
    const again = makeService({ deployment, fetch: packServer(v2).fetch, store });
    await again.service.start();
    expect(again.alarms.alarms.get(PACK_UPDATE_ALARM)?.periodInMinutes).toBe(30);
  });

  it('the update URL removed → the alarm is removed and the status shows no next check', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    h.deployment = { trustedKeys: [keys.publicKey] };
    await h.service.deploymentChanged(h.deployment);
    expect(h.alarms.alarms.has(PACK_UPDATE_ALARM)).toBe(false);
    expect(h.published.at(-1)).toMatchObject({ updateUrl: null, nextCheckAt: null });
  });

  it('an interval change re-creates the alarm with the new period', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    h.deployment = { ...h.deployment, packUpdateIntervalMinutes: 120 };
    await h.service.deploymentChanged(h.deployment);
    expect(h.alarms.alarms.get(PACK_UPDATE_ALARM)?.periodInMinutes).toBe(120);
  });

  it('keys rotated while running: the stored pack is taken out of the engine at once, and no demo pack steps in', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    await h.service.checkNow();
    expect(h.engine.host.status().packVersion).toBe('2026.11.2');

    const unloads = h.engine.unloads;
    h.deployment = { ...h.deployment, trustedKeys: [rotated.publicKey] };
    await h.service.deploymentChanged(h.deployment);
    expect(h.engine.host.status().packVersion).toBeNull();
    expect(h.engine.unloads).toBe(unloads + 1);
    expect(h.engine.host.check(STATIN_ORDER)).toMatchObject({ ok: false, reason: 'no-pack' });
    expect(await h.store.readActive()).toBeUndefined();
    expect(h.published.at(-1)).toMatchObject({
      active: null,
      configured: true,
      lastCheck: { outcome: 'rejected', rejection: { reason: 'unknown-key' } },
    });
  });

  it('keys changed while the service worker slept: caught up at the next start', async () => {
    const { store } = freshStore();
    const before = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch, store });
    await before.service.start();
    await before.service.checkNow();
    const after = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [rotated.publicKey] }, fetch: packServer(v2).fetch, store });
    await after.service.start();
    expect(await store.readActive()).toBeUndefined();
    expect(after.engine.loads).toBe(0);
    expect(after.engine.unloads).toBe(1);
    expect(after.engine.host.status().packVersion).toBeNull();
  });

  it('just configured, nothing stored yet: the built-in pack the engine ran is taken out until the hospital pack comes', async () => {
    const h = makeService({ deployment: {}, fetch: packServer(v2).fetch });
    await h.service.start();
    expect(h.engine.unloads).toBe(0);
    expect(h.published.at(-1)).toMatchObject({ active: { source: 'built-in' }, configured: false });
    h.engine.host.loadPack(BUILTIN_TEXT); // what the engine started with, unconfigured
    h.deployment = { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] };
    await h.service.deploymentChanged(h.deployment);
    expect(h.engine.unloads).toBe(1);
    expect(h.engine.host.check(STATIN_ORDER)).toMatchObject({ ok: false, reason: 'no-pack' });
    expect(h.published.at(-1)).toMatchObject({ active: null, configured: true });
    // The hospital's pack arrives: checked with it.
    expect((await h.service.checkNow()).status.active).toMatchObject({ version: '2026.11.2', source: 'update-url' });
    expect(h.engine.host.status().packVersion).toBe('2026.11.2');
  });

  it('unconfigured again (no URL, no keys): a dropped stored pack gives way to the built-in pack', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    await h.service.checkNow();
    h.deployment = {};
    await h.service.deploymentChanged(h.deployment);
    expect(await h.store.readActive()).toBeUndefined();
    expect(h.engine.host.status().packVersion).toBe(BUILTIN_VERSION);
    expect(h.published.at(-1)).toMatchObject({ active: { source: 'built-in', version: BUILTIN_VERSION }, configured: false });
  });

  it('a second trusted key added keeps the stored pack (it still verifies)', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    await h.service.checkNow();
    h.deployment = { ...h.deployment, trustedKeys: [keys.publicKey, rotated.publicKey] };
    await h.service.deploymentChanged(h.deployment);
    expect((await h.store.readActive())?.meta.version).toBe('2026.11.2');
    expect(h.engine.host.status().packVersion).toBe('2026.11.2');
  });

  it('a check by hand restarts the interval, replacing the pending soon-after-a-change poll', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, packUpdateIntervalMinutes: 45, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    expect(h.alarms.alarms.get(PACK_UPDATE_ALARM)?.scheduledTime).toBe(NOW.getTime() + SOON_MS);
    const answer = await h.service.checkNow();
    expect(h.alarms.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: NOW.getTime() + 45 * MINUTE, periodInMinutes: 45 });
    expect(answer.status.nextCheckAt).toBe(new Date(NOW.getTime() + 45 * MINUTE).toISOString());
  });

  it('an unrelated deployment change (hospital name) neither moves the alarm nor re-checks', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch });
    await h.service.start();
    const created = h.alarms.created;
    const published = h.published.length;
    h.deployment = { ...h.deployment, hospitalName: '市第一人民医院' };
    await h.service.deploymentChanged(h.deployment);
    expect(h.alarms.created).toBe(created);
    expect(h.published.length).toBe(published);
  });
});
