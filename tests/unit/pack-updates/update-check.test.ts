import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedKeys } from '../../../rules/pack/signature';
import { REJECT_MESSAGES } from '../../../rules/pack/accept';
import type { PackActionAnswer } from '../../../pack-updates/messages';
import {
  ADDED_RULE,
  BUILTIN_ID,
  BUILTIN_RULES,
  BUILTIN_VERSION,
  fakeFetch,
  flaggedRules,
  makeService,
  newKeys,
  NOW,
  packServer,
  packVersion,
  signed,
  tampered,
  UPDATE_URL,
  type Harness,
} from './support';

let keys: GeneratedKeys;
let stranger: GeneratedKeys;
let v2: string;
let v3: string;
beforeAll(async () => {
  [keys, stranger] = await Promise.all([newKeys(), newKeys()]);
  [v2, v3] = await Promise.all([signed(packVersion('2026.11.2'), keys), signed(packVersion('2026.11.3'), keys)]);
});

const deployment = () => ({ packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] });

/** Nothing was activated: no pack in force (a configured workstation never runs the demo pack), nothing stored, nothing in the engine. */
async function expectUnchangedFromBuiltin(h: Harness, answer: PackActionAnswer) {
  expect(answer.status.active).toBeNull();
  expect(answer.status.configured).toBe(true);
  expect(await h.store.readActive()).toBeUndefined();
  expect(h.engine.host.status().packVersion).toBe(null);
}

/** Active v2 from the update URL, then the server changes to `next`. */
async function activeV2(next?: string) {
  const server = packServer(v2);
  const h = makeService({ deployment: deployment(), fetch: server.fetch });
  const first = await h.service.checkNow();
  expect(first.status.lastCheck?.outcome).toBe('updated');
  if (next !== undefined) server.serve(next);
  return { h, server };
}

async function expectStillV2(h: Harness, answer: PackActionAnswer) {
  expect(answer.status.active).toMatchObject({ version: '2026.11.2', source: 'update-url' });
  expect((await h.store.readActive())?.meta.version).toBe('2026.11.2');
  expect(h.engine.host.status().packVersion).toBe('2026.11.2');
  expect(flaggedRules(h.engine)).toContain(ADDED_RULE.id);
}

