import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GeneratedKeys } from '../../../rules/pack/signature';
import { REJECT_MESSAGES } from '../../../rules/pack/accept';
import { EngineOwner } from '../../../workers/engine-owner';
import type { AsyncEngineApi } from '../../../workers/engine-api';
import { EngineHost } from '../../../workers/engine-host';
import { PACK_IMAGE_FORMAT, type PackImage } from '../../../rules/engine/image';
import { loadInitialPack, type InitialPackDeps } from '../../../pack-updates/initial-pack';
import type { ActivePackStore } from '../../../pack-updates/pack-store';
import {
  ADDED_RULE,
  BUILTIN_ID,
  BUILTIN_TEXT,
  BUILTIN_VERSION,
  FakeEngine,
  flaggedRules,
  freshStore,
  makeService,
  newKeys,
  NOW,
  packServer,
  packVersion,
  signed,
  UPDATE_URL,
} from './support';

let keys: GeneratedKeys;
let newKey: GeneratedKeys;
let v2: string;
beforeAll(async () => {
  [keys, newKey] = await Promise.all([newKeys(), newKeys()]);
  v2 = await signed(packVersion('2026.11.2'), keys);
});

/** A browser that polled v2 from the update URL, then was closed: its store, as reopened at the next start. */
async function browserWithV2(): Promise<{ reopen: () => ActivePackStore }> {
  const { store, reopen } = freshStore();
  const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(v2).fetch, store });
  expect((await h.service.checkNow()).status.active?.version).toBe('2026.11.2');
  return { reopen };
}

function deps(store: ActivePackStore, trustedKeys: unknown[], extra: Partial<InitialPackDeps> = {}): InitialPackDeps {
  return { store, readAcceptance: async () => ({ trustedKeys }), loadBuiltin: async () => BUILTIN_TEXT, now: () => NOW, ...extra };
}

