import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptPack } from '../../rules/pack/accept';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { newSigningKey, packText, signedPack, type SigningKey } from './support/packs';
import { signWithdrawal, verifyWithdrawal, WithdrawalListSchema } from '../../rules/pack/withdrawal';

describe.each(DRIVERS)('packs on %s', (driver) => {
  let h: TestHub;
  let key: SigningKey;
  let stranger: SigningKey;
  beforeAll(async () => {
    key = await newSigningKey();
    stranger = await newSigningKey();
    h = await startTestHub(driver, { trustedKeys: [key.trusted] });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const publish = (body: string) => h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body });
  const latest = (headers: Record<string, string> = {}) => h.call('GET', '/api/v1/packs/latest', { token: h.tokens.workstation, headers });

  it('has no pack until one is published', async () => {
    expect((await latest()).status).toBe(404);
  });

  it('serves the published envelope byte for byte, with a strong ETag', async () => {
    const envelope = await signedPack('2026.11.1', key);
    const published = await publish(envelope);
    expect(published.status).toBe(201);
    const record = (await published.json()) as Record<string, unknown>;
    expect(record).toMatchObject({ packId: 'demo-nhsa-2026', version: '2026.11.1', publisher: h.tokenIds['insurance-office'] });
    expect(record).not.toHaveProperty('envelope');

    const response = await latest();
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(published.headers.get('etag')).toBe(etag);
    expect(response.headers.get('x-pack-version')).toBe('2026.11.1');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const served = await response.text();
    expect(served).toBe(envelope);
    // What a workstation downloads passes the extension's own acceptance check.
    const verdict = await acceptPack(served, { trustedKeys: [key.trusted], now: new Date('2026-11-25T00:00:00Z') });
    expect(verdict.ok).toBe(true);
  });

  it('serves a pack published through another hub process at once, though it keeps the latest envelope', async () => {
    const other = h.variant({});
    const fromOther = () => other.call('GET', '/api/v1/packs/latest', { token: h.tokens.workstation });
    await publish(await signedPack('2026.11.1', key));
    expect((await fromOther()).headers.get('x-pack-version')).toBe('2026.11.1');
    await publish(await signedPack('2026.11.2', key));
    const response = await fromOther();
    expect(response.headers.get('x-pack-version')).toBe('2026.11.2');
    expect(await response.text()).toBe((await (await latest()).text()));
  });

  it('answers If-None-Match with 304 and no body while the pack is unchanged', async () => {
    await publish(await signedPack('2026.11.1', key));
    const etag = (await latest()).headers.get('etag')!;
    const same = await latest({ 'If-None-Match': etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    expect((await latest({ 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);

    await publish(await signedPack('2026.11.2', key));
    const changed = await latest({ 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.headers.get('x-pack-version')).toBe('2026.11.2');
  });

  it('serves an earlier version by its number', async () => {
    const first = await signedPack('2026.11.1', key);
    await publish(first);
    await publish(await signedPack('2026.11.2', key));
    const response = await h.call('GET', '/api/v1/packs/2026.11.1', { token: h.tokens['insurance-office'] });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(first);
    expect((await h.call('GET', '/api/v1/packs/2026.9.9', { token: h.tokens['insurance-office'] })).status).toBe(404);
    const bad = await h.call('GET', `/api/v1/packs/${encodeURIComponent("1' OR '1'='1")}`, { token: h.tokens['insurance-office'] });
    expect(bad.status).toBe(400);
  });

  it('refuses packs a workstation would refuse', async () => {
    const good = await signedPack('2026.11.5', key);
    const tampered = good.replace('"version\\":\\"2026.11.5\\"', '"version\\":\\"2026.11.6\\"');
    expect(tampered).not.toBe(good);
    const cases: [string, number, string][] = [
      [packText('2026.11.5'), 422, 'unsigned'],
      [await signedPack('2026.11.5', stranger), 422, 'unknown-key'],
      [tampered, 422, 'bad-signature'],
      [await signedPack('2026.11.5', key, { publisher: { name: '' } }), 422, 'schema-invalid'],
      [await signedPack('2026.11.5', key, { effective: { from: '2025-01-01', to: '2025-12-31' } }), 422, 'expired'],
      ['{"format": "preflight-signed-pack"', 422, 'not-json'],
    ];
    for (const [body, status, reason] of cases) {
      const response = await publish(body);
      const answer = (await response.json()) as { error: string; details: unknown[] };
      expect([response.status, answer.error]).toEqual([status, reason]);
      expect(answer.details.length).toBeGreaterThan(0);
    }
    expect((await latest()).status).toBe(404);
  });

  it('refuses to republish a version or roll back to an older one', async () => {
    expect((await publish(await signedPack('2026.11.5', key))).status).toBe(201);
    const again = await publish(await signedPack('2026.11.5', key));
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([409, 'not-newer']);
    const older = await publish(await signedPack('2026.11.4', key));
    expect([older.status, ((await older.json()) as { error: string }).error]).toEqual([409, 'rollback']);
    expect((await latest()).headers.get('x-pack-version')).toBe('2026.11.5');
  });

  const errorOf = async (response: Response) => [response.status, ((await response.json()) as { error: string }).error];
  const latestVersion = async () => (await latest()).headers.get('x-pack-version');
  const withdraw = (version: string, token = h.tokens['insurance-office'], reason = '版本号输错') =>
    h.call('POST', `/api/v1/packs/${version}/withdraw`, { token, body: { reason } });

  it('keeps versions monotonic across pack ids: no rollback through another id (R4)', async () => {
    expect((await publish(await signedPack('2026.12.1', key))).status).toBe(201);
    const otherId = await publish(await signedPack('2020.1.1', key, { id: 'hospital-local' }));
    expect(await errorOf(otherId)).toEqual([409, 'rollback']);
    expect((await publish(await signedPack('2026.12.1', key, { id: 'hospital-local' })).then(errorOf))).toEqual([409, 'not-newer']);
    expect(await errorOf(await publish(await signedPack('2026.10.1', key)))).toEqual([409, 'rollback']);
    expect(await latestVersion()).toBe('2026.12.1');
    // Another id with a higher version is a legitimate change of pack.
    expect((await publish(await signedPack('2026.12.2', key, { id: 'hospital-local' }))).status).toBe(201);
    const now = await latest();
    expect([now.headers.get('x-pack-id'), now.headers.get('x-pack-version')]).toEqual(['hospital-local', '2026.12.2']);
  });

  it('serves earlier envelopes only to the 医保办 and admin, and refuses a replayed one (R4)', async () => {
    const first = await signedPack('2026.11.1', key);
    await publish(first);
    await publish(await signedPack('2026.11.2', key));
    for (const role of ['workstation', 'quality'] as const) {
      expect((await h.call('GET', '/api/v1/packs/2026.11.1', { token: h.tokens[role] })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/packs', { token: h.tokens[role] })).status).toBe(403);
    }
    for (const role of ['insurance-office', 'admin'] as const) {
      const response = await h.call('GET', '/api/v1/packs/2026.11.1', { token: h.tokens[role] });
      expect([response.status, await response.text()]).toEqual([200, first]);
    }
    expect(await errorOf(await publish(first))).toEqual([409, 'rollback']);
    expect(await latestVersion()).toBe('2026.11.2');
  });

  it('withdraws a mistaken version: latest falls back, later versions publish, the number is never reused (R5)', async () => {
    const good = await signedPack('2026.12.1', key);
    await publish(good);
    const typo = await signedPack('20261201', key);
    expect((await publish(typo)).status).toBe(201);
    expect(await latestVersion()).toBe('20261201');
    expect(await errorOf(await publish(await signedPack('2026.12.2', key)))).toEqual([409, 'rollback']);

    expect((await withdraw('20261201', h.tokens.workstation)).status).toBe(403);
    expect((await withdraw('20261201', h.tokens.quality)).status).toBe(403);
    expect((await h.call('POST', '/api/v1/packs/20261201/withdraw', { token: h.tokens['insurance-office'], body: {} })).status).toBe(400);
    const withdrawn = await withdraw('20261201');
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ version: '20261201', withdrawn: { by: h.tokenIds['insurance-office'], reason: '版本号输错' } });
    expect(await latestVersion()).toBe('2026.12.1');
    expect(await errorOf(await withdraw('20261201'))).toEqual([409, 'already-withdrawn']);
    expect(await errorOf(await withdraw('2026.9.9'))).toEqual([404, 'not-found']);

    // Replaying the withdrawn envelope does not bring it back.
    expect(await errorOf(await publish(typo))).toEqual([409, 'already-published']);
    expect(await latestVersion()).toBe('2026.12.1');
    expect((await publish(await signedPack('2026.12.2', key))).status).toBe(201);
    expect(await latestVersion()).toBe('2026.12.2');

    // The 医保办 still sees it, marked.
    const history = (await (await h.call('GET', '/api/v1/packs', { token: h.tokens['insurance-office'] })).json()) as { packs: { version: string; withdrawn: unknown }[] };
    expect(history.packs.map((p) => [p.version, p.withdrawn !== null])).toEqual([
      ['20261201', true],
      ['2026.12.2', false],
      ['2026.12.1', false],
    ]);
    const old = await h.call('GET', '/api/v1/packs/20261201', { token: h.tokens.admin });
    expect([old.status, old.headers.get('x-pack-withdrawn')]).toEqual([200, 'true']);
    // Withdrawing everything leaves nothing to serve.
    await withdraw('2026.12.2');
    await withdraw('2026.12.1');
    expect((await latest()).status).toBe(404);
  });

  describe('signed withdrawal notices (R5: reaching workstations)', () => {
    const notice = (version: string, signer = key, packId = 'demo-nhsa-2026') =>
      signWithdrawal({ packId, version, withdrawnAt: '2026-12-02T09:00:00+08:00', reason: '版本号输错，应为 2026.12.1' }, signer.privateJwk);
    const postNotice = (body: unknown, token = h.tokens['insurance-office']) => h.call('POST', '/api/v1/packs/withdrawals', { token, body });
    const notices = async () => {
      const response = await h.call('GET', '/api/v1/packs/withdrawals', { token: h.tokens.workstation });
      expect(response.status).toBe(200);
      return WithdrawalListSchema.parse(await response.json()).withdrawals;
    };

    it('the latest pack links to the notices, none until one is posted', async () => {
      await publish(await signedPack('2026.12.1', key));
      const response = await latest();
      expect(response.headers.get('link')).toBe('<withdrawals>; rel="preflight-withdrawals"');
      // Resolved against the latest pack's URL, as a workstation resolves it.
      expect(new URL('withdrawals', 'https://hub.example/api/v1/packs/latest').pathname).toBe('/api/v1/packs/withdrawals');
      expect(await notices()).toEqual([]);
    });

    it('accepts a notice signed with a trusted key: the version is withdrawn and the notice served as posted', async () => {
      await publish(await signedPack('2026.12.1', key));
      await publish(await signedPack('20261201', key));
      const signed = await notice('20261201');
      const posted = await postNotice(signed);
      expect(posted.status).toBe(200);
      expect(await posted.json()).toMatchObject({
        packId: 'demo-nhsa-2026',
        version: '20261201',
        withdrawn: { by: h.tokenIds['insurance-office'], reason: '版本号输错，应为 2026.12.1', signed: true },
      });
      expect(await latestVersion()).toBe('2026.12.1');
      const served = await notices();
      expect(served).toEqual([signed]);
      // What a workstation receives verifies with the hospital's key.
      expect(await verifyWithdrawal(served[0], [key.trusted])).toMatchObject({ ok: true, notice: { packId: 'demo-nhsa-2026', version: '20261201' } });
      expect(await errorOf(await postNotice(signed))).toEqual([409, 'already-withdrawn']);
    });

    it('adds the notice to a version withdrawn earlier without one, keeping that withdrawal’s record', async () => {
      await publish(await signedPack('2026.12.1', key));
      await publish(await signedPack('20261201', key));
      await withdraw('20261201', h.tokens.admin, '先在中心撤回');
      const posted = await postNotice(await notice('20261201'));
      expect(posted.status).toBe(200);
      expect(await posted.json()).toMatchObject({ withdrawn: { by: h.tokenIds.admin, reason: '先在中心撤回', signed: true } });
      expect(await notices()).toHaveLength(1);
    });

    it('refuses forged, unsigned, untrusted and misdirected notices, and changes nothing', async () => {
      await publish(await signedPack('2026.12.1', key));
      await publish(await signedPack('20261201', key));
      const genuine = await notice('20261201');
      const forged = { ...genuine, payload: genuine.payload.replace('20261201', '2026.12.1') };
      const cases: [unknown, number, string][] = [
        [forged, 422, 'bad-signature'],
        [await notice('20261201', stranger), 422, 'unknown-key'],
        [{ packId: 'demo-nhsa-2026', version: '20261201', reason: '没有签名' }, 422, 'not-envelope'],
        [await notice('20261201', key, 'hospital-local'), 404, 'not-found'],
        [await notice('2026.9.9'), 404, 'not-found'],
      ];
      for (const [body, status, reason] of cases) expect(await errorOf(await postNotice(body)), reason).toEqual([status, reason]);
      expect((await postNotice(genuine, h.tokens.workstation)).status).toBe(403);
      expect(await notices()).toEqual([]);
      expect(await latestVersion()).toBe('20261201');
    });
  });

  it('refuses versions with two spellings or overflowing parts, and dates that do not exist (R5)', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['2026.12.01', {}],
      ['2026.12.1.1.1', {}],
      ['2026.2147483648', {}],
      ['2026.12.1', { effective: { from: '2026-01-01', to: '9999-99-99' } }],
    ];
    for (const [version, extra] of cases) {
      const response = await publish(await signedPack(version, key, extra));
      const answer = (await response.json()) as { error: string; details: { path: string }[] };
      expect([response.status, answer.error], version).toEqual([422, 'schema-invalid']);
    }
    expect((await latest()).status).toBe(404);
  });

  it('refuses every pack when no key is trusted', async () => {
    const keyless = h.variant({ trustedKeys: [] });
    const response = await keyless.call('POST', '/api/v1/packs', { token: h.tokens.admin, body: await signedPack('2026.11.1', key) });
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([422, 'unknown-key']);
    expect((await latest()).status).toBe(404);
  });
});