describe('update check: a newer signed pack', () => {
  it('200 with a newer pack: engine loads it, it is stored with its ETag, the status says updated', async () => {
    const server = packServer(v2);
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    const answer = await h.service.checkNow();

    expect(answer.ok).toBe(true);
    expect(answer.rejection).toBeUndefined();
    expect(answer.status.lastCheck).toEqual({ at: NOW.toISOString(), outcome: 'updated' });
    expect(answer.status.active).toEqual({
      id: BUILTIN_ID,
      version: '2026.11.2',
      ruleCount: BUILTIN_RULES + 1,
      source: 'update-url',
      keyId: keys.publicKey.keyId,
      activatedAt: NOW.toISOString(),
    });
    expect(answer.status.updateUrl).toBe(UPDATE_URL);
    expect(answer.status.intervalMinutes).toBe(30);
    // The engine really runs the new rules: the 5-day 疗程 limit flags a 7-day line.
    expect(h.engine.host.status()).toMatchObject({ packId: BUILTIN_ID, packVersion: '2026.11.2' });
    expect(flaggedRules(h.engine)).toContain(ADDED_RULE.id);
    // Stored for the next start, with the envelope as received and the response's ETag.
    const stored = await h.store.readActive();
    expect(stored?.envelope).toBe(v2);
    expect(await h.store.readEtag(UPDATE_URL)).toBe(server.etag);
    // The popup's copy equals the answer.
    expect(h.published.at(-1)).toEqual(answer.status);
    // The first request had no ETag to send.
    expect(server.fetch.requests[0]!.headers['if-none-match']).toBeUndefined();
  });

  it('a later newer version replaces the active one', async () => {
    const { h } = await activeV2(v3);
    const answer = await h.service.checkNow();
    expect(answer.status.lastCheck?.outcome).toBe('updated');
    expect(answer.status.active?.version).toBe('2026.11.3');
    expect(h.engine.host.status().packVersion).toBe('2026.11.3');
  });

  it('sends the stored ETag and reports 304 as not-modified, changing nothing', async () => {
    const { h, server } = await activeV2();
    const loads = h.engine.loads;
    const answer = await h.service.checkNow();
    expect(server.fetch.requests.at(-1)!.headers['if-none-match']).toBe(server.etag);
    expect(answer).toMatchObject({ ok: true, status: { lastCheck: { outcome: 'not-modified' }, active: { version: '2026.11.2' } } });
    expect(answer.rejection).toBeUndefined();
    expect(h.engine.loads).toBe(loads);
  });

  it('the same version again (server without ETag) is same-version, not an error, and not loaded again', async () => {
    const server = packServer(v2, { etags: false });
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    await h.service.checkNow();
    const loads = h.engine.loads;
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: true, status: { lastCheck: { outcome: 'same-version' }, active: { version: '2026.11.2' } } });
    expect(answer.rejection).toBeUndefined();
    expect(h.engine.loads).toBe(loads);
    expect(server.fetch.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
  });

  it('the same version with a new ETag keeps that ETag, so the next poll is a 304', async () => {
    const { h, server } = await activeV2();
    server.serve(v2); // re-uploaded unchanged: a new ETag for the same pack
    expect((await h.service.checkNow()).status.lastCheck?.outcome).toBe('same-version');
    await h.service.checkNow();
    expect(server.fetch.requests.at(-1)!.headers['if-none-match']).toBe(server.etag);
  });

  it('refuses an older version of the active pack (rollback), keeping the newer one', async () => {
    const server = packServer(v3);
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    await h.service.checkNow();
    server.serve(v2);
    const answer = await h.service.checkNow();
    expect(answer.ok).toBe(false);
    expect(answer.rejection?.reason).toBe('rollback');
    expect(answer.rejection?.message).toContain(REJECT_MESSAGES.rollback.zh);
    expect(answer.rejection?.message).toContain('2026.11.2 < 2026.11.3');
    expect(answer.status.lastCheck).toMatchObject({ outcome: 'rejected', rejection: { reason: 'rollback' } });
    expect(answer.status.active?.version).toBe('2026.11.3');
    expect(h.engine.host.status().packVersion).toBe('2026.11.3');
  });

  it('nothing stored yet: the first pack is taken even if older than the built-in demo pack, which never runs here', async () => {
    const older = await signed(packVersion('2026.10.1'), keys);
    const h = makeService({ deployment: deployment(), fetch: packServer(older).fetch });
    const answer = await h.service.checkNow();
    expect(answer.ok).toBe(true);
    expect(answer.status.active).toMatchObject({ id: BUILTIN_ID, version: '2026.10.1', source: 'update-url' });
  });

  it('refuses an older pack under another id (downgrade by renaming), until the deployment expects that id', async () => {
    const { h, server } = await activeV2();
    const renamed = await signed(packVersion('2026.10.9', { id: 'city-hospital' }), keys);
    server.serve(renamed);
    const answer = await h.service.checkNow();
    expect(answer.ok).toBe(false);
    expect(answer.rejection).toMatchObject({ reason: 'rollback', message: expect.stringContaining('city-hospital 2026.10.9 < demo-nhsa-2026 2026.11.2') });
    expect(answer.status.active).toMatchObject({ id: BUILTIN_ID, version: '2026.11.2' });
    expect(h.engine.host.status().packVersion).toBe('2026.11.2');
    // Installed by hand: the same answer.
    expect((await h.service.install(renamed)).rejection?.reason).toBe('rollback');

    // Hospital IT moves the workstation to the other pack id: now it is the way forward.
    h.deployment = { ...h.deployment, expectedPackId: 'city-hospital' };
    const moved = await h.service.checkNow();
    expect(moved.ok).toBe(true);
    expect(moved.status.active).toMatchObject({ id: 'city-hospital', version: '2026.10.9' });
    expect(h.engine.host.status()).toMatchObject({ packId: 'city-hospital', packVersion: '2026.10.9' });
  });
});