describe('initial pack at engine start', () => {
  it('nothing stored: the built-in pack on an unconfigured workstation, no pack at all on a configured one', async () => {
    expect(await loadInitialPack(deps(freshStore().store, []))).toBe(BUILTIN_TEXT);
    expect(await loadInitialPack({ ...deps(freshStore().store, []), readAcceptance: async () => ({ trustedKeys: [], configured: false }) })).toBe(BUILTIN_TEXT);
    // Trusted keys, or an update URL (the background says `configured`): never the demo rules.
    expect(await loadInitialPack(deps(freshStore().store, [keys.publicKey]))).toBeUndefined();
    expect(await loadInitialPack({ ...deps(freshStore().store, []), readAcceptance: async () => ({ trustedKeys: [], configured: true }) })).toBeUndefined();
  });

  it('after a restart the stored pack is what the engine starts with (verified, as its signed payload)', async () => {
    const { reopen } = await browserWithV2();
    const pack = await loadInitialPack(deps(reopen(), [keys.publicKey]));
    expect(typeof pack).toBe('string');
    expect(JSON.parse(pack as string)).toMatchObject({ id: BUILTIN_ID, version: '2026.11.2' });

    // Through the real engine owner, as the offscreen document / Firefox background runs it.
    const host = new EngineHost({ now: () => NOW });
    const engine: AsyncEngineApi = {
      loadPack: async (p) => host.loadPack(p),
      unloadPack: async () => host.unloadPack(),
      check: async (o, k) => host.check(o, k),
      status: async () => host.status(),
      endSession: async (k) => host.endSession(k),
    };
    const owner = new EngineOwner({ spawn: () => ({ engine, terminate() {} }), initialPack: () => loadInitialPack(deps(reopen(), [keys.publicKey])) });
    await owner.ready();
    expect(host.status()).toMatchObject({ packVersion: '2026.11.2' });
    const fake = Object.assign(new FakeEngine(), { host });
    expect(flaggedRules(fake)).toContain(ADDED_RULE.id);
  });

  it('after a restart the status reports the stored pack without a new download', async () => {
    const { reopen } = await browserWithV2();
    const fetchPack = packServer(v2).fetch;
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: fetchPack, store: reopen() });
    expect((await h.service.status()).active).toMatchObject({ version: '2026.11.2', source: 'update-url', keyId: keys.publicKey.keyId });
    expect(fetchPack.requests).toHaveLength(0);
  });

  it('with an image stamp: the first start keeps an image of the pack, later starts load that image without reading the payload again', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const first = (await loadInitialPack(deps(store, [keys.publicKey], { imageStamp: 'build-1' }))) as PackImage;
    expect(first).toMatchObject({ format: PACK_IMAGE_FORMAT, stamp: 'build-1', id: BUILTIN_ID, version: '2026.11.2' });
    const activatedAt = (await store.readActive())!.meta.activatedAt;
    expect(await store.readImage!(activatedAt)).toEqual(first);

    // The next start: the kept image, as stored, is what the engine gets — and it checks like the payload.
    const second = await loadInitialPack(deps(reopen(), [keys.publicKey], { imageStamp: 'build-1' }));
    expect(second).toEqual(first);
    const host = new EngineHost({ now: () => NOW });
    expect(host.loadPack(second)).toMatchObject({ ok: true, version: '2026.11.2' });

    // Another build (an extension update) does not trust that image: it reads the pack and writes its own.
    const third = (await loadInitialPack(deps(reopen(), [keys.publicKey], { imageStamp: 'build-2' }))) as PackImage;
    expect(third.stamp).toBe('build-2');
    expect(((await reopen().readImage!(activatedAt)) as PackImage).stamp).toBe('build-2');
  });

  it('with a kept image the signature is still checked against the keys trusted now', async () => {
    const { reopen } = await browserWithV2();
    await loadInitialPack(deps(reopen(), [keys.publicKey], { imageStamp: 'build-1' }));
    const store = reopen();
    expect(await loadInitialPack(deps(store, [newKey.publicKey], { imageStamp: 'build-1' }))).toBeUndefined();
    expect(await store.readActive()).toBeUndefined();
    expect((await store.readLastCheck())?.rejection?.reason).toBe('unknown-key');
  });

  it('keys rotated while the browser was closed → no pack (not the demo one), the stored one dropped with the reason', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const onDropped = vi.fn();
    const pack = await loadInitialPack(deps(store, [newKey.publicKey], { onDropped }));
    expect(pack).toBeUndefined();
    expect(await store.readActive()).toBeUndefined();
    // The ETag goes too: the next poll downloads the URL's pack and judges it with the new keys.
    expect(await store.readEtag(UPDATE_URL)).toBeUndefined();
    const why = await store.readLastCheck();
    expect(why).toMatchObject({ at: NOW.toISOString(), outcome: 'rejected', rejection: { reason: 'unknown-key' } });
    expect(why?.rejection?.message).toContain('已保存的规则包 demo-nhsa-2026 2026.11.2');
    expect(why?.rejection?.message).toContain(REJECT_MESSAGES['unknown-key'].zh);
    expect(onDropped).toHaveBeenCalledWith(why);

    // The status now shows no pack (无可用规则包) and why.
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [newKey.publicKey] }, fetch: packServer(v2).fetch, store });
    const status = await h.service.status();
    expect(status.active).toBeNull();
    expect(status.configured).toBe(true);
    expect(status.lastCheck).toEqual(why);
  });

  it('the rotated-out pack is downloaded again at the next poll and refused with the new keys', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    await loadInitialPack(deps(store, [newKey.publicKey]));
    const server = packServer(v2);
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [newKey.publicKey] }, fetch: server.fetch, store });
    const answer = await h.service.checkNow();
    expect(server.fetch.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(answer.rejection?.reason).toBe('unknown-key');
    expect(answer.status.active).toBeNull();
  });

  it('no trusted keys at all any more → the built-in pack', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    expect(await loadInitialPack(deps(store, []))).toBe(BUILTIN_TEXT);
    expect((await store.readLastCheck())?.rejection?.reason).toBe('unknown-key');
  });

  it('an expected pack id set since → the stored pack with another id is dropped (id-mismatch)', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const pack = await loadInitialPack({ ...deps(store, [keys.publicKey]), readAcceptance: async () => ({ trustedKeys: [keys.publicKey], expectedPackId: 'city-hospital' }) });
    expect(pack).toBeUndefined();
    expect((await store.readLastCheck())?.rejection?.reason).toBe('id-mismatch');
  });

  it('the keys cannot be read (background not answering) → no pack this time (not the demo one), the stored pack kept', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const onError = vi.fn();
    const pack = await loadInitialPack({ ...deps(store, [keys.publicKey]), readAcceptance: () => Promise.reject(new Error('Receiving end does not exist')), onError });
    expect(pack).toBeUndefined();
    expect((await store.readActive())?.meta.version).toBe('2026.11.2');
    expect(onError).toHaveBeenCalled();
    // And the next start, with the background back, uses it again.
    expect(JSON.parse((await loadInitialPack(deps(store, [keys.publicKey]))) as string).version).toBe('2026.11.2');
  });

  it('a stored record that was changed on disk fails its signature: dropped, and no pack rather than the demo one', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const stored = (await store.readActive())!;
    await store.saveActive({ envelope: stored.envelope.replace('\\"maxDays\\":5', '\\"maxDays\\":500'), meta: stored.meta });
    expect(await loadInitialPack(deps(store, [keys.publicKey]))).toBeUndefined();
    expect((await store.readLastCheck())?.rejection?.reason).toBe('bad-signature');
  });

  it('a stored pack past its effective.to stays in force, reported as 规则包已过期, and the event is recorded once', async () => {
    const { store, reopen } = freshStore();
    const expiring = await signed(
      JSON.stringify({ ...JSON.parse(packVersion('2026.11.2')), effective: { from: '2026-01-01', to: '2026-11-30' } }),
      keys,
    );
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(expiring).fetch, store });
    expect((await h.service.checkNow()).status).toMatchObject({ active: { version: '2026.11.2', effectiveTo: '2026-11-30' }, expired: null });

    // The browser is started again after the pack's last day (Beijing time).
    const later = new Date('2026-12-03T02:00:00Z');
    const onExpired = vi.fn();
    const restarted = reopen();
    const pack = await loadInitialPack(deps(restarted, [keys.publicKey], { now: () => later, onExpired }));
    expect(JSON.parse(pack as string)).toMatchObject({ version: '2026.11.2', effective: { to: '2026-11-30' } });
    expect(await restarted.readActive()).toBeDefined();
    const notice = { id: BUILTIN_ID, version: '2026.11.2', on: '2026-11-30', noticedAt: later.toISOString() };
    expect(onExpired).toHaveBeenCalledWith(notice, true);
    expect(await restarted.readExpired()).toEqual(notice);
    // A second start: the same pack, the event not recorded again.
    await loadInitialPack(deps(restarted, [keys.publicKey], { now: () => new Date('2026-12-04T02:00:00Z'), onExpired }));
    expect(onExpired).toHaveBeenLastCalledWith(notice, false);
    expect(await restarted.readExpired()).toEqual(notice);

    // The status says so; the pack stays active.
    const after = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: packServer(expiring).fetch, store: restarted });
    const status = await after.service.status();
    expect(status.active).toMatchObject({ version: '2026.11.2', source: 'update-url' });
    expect(status.expired).toEqual({ on: '2026-11-30', noticedAt: later.toISOString() });
  });
});
