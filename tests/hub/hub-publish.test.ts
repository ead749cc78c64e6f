import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptPack } from '../../rules/pack/accept';
import { importTrustedKey } from '../../rules/pack/signature';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { packText } from './support/packs';

describe.each(DRIVERS)('publishing through the hub on %s', (driver) => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startTestHub(driver, { signingDir: mkdtempSync(path.join(tmpdir(), 'hub-publish-')) });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const office = () => h.tokens['insurance-office'];
  const preview = (pack: string, token = office()) => h.call('POST', '/api/v1/packs/drafts/preview', { token, body: { pack } });
  const publish = (body: Record<string, unknown>, token = office()) => h.call('POST', '/api/v1/packs/drafts/publish', { token, body });
  const latestPackOf = async () => {
    const envelope = await (await h.call('GET', '/api/v1/packs/latest', { token: h.tokens.workstation })).text();
    const keys = (await (await h.call('GET', '/api/v1/keys', { token: h.tokens.workstation })).json()) as { current: unknown };
    const trusted = await importTrustedKey(keys.current);
    if (!trusted.ok) throw new Error(trusted.error);
    // A workstation trusting only the key GET /keys names accepts what the hub signed.
    const verdict = await acceptPack(envelope, { trustedKeys: [trusted.value], now: new Date() });
    if (!verdict.ok) throw new Error(`${verdict.reason}: ${verdict.message}`);
    return { pack: verdict.pack, keyId: verdict.keyId };
  };

  it('previews a first pack as all added, publishes it signed with the hub key, and keeps the changelog', async () => {
    const first = await preview(packText('2026.12.1', 5));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ live: null, draft: { version: '2026.12.1', ruleCount: 5 }, suggestedVersion: '2026.12.1', counts: { added: 5, removed: 0, changed: 0 } });

    const published = await publish({ pack: packText('2026.12.1', 5), changelog: '首版：门诊西药限定支付范围' });
    expect(published.status).toBe(201);
    const { pack, keyId } = await latestPackOf();
    expect(pack.version).toBe('2026.12.1');
    expect(pack.rules).toHaveLength(5);
    const history = (await (await h.call('GET', '/api/v1/packs', { token: office() })).json()) as { packs: { version: string; changelog: string; keyId: string }[] };
    expect(history.packs[0]).toMatchObject({ version: '2026.12.1', changelog: '首版：门诊西药限定支付范围', keyId });
  });

  it('shows what a new version changes against the live pack, rule by rule', async () => {
    await publish({ pack: packText('2026.12.1', 5), changelog: '首版' });
    const edited = JSON.parse(packText('2026.12.2', 6)) as { rules: { id: string; severity: string }[] };
    edited.rules[0]!.severity = edited.rules[0]!.severity === 'critical' ? 'warning' : 'critical';
    const body = (await (await preview(JSON.stringify(edited))).json()) as {
      live: { version: string };
      counts: Record<string, number>;
      added: { id: string }[];
      changed: { id: string; fields: { path: string }[] }[];
    };
    expect(body.live.version).toBe('2026.12.1');
    expect(body.counts).toEqual({ added: 1, removed: 0, changed: 1, unchanged: 4 });
    expect(body.added[0]!.id).toBe(edited.rules[5]!.id);
    expect(body.changed[0]).toMatchObject({ id: edited.rules[0]!.id, fields: [{ path: 'severity' }] });
  });

  it('suggests the next free version when the draft repeats the live one, and refuses to publish it as is', async () => {
    await publish({ pack: packText('2026.12.1', 5), changelog: '首版' });
    expect(await (await preview(packText('2026.12.1', 6))).json()).toMatchObject({ suggestedVersion: '2026.12.2' });
    const again = await publish({ pack: packText('2026.12.1', 6), changelog: '加一条' });
    expect(again.status).toBe(409);
    const renumbered = await publish({ pack: packText('2026.12.1', 6), changelog: '加一条', version: '2026.12.2' });
    expect(renumbered.status).toBe(201);
    expect((await latestPackOf()).pack.version).toBe('2026.12.2');
  });

  it('refuses an invalid pack or a missing changelog with the field named, and publishes nothing', async () => {
    const broken = await publish({ pack: '{"id":"x"', changelog: '试试' });
    expect(broken.status).toBe(422);
    expect(((await broken.json()) as { details: unknown[] }).details.length).toBeGreaterThan(0);
    const silent = await publish({ pack: packText('2026.12.1', 5), changelog: '  ' });
    expect(silent.status).toBe(422);
    expect(((await silent.json()) as { details: { path: string }[] }).details[0]!.path).toBe('changelog');
    expect((await h.call('GET', '/api/v1/packs/latest', { token: h.tokens.workstation })).status).toBe(404);
  });

  it('restores an earlier content under a new, higher version', async () => {
    await publish({ pack: packText('2026.12.1', 5), changelog: '首版' });
    await publish({ pack: packText('2026.12.2', 8), changelog: '扩充' });
    const restored = await h.call('POST', '/api/v1/packs/2026.12.1/restore', { token: office(), body: { version: '2026.12.3', changelog: '2026.12.2 新增规则误报多' } });
    expect(restored.status).toBe(201);
    const { pack } = await latestPackOf();
    expect(pack.version).toBe('2026.12.3');
    expect(pack.rules.map((r) => r.id)).toEqual((JSON.parse(packText('2026.12.1', 5)) as { rules: { id: string }[] }).rules.map((r) => r.id));
    const history = (await (await h.call('GET', '/api/v1/packs', { token: office() })).json()) as { packs: { version: string; changelog: string }[] };
    expect(history.packs[0]!.changelog).toBe('恢复为 2026.12.1 的内容：2026.12.2 新增规则误报多');
    // Going back in numbers is refused: workstations would reject it.
    expect((await h.call('POST', '/api/v1/packs/2026.12.1/restore', { token: office(), body: { version: '2026.12.2', changelog: 'x' } })).status).toBe(409);
  });

  it('lets only the 医保办 and admin publish, and only admin rotate the key; a rotation with no grace signs the next pack with the new key', async () => {
    expect((await publish({ pack: packText('2026.12.1', 5), changelog: 'x' }, h.tokens.workstation)).status).toBe(403);
    expect((await publish({ pack: packText('2026.12.1', 5), changelog: 'x' }, h.tokens.quality)).status).toBe(403);
    expect((await h.call('POST', '/api/v1/keys/rotate', { token: office(), body: { graceDays: 0 } })).status).toBe(403);
    await publish({ pack: packText('2026.12.1', 5), changelog: '首版' });
    const before = (await latestPackOf()).keyId;
    const rotated = await h.call('POST', '/api/v1/keys/rotate', { token: h.tokens.admin, body: { graceDays: 0 } });
    expect(rotated.status).toBe(200);
    const view = (await rotated.json()) as { current: { keyId: string }; retired: { keyId: string }[] };
    expect(view.current.keyId).not.toBe(before);
    expect(view.retired.map((k) => k.keyId)).toContain(before);
    expect((await publish({ pack: packText('2026.12.2', 5), changelog: '换密钥后' })).status).toBe(201);
    expect((await latestPackOf()).keyId).toBe(view.current.keyId);
  });
});