describe('update check: packs that must not become active', () => {
  const cases: { name: string; body: () => Promise<string>; reason: string }[] = [
    { name: 'a tampered payload', body: async () => tampered(v2), reason: 'bad-signature' },
    { name: 'a bare, unsigned pack', body: async () => packVersion('2026.11.2'), reason: 'unsigned' },
    { name: 'a pack signed with a key that is not trusted', body: () => signed(packVersion('2026.11.2'), stranger), reason: 'unknown-key' },
    { name: 'an HTML error page served with 200', body: async () => '<html><body>502 Bad Gateway</body></html>', reason: 'not-json' },
    { name: 'a pack with another id than expected', body: () => signed(packVersion('2026.11.2', { id: 'other-hospital' }), keys), reason: 'id-mismatch' },
  ];

  for (const c of cases) {
    it(`${c.name} → rejected (${c.reason}), nothing changes`, async () => {
      const h = makeService({ deployment: { ...deployment(), expectedPackId: BUILTIN_ID }, fetch: packServer(await c.body()).fetch });
      const answer = await h.service.checkNow();
      expect(answer.ok).toBe(false);
      expect(answer.rejection?.reason).toBe(c.reason);
      expect(answer.status.lastCheck).toEqual({ at: NOW.toISOString(), outcome: 'rejected', rejection: answer.rejection });
      expect(h.engine.loads).toBe(0);
      await expectUnchangedFromBuiltin(h, answer);
    });
  }

  it('a tampered pack after v2 leaves v2 active and in the engine, and keeps no ETag for it', async () => {
    const { h, server } = await activeV2();
    const v2Etag = server.etag;
    server.serve(tampered(v3));
    const answer = await h.service.checkNow();
    expect(answer.rejection?.reason).toBe('bad-signature');
    await expectStillV2(h, answer);
    // The stored ETag is still v2's: the tampered file is fetched (and reported) again next time.
    expect(await h.store.readEtag(UPDATE_URL)).toBe(v2Etag);
  });

  it('no trusted keys configured: even a correctly signed pack is refused', async () => {
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL }, fetch: packServer(v2).fetch });
    const answer = await h.service.checkNow();
    expect(answer.rejection?.reason).toBe('unknown-key');
    await expectUnchangedFromBuiltin(h, answer);
  });
});

describe('update check: network and server failures', () => {
  it('a network error → failed (network), v2 stays', async () => {
    const { h } = await activeV2();
    const offline = makeService({ deployment: deployment(), store: h.store, engine: h.engine, fetch: fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))) });
    const answer = await offline.service.checkNow();
    expect(answer.ok).toBe(false);
    expect(answer.rejection).toMatchObject({ reason: 'network' });
    expect(answer.rejection?.message).toContain('Failed to fetch');
    expect(answer.status.lastCheck?.outcome).toBe('failed');
    await expectStillV2(h, answer);
  });

  it('HTTP 500 → failed (http-status) with the status code, v2 stays', async () => {
    const { h } = await activeV2();
    const broken = makeService({ deployment: deployment(), store: h.store, engine: h.engine, fetch: fakeFetch(() => new Response('oops', { status: 500 })) });
    const answer = await broken.service.checkNow();
    expect(answer.rejection).toMatchObject({ reason: 'http-status' });
    expect(answer.rejection?.message).toContain('HTTP 500');
    expect(answer.status.lastCheck?.outcome).toBe('failed');
    await expectStillV2(h, answer);
  });

  it('a server that never answers → failed (network) after the download timeout', async () => {
    const signals: AbortSignal[] = [];
    const fetchPack = (_url: string, init: RequestInit) => {
      signals.push(init.signal!);
      return new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    };
    const h = makeService({ deployment: deployment(), fetch: fetchPack, extra: { downloadTimeoutMs: 50 } });
    const answer = await h.service.checkNow();
    expect(signals[0]!.aborted).toBe(true);
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'network' }, status: { lastCheck: { outcome: 'failed' } } });
    expect(answer.rejection?.message).toContain('no complete answer in 50 ms');
    await expectUnchangedFromBuiltin(h, answer);
  });

  it('HTTP 404 is a failure too, not "no update"', async () => {
    const h = makeService({ deployment: deployment(), fetch: fakeFetch(() => new Response('not found', { status: 404 })) });
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'http-status' } });
    await expectUnchangedFromBuiltin(h, answer);
  });

  it('no update URL → not-configured, nothing fetched', async () => {
    const fetchPack = fakeFetch(() => new Response(v2));
    const h = makeService({ deployment: { trustedKeys: [keys.publicKey] }, fetch: fetchPack });
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, status: { lastCheck: { outcome: 'not-configured' }, updateUrl: null, nextCheckAt: null } });
    expect(fetchPack.requests).toHaveLength(0);
  });
});

