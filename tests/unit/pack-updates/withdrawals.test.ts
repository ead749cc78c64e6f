import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedKeys } from '../../../rules/pack/signature';
import { signWithdrawal, type SignedWithdrawal } from '../../../rules/pack/withdrawal';
import { withdrawalsUrl } from '../../../pack-updates/withdrawals';
import { ADDED_RULE, BUILTIN_ID, fakeFetch, flaggedRules, makeService, newKeys, packVersion, signed, type Harness } from './support';

/**
 * A version published by mistake (20261201 for 2026.12.1) reaches workstations, then the 医保办
 * withdraws it with a signed notice: a workstation that installed it takes the next correct pack
 * (2026.12.20) although that is lower, and no workstation installs 20261201 again. Unsigned,
 * forged or misdirected notices change nothing but are reported with the check.
 */

const HUB = 'https://hub.hospital.example';
const LATEST = `${HUB}/api/v1/packs/latest`;
const LIST = `${HUB}/api/v1/packs/withdrawals`;
const LINK = '<withdrawals>; rel="preflight-withdrawals"';

let keys: GeneratedKeys;
let stranger: GeneratedKeys;
const envelopes = new Map<string, string>();
beforeAll(async () => {
  [keys, stranger] = await Promise.all([newKeys(), newKeys()]);
  for (const version of ['2026.12.1', '20261201', '2026.12.20', '2026.12.2']) envelopes.set(version, await signed(packVersion(version), keys));
});

const notice = (version: string, signer = keys, packId = BUILTIN_ID): Promise<SignedWithdrawal> =>
  signWithdrawal({ packId, version, withdrawnAt: '2026-11-20T09:00:00+08:00', reason: '版本号输错，应为 2026.12.1' }, signer.privateJwk);

/** The hub as a workstation sees it: the latest pack (with ETag and Link) and the notices. */
function hub() {
  const state = { version: '2026.12.1', notices: [] as unknown[], listStatus: 200, link: LINK as string | null };
  const fetchHub = fakeFetch(({ url, headers }) => {
    if (url === LIST) return state.listStatus === 200 ? Response.json({ withdrawals: state.notices }) : new Response('down', { status: state.listStatus });
    if (url !== LATEST) return new Response('not found', { status: 404 });
    const etag = `"${state.version}"`;
    if (headers['if-none-match'] === etag) return new Response(null, { status: 304 });
    return new Response(envelopes.get(state.version)!, { status: 200, headers: { etag, ...(state.link ? { link: state.link } : {}) } });
  });
  return { state, fetch: fetchHub };
}

const deployment = () => ({ packUpdateUrl: LATEST, trustedKeys: [keys.publicKey], hubUrl: HUB, hubToken: 'pfh_0123456789abcdef_secret' });

/** A workstation that installed 2026.12.1, then the mistaken 20261201. */
async function onMistake(): Promise<{ h: Harness; server: ReturnType<typeof hub>; logs: string[] }> {
  const server = hub();
  const logs: string[] = [];
  const h = makeService({ deployment: deployment(), fetch: server.fetch, extra: { log: (message) => void logs.push(message) } });
  expect((await h.service.checkNow()).status.active?.version).toBe('2026.12.1');
  server.state.version = '20261201';
  expect((await h.service.checkNow()).status.active?.version).toBe('20261201');
  return { h, server, logs };
}

