import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GeneratedKeys } from '../../../../rules/pack/signature';
import { REJECT_MESSAGES } from '../../../../rules/pack/accept';
import { EngineOwner } from '../../../../workers/engine-owner';
import type { AsyncEngineApi } from '../../../../workers/engine-api';
import { EngineHost } from '../../../../workers/engine-host';
import { loadInitialPack, type InitialPackDeps } from '../../../../workers/pack-updates/initial-pack';
import type { ActivePackStore } from '../../../../workers/pack-updates/pack-store';
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
  it('nothing stored → the built-in pack', async () => {
    expect(await loadInitialPack(deps(freshStore().store, [keys.publicKey]))).toBe(BUILTIN_TEXT);
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

  it('keys rotated while the browser was closed → the built-in pack, the stored one dropped with the reason', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const onDropped = vi.fn();
    const pack = await loadInitialPack(deps(store, [newKey.publicKey], { onDropped }));
    expect(pack).toBe(BUILTIN_TEXT);
    expect(await store.readActive()).toBeUndefined();
    // The ETag goes too: the next poll downloads the URL's pack and judges it with the new keys.
    expect(await store.readEtag(UPDATE_URL)).toBeUndefined();
    const why = await store.readLastCheck();
    expect(why).toMatchObject({ at: NOW.toISOString(), outcome: 'rejected', rejection: { reason: 'unknown-key' } });
    expect(why?.rejection?.message).toContain('已保存的规则包 demo-nhsa-2026 2026.11.2');
    expect(why?.rejection?.message).toContain(REJECT_MESSAGES['unknown-key'].zh);
    expect(onDropped).toHaveBeenCalledWith(why);

    // The status now shows the built-in pack and why.
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [newKey.publicKey] }, fetch: packServer(v2).fetch, store });
    const status = await h.service.status();
    expect(status.active).toMatchObject({ id: BUILTIN_ID, version: BUILTIN_VERSION, source: 'built-in', keyId: null });
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
    expect(answer.status.active?.source).toBe('built-in');
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
    expect(pack).toBe(BUILTIN_TEXT);
    expect((await store.readLastCheck())?.rejection?.reason).toBe('id-mismatch');
  });

  it('the keys cannot be read (background not answering) → built-in this time, the stored pack kept', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const onError = vi.fn();
    const pack = await loadInitialPack({ ...deps(store, [keys.publicKey]), readAcceptance: () => Promise.reject(new Error('Receiving end does not exist')), onError });
    expect(pack).toBe(BUILTIN_TEXT);
    expect((await store.readActive())?.meta.version).toBe('2026.11.2');
    expect(onError).toHaveBeenCalled();
    // And the next start, with the background back, uses it again.
    expect(JSON.parse((await loadInitialPack(deps(store, [keys.publicKey]))) as string).version).toBe('2026.11.2');
  });

  it('a stored record that was changed on disk fails its signature and gives way to the built-in pack', async () => {
    const { reopen } = await browserWithV2();
    const store = reopen();
    const stored = (await store.readActive())!;
    await store.saveActive({ envelope: stored.envelope.replace('\\"maxDays\\":5', '\\"maxDays\\":500'), meta: stored.meta });
    expect(await loadInitialPack(deps(store, [keys.publicKey]))).toBe(BUILTIN_TEXT);
    expect((await store.readLastCheck())?.rejection?.reason).toBe('bad-signature');
  });
});