describe('update check: the engine decides last', () => {
  it('an engine that refuses the pack → rejected, the old pack stays stored and active', async () => {
    const { h, server } = await activeV2();
    server.serve(v3);
    h.engine.mode = 'refuse';
    const answer = await h.service.checkNow();
    expect(answer.ok).toBe(false);
    expect(answer.rejection?.reason).toBe('schema-invalid');
    expect(answer.rejection?.message).toContain('refused by the test');
    expect(answer.status.lastCheck?.outcome).toBe('rejected');
    h.engine.mode = 'normal';
    await expectStillV2(h, answer);
  });

  it('an engine that does not answer → failed, nothing stored', async () => {
    const h = makeService({ deployment: deployment(), fetch: packServer(v2).fetch });
    h.engine.mode = 'unreachable';
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'internal-error' }, status: { lastCheck: { outcome: 'failed' } } });
    await expectUnchangedFromBuiltin(h, answer);
  });
});

describe('update check: size limit', () => {
  it('refuses a pack whose Content-Length is over the limit without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const fetchPack = fakeFetch(() => new Response(body, { status: 200, headers: { 'content-length': String(10_000_000) } }));
    const h = makeService({ deployment: deployment(), fetch: fetchPack, extra: { maxBytes: 1_000_000 } });
    const pulledBefore = pulled; // a stream pulls once to fill its queue when it is created
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'oversized' }, status: { lastCheck: { outcome: 'rejected' } } });
    expect(answer.rejection?.message).toContain('Content-Length 10000000');
    expect(pulled - pulledBefore).toBeLessThanOrEqual(1);
    await expectUnchangedFromBuiltin(h, answer);
  });

  it('stops reading a body without Content-Length once it passes the limit', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const h = makeService({ deployment: deployment(), fetch: fakeFetch(() => new Response(endless, { status: 200 })), extra: { maxBytes: 1_000_000 } });
    const answer = await h.service.checkNow();
    expect(answer.rejection?.reason).toBe('oversized');
    expect(sent).toBeLessThan(1_000_000 + 3 * 64 * 1024);
    await expectUnchangedFromBuiltin(h, answer);
  });

  it('accepts a pack just under the limit', async () => {
    const size = new TextEncoder().encode(v2).byteLength;
    const h = makeService({ deployment: deployment(), fetch: packServer(v2).fetch, extra: { maxBytes: size } });
    expect((await h.service.checkNow()).status.lastCheck?.outcome).toBe('updated');
  });
});

describe('update check: requests', () => {
  it('sends the hub token only to the hub', async () => {
    const token = 'pfh_ws01_secretsecret';
    const toHub = packServer(v2);
    const hub = makeService({ deployment: { ...deployment(), packUpdateUrl: 'https://hub.hospital.example/api/v1/packs/latest', hubUrl: 'https://hub.hospital.example/api/v1', hubToken: token }, fetch: toHub.fetch });
    await hub.service.checkNow();
    expect(toHub.fetch.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);

    const elsewhere = packServer(v2);
    const other = makeService({ deployment: { ...deployment(), hubUrl: 'https://hub.hospital.example/api/v1', hubToken: token }, fetch: elsewhere.fetch });
    await other.service.checkNow();
    expect(elsewhere.fetch.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('two check-now requests at once share one download', async () => {
    const server = packServer(v2);
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    const [a, b] = await Promise.all([h.service.checkNow(), h.service.checkNow()]);
    expect(server.fetch.requests).toHaveLength(1);
    expect(a).toEqual(b);
    expect(h.engine.loads).toBe(1);
  });
});