describe('a workstation on a withdrawn version', () => {
  it('without a notice, refuses 2026.12.20 as a rollback (as it must)', async () => {
    const { h, server } = await onMistake();
    server.state.version = '2026.12.20';
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'rollback' }, status: { active: { version: '20261201' } } });
  });

  it('installed 20261201 + a signed withdrawal → installs 2026.12.20, says so and logs the switch', async () => {
    const { h, server, logs } = await onMistake();
    server.state.version = '2026.12.20';
    server.state.notices = [await notice('20261201')];
    const answer = await h.service.checkNow();
    expect(answer.ok).toBe(true);
    expect(answer.status.active).toMatchObject({ id: BUILTIN_ID, version: '2026.12.20', source: 'update-url' });
    expect(answer.status.lastCheck).toMatchObject({
      outcome: 'updated',
      replacedWithdrawn: { id: BUILTIN_ID, version: '20261201', reason: '版本号输错，应为 2026.12.1' },
    });
    expect(answer.status.lastCheck?.refusedWithdrawals).toBeUndefined();
    expect(h.engine.host.status().packVersion).toBe('2026.12.20');
    expect(flaggedRules(h.engine)).toContain(ADDED_RULE.id);
    expect((await h.store.readActive())?.meta.version).toBe('2026.12.20');
    expect(logs).toEqual([expect.stringContaining(`规则包 ${BUILTIN_ID} 20261201 已被医保办撤回（版本号输错，应为 2026.12.1），已改用 ${BUILTIN_ID} 2026.12.20`)]);
    // The notices came from the hub, with the workstation's token, as the pack did.
    const listRequest = server.fetch.requests.find((r) => r.url === LIST);
    expect(listRequest?.headers.authorization).toBe(`Bearer ${deployment().hubToken}`);
  });

  it('falls back to the version in use before, when the hub serves that one again', async () => {
    const { h, server } = await onMistake();
    server.state.version = '2026.12.1';
    server.state.notices = [await notice('20261201')];
    const answer = await h.service.checkNow();
    expect(answer.status.active?.version).toBe('2026.12.1');
    expect(answer.status.lastCheck).toMatchObject({ outcome: 'updated', replacedWithdrawn: { version: '20261201' } });
  });

  it('a forged notice is refused, recorded with the check, and the rollback is refused', async () => {
    const { h, server, logs } = await onMistake();
    const genuine = await notice('20261202');
    const forged = { ...genuine, payload: genuine.payload.replace('20261202', '20261201') };
    server.state.version = '2026.12.20';
    server.state.notices = [forged, await notice('20261201', stranger), { packId: BUILTIN_ID, version: '20261201', withdrawn: true }];
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'rollback' }, status: { active: { version: '20261201' } } });
    expect(answer.status.lastCheck?.refusedWithdrawals?.map((r) => r.reason)).toEqual(['bad-signature', 'unknown-key', 'not-envelope']);
    expect(answer.status.lastCheck?.refusedWithdrawals?.[0]?.message).toContain('撤回通知签名校验失败');
    expect(logs).toHaveLength(3);
    expect(h.engine.host.status().packVersion).toBe('20261201');
    expect(await h.store.readWithdrawals()).toEqual([]);
  });

  it('a signed notice for another pack id does not lower the bar', async () => {
    const { h, server } = await onMistake();
    server.state.version = '2026.12.20';
    server.state.notices = [await notice('20261201', keys, 'hospital-local')];
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'rollback' }, status: { active: { version: '20261201' } } });
  });

  it('ignores a Link that leaves the update URL’s folder or origin: no request, no notice', async () => {
    expect(withdrawalsUrl(LINK, LATEST)).toBe(LIST);
    expect(withdrawalsUrl('<https://elsewhere.example/api/v1/packs/withdrawals>; rel="preflight-withdrawals"', LATEST)).toBeUndefined();
    expect(withdrawalsUrl('</admin/withdrawals>; rel="preflight-withdrawals"', LATEST)).toBeUndefined();
    expect(withdrawalsUrl('<withdrawals>; rel="next"', LATEST)).toBeUndefined();
    expect(withdrawalsUrl('<a>; rel="next", <withdrawals>; rel="alternate preflight-withdrawals"', LATEST)).toBe(LIST);

    const { h, server } = await onMistake();
    server.state.version = '2026.12.20';
    server.state.link = '<https://elsewhere.example/withdrawals>; rel="preflight-withdrawals"';
    server.state.notices = [await notice('20261201')];
    const before = server.fetch.requests.length;
    const answer = await h.service.checkNow();
    expect(answer.rejection?.reason).toBe('rollback');
    expect(server.fetch.requests.slice(before).map((r) => r.url)).toEqual([LATEST]);
  });
});

describe('a withdrawn version is never (re)installed', () => {
  it('learned once, the notice keeps 20261201 out — from the update URL and by hand — even when the list is unreachable later', async () => {
    const server = hub();
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    await h.service.checkNow();
    server.state.version = '2026.12.2';
    server.state.notices = [await notice('20261201')];
    expect((await h.service.checkNow()).status.active?.version).toBe('2026.12.2');
    expect(await h.store.readWithdrawals()).toHaveLength(1);

    // A stale mirror or a replay offers the withdrawn version, and the list is down.
    server.state.version = '20261201';
    server.state.listStatus = 503;
    const answer = await h.service.checkNow();
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'withdrawn' }, status: { active: { version: '2026.12.2' } } });
    expect(answer.rejection?.message).toContain('已被医保办撤回');
    expect(answer.status.lastCheck?.refusedWithdrawals).toEqual([{ reason: 'http-status', message: expect.stringContaining('无法读取撤回通知') }]);
    expect((await h.service.install(envelopes.get('20261201')!)).rejection?.reason).toBe('withdrawn');
    expect(h.engine.host.status().packVersion).toBe('2026.12.2');
  });

  it('a notice no longer vouched for by the trusted keys stops counting', async () => {
    const server = hub();
    const h = makeService({ deployment: deployment(), fetch: server.fetch });
    server.state.version = '2026.12.2';
    server.state.notices = [await notice('20261201')];
    await h.service.checkNow();
    // Keys rotated: the stored notice is verified again, with the new keys, and no longer holds.
    const rotated = await newKeys();
    h.deployment = { ...deployment(), trustedKeys: [keys.publicKey, rotated.publicKey] };
    expect((await h.service.install(envelopes.get('20261201')!)).rejection?.reason).toBe('withdrawn');
    h.deployment = { ...deployment(), trustedKeys: [rotated.publicKey] };
    const reinstall = await h.service.install(await signed(packVersion('20261201'), rotated));
    expect(reinstall).toMatchObject({ ok: true, status: { active: { version: '20261201' } } });
  });
});
