// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SignExport } from '../../../components/options/deployment/SignExport';
import { readSigningKey, signedFileName, signingKey, signPublishedPack } from '../../../components/options/deployment/sign-version';
import { acceptPack } from '../../../rules/pack/accept';
import { generateSigningKeys, importTrustedKey, SignedPackSchema } from '../../../rules/pack/signature';
import { smallPackText } from '../store/support';
import { mount, press, waitFor } from './support';

const NOW = new Date('2026-11-21T08:00:00+08:00');

async function trusted(publicKey: unknown) {
  const key = await importTrustedKey(publicKey);
  if (!key.ok) throw new Error(key.error);
  return key.value;
}

describe('reading the private signing key', () => {
  it('accepts the JWK written by preflight pack keygen and names its keyId', async () => {
    const keys = await generateSigningKeys();
    const read = await readSigningKey(`${JSON.stringify(keys.privateJwk, null, 1)}\n`);
    expect(read).toEqual({ ok: true, key: { jwk: keys.privateJwk, keyId: keys.publicKey.keyId } });
  });

  it('tells a garbled file, the public key and a damaged private key apart', async () => {
    const keys = await generateSigningKeys();
    const other = await generateSigningKeys();
    expect(await readSigningKey('{"kty":"OKP","crv":"Ed25519",')).toMatchObject({ ok: false, problem: 'not-json' });
    expect(await readSigningKey(JSON.stringify(keys.publicKey))).toMatchObject({ ok: false, problem: 'public-key' });
    expect(await readSigningKey(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: keys.privateJwk.x }))).toMatchObject({ ok: false, problem: 'public-key' });
    expect(await readSigningKey(JSON.stringify({ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'xyz' }))).toMatchObject({ ok: false, problem: 'not-private-jwk' });
    // The private part of one key with the public part of another: it would sign packs nobody can verify.
    expect(await readSigningKey(JSON.stringify({ ...keys.privateJwk, d: other.privateJwk.d }))).toMatchObject({ ok: false, problem: 'unusable' });
    expect(await readSigningKey(JSON.stringify({ ...keys.privateJwk, d: 'AAAA' }))).toMatchObject({ ok: false, problem: 'unusable' });
  });
});

describe('signing a published version', () => {
  it('signs the pack text exactly as published, so a workstation trusting the key accepts it', async () => {
    const keys = await generateSigningKeys();
    const packJson = smallPackText(['cat-course-丁苯酞软胶囊']);
    const key = await readSigningKey(JSON.stringify(keys.privateJwk));
    if (!key.ok) throw new Error('key');
    const signed = await signPublishedPack(packJson, key.key, NOW);
    if (!signed.ok) throw new Error(signed.message);
    const envelope = SignedPackSchema.parse(JSON.parse(signed.content));
    expect(envelope.payload).toBe(packJson);
    expect(envelope.keyId).toBe(keys.publicKey.keyId);
    const accepted = await acceptPack(signed.content, { trustedKeys: [await trusted(keys.publicKey)], now: NOW });
    expect(accepted.ok && [accepted.pack.id, accepted.pack.version, accepted.keyId]).toEqual(['demo-nhsa-2026', '2026.11.1', keys.publicKey.keyId]);
    // Another installation's key does not verify it.
    const stranger = await generateSigningKeys();
    expect(await acceptPack(signed.content, { trustedKeys: [await trusted(stranger.publicKey)], now: NOW })).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(signedFileName({ packId: 'demo-nhsa-2026', version: '2026.11.2' })).toBe('demo-nhsa-2026-2026.11.2.signed.json');
  });

  it('refuses to export a pack the extension would refuse (its period has ended)', async () => {
    const keys = await generateSigningKeys();
    const key = await readSigningKey(JSON.stringify(keys.privateJwk));
    if (!key.ok) throw new Error('key');
    const expired = JSON.stringify({ ...JSON.parse(smallPackText()), effective: { from: '2025-01-01', to: '2025-12-31' } });
    const signed = await signPublishedPack(expired, key.key, NOW);
    expect(signed).toMatchObject({ ok: false, reason: 'expired', message: expect.stringContaining('规则包已过有效期') });
  });
});

describe('the 签名并导出 button', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.splice(0).forEach((f) => f());
    signingKey.value = undefined;
  });

  async function pickKeyFile(root: HTMLElement, name: string, text: string) {
    const input = root.querySelector<HTMLInputElement>('input.op-signing-key-file')!;
    Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], name, { type: 'application/json' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  it('explains a wrong key file and signs nothing', async () => {
    const keys = await generateSigningKeys();
    const view = mount(h(SignExport, { record: { packId: 'demo-nhsa-2026', version: '2026.11.2', packJson: smallPackText() } }));
    cleanups.push(view.unmount);
    const root = view.container;
    await pickKeyFile(root, 'key.public.json', JSON.stringify(keys.publicKey));
    await waitFor(() => root.querySelector('.op-sign-error'));
    expect(root.querySelector('.op-sign-error')!.textContent).toContain('key.public.json 不能用于签名：这是公钥');
    expect(signingKey.value).toBeUndefined();

    await pickKeyFile(root, 'key.private.jwk', 'not json at all');
    await waitFor(() => root.querySelector('.op-sign-error')?.textContent?.includes('不是 JSON'));
    expect(signingKey.value).toBeUndefined();
  });

  it('keeps a good key in page memory only and signs the next version without asking again', async () => {
    const keys = await generateSigningKeys();
    const downloads: string[] = [];
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    };
    cleanups.push(() => (HTMLAnchorElement.prototype.click = originalClick));
    const before = JSON.stringify({ ...localStorage });

    const view = mount(h(SignExport, { record: { packId: 'demo-nhsa-2026', version: '2026.11.2', packJson: smallPackText() } }));
    cleanups.push(view.unmount);
    await pickKeyFile(view.container, 'key.private.jwk', JSON.stringify(keys.privateJwk));
    await waitFor(() => view.container.querySelector('.op-sign-done'));
    expect(view.container.querySelector('.op-sign-done')!.textContent).toBe(`已签名（密钥 ${keys.publicKey.keyId}）：demo-nhsa-2026-2026.11.2.signed.json`);
    expect(signingKey.value?.keyId).toBe(keys.publicKey.keyId);

    const next = mount(h(SignExport, { record: { packId: 'demo-nhsa-2026', version: '2026.11.3', packJson: smallPackText() } }));
    cleanups.push(next.unmount);
    await press(next.container.querySelector('.op-sign-button'));
    await waitFor(() => next.container.querySelector('.op-sign-done'));
    expect(downloads).toEqual(['demo-nhsa-2026-2026.11.2.signed.json', 'demo-nhsa-2026-2026.11.3.signed.json']);
    expect(JSON.stringify({ ...localStorage })).toBe(before);
  });
});
