import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from '../../../rules/pack/base64';
import {
  importTrustedKey,
  serializeSignedPack,
  SignedPackSchema,
  signPayload,
  verifySignedPack,
  type SignedPack,
} from '../../../rules/pack/signature';
import { newKey, smallRealPack, type TestKey } from './signed-fixtures';

let alice: TestKey;
let mallory: TestKey;
let payload: string;
beforeAll(async () => {
  [alice, mallory] = await Promise.all([newKey(), newKey()]);
  payload = JSON.stringify(smallRealPack(20));
});

const withSignature = (envelope: SignedPack, edit: (bytes: Uint8Array) => Uint8Array): SignedPack => ({
  ...envelope,
  signature: bytesToBase64(edit(base64ToBytes(envelope.signature)!)),
});

describe('keys', () => {
  it('names a key by the first 16 hex digits of SHA-256 of the raw public key', async () => {
    const raw = base64ToBytes(alice.publicKey.publicKey)!;
    expect(raw).toHaveLength(32);
    expect(alice.publicKey.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(alice.trusted.keyId).toBe(alice.publicKey.keyId);
    expect(alice.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(base64UrlToBytes(alice.privateJwk.x)).toEqual(raw);
  });

  it('imports a public key as {keyId, publicKey} or as a JWK, with the same keyId', async () => {
    const fromJwk = await importTrustedKey({ kty: 'OKP', crv: 'Ed25519', x: alice.privateJwk.x });
    expect(fromJwk).toMatchObject({ ok: true, value: { keyId: alice.publicKey.keyId } });
  });

  it('refuses a keyId that belongs to another key, a short key and non-keys', async () => {
    const swapped = await importTrustedKey({ ...alice.publicKey, keyId: mallory.publicKey.keyId });
    expect(swapped).toMatchObject({ ok: false, error: expect.stringContaining('does not belong') });
    const short = await importTrustedKey({ keyId: alice.publicKey.keyId, publicKey: bytesToBase64(new Uint8Array(31)) });
    expect(short).toMatchObject({ ok: false, error: expect.stringContaining('32 bytes') });
    for (const junk of [null, 'key', {}, { kty: 'RSA', n: 'x', e: 'AQAB' }, { kty: 'OKP', crv: 'X25519', x: alice.privateJwk.x }]) {
      expect((await importTrustedKey(junk)).ok).toBe(false);
    }
  });
});

describe('sign and verify', () => {
  it('round-trips a real pack: the envelope validates and the signature verifies', async () => {
    const envelope = await signPayload(payload, alice.privateJwk);
    expect(envelope).toMatchObject({ format: 'preflight-signed-pack', version: 1, algorithm: 'Ed25519', keyId: alice.publicKey.keyId, payload });
    const reread = SignedPackSchema.parse(JSON.parse(serializeSignedPack(envelope)));
    expect(await verifySignedPack(reread, [mallory.trusted, alice.trusted])).toEqual({ ok: true, keyId: alice.publicKey.keyId });
  });

  it('verifies a signature made by an independent Ed25519 implementation (node:crypto) over the UTF-8 payload', async () => {
    const privateKey = createPrivateKey({ key: { ...alice.privateJwk }, format: 'jwk' });
    const signature = nodeSign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64');
    const envelope: SignedPack = { format: 'preflight-signed-pack', version: 1, keyId: alice.publicKey.keyId, algorithm: 'Ed25519', signature, payload };
    expect((await verifySignedPack(envelope, [alice.trusted])).ok).toBe(true);
  });

  it('rejects a payload with one character changed', async () => {
    const envelope = await signPayload(payload, alice.privateJwk);
    const at = payload.indexOf('"maxDays":') + '"maxDays":'.length;
    const tampered = { ...envelope, payload: `${payload.slice(0, at)}${payload[at] === '9' ? '8' : '9'}${payload.slice(at + 1)}` };
    expect(tampered.payload).not.toBe(payload);
    expect(await verifySignedPack(tampered, [alice.trusted])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a signature by another key that claims a trusted keyId', async () => {
    const forged = { ...(await signPayload(payload, mallory.privateJwk)), keyId: alice.publicKey.keyId };
    expect(await verifySignedPack(forged, [alice.trusted])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('reports a keyId that is not trusted as unknown-key, also with no trusted keys at all', async () => {
    const envelope = await signPayload(payload, mallory.privateJwk);
    expect(await verifySignedPack(envelope, [alice.trusted])).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(await verifySignedPack(envelope, [])).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('rejects truncated, extended, bit-flipped and non-canonical signatures', async () => {
    const envelope = await signPayload(payload, alice.privateJwk);
    const variants = [
      withSignature(envelope, (b) => b.slice(0, 63)),
      withSignature(envelope, (b) => b.slice(0, 32)),
      withSignature(envelope, (b) => new Uint8Array([...b, 0])),
      withSignature(envelope, (b) => b.map((x, i) => (i === 10 ? x ^ 0x01 : x))),
      { ...envelope, signature: envelope.signature.slice(0, -4) },
      { ...envelope, signature: ` ${envelope.signature}` },
      { ...envelope, signature: envelope.signature.replace(/=+$/, '') },
    ];
    for (const variant of variants) {
      expect(await verifySignedPack(variant, [alice.trusted]), variant.signature).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses to sign, and rejects, a payload with a lone surrogate (it has no UTF-8 form)', async () => {
    await expect(signPayload('{"x":"\ud800"}', alice.privateJwk)).rejects.toThrow('surrogate');
    // The lone surrogate would encode as U+FFFD, exactly like this payload: the signature must not carry over.
    const envelope = await signPayload('{"x":"\ufffd"}', alice.privateJwk);
    expect(await verifySignedPack({ ...envelope, payload: '{"x":"\ud800"}' }, [alice.trusted])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('signs the exact text: another spelling of the same JSON does not verify', async () => {
    const envelope = await signPayload(payload, alice.privateJwk);
    const reformatted = JSON.stringify(JSON.parse(payload), null, 1);
    expect(await verifySignedPack({ ...envelope, payload: reformatted }, [alice.trusted])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses to sign with a public key or a non-Ed25519 JWK', async () => {
    await expect(signPayload(payload, { kty: 'OKP', crv: 'Ed25519', x: alice.privateJwk.x })).rejects.toThrow();
    await expect(signPayload(payload, alice.publicKey)).rejects.toThrow();
  });
});

describe('the envelope schema', () => {
  it('rejects unknown fields, other versions and algorithms, and malformed keyIds', async () => {
    const envelope = await signPayload(payload, alice.privateJwk);
    expect(SignedPackSchema.safeParse(envelope).success).toBe(true);
    for (const bad of [
      { ...envelope, comment: 'hi' },
      { ...envelope, version: 2 },
      { ...envelope, algorithm: 'RS256' },
      { ...envelope, keyId: envelope.keyId.toUpperCase() },
      { ...envelope, keyId: `${envelope.keyId}00` },
      { ...envelope, signature: 'A'.repeat(10_000) },
      { ...envelope, payload: JSON.parse(payload) },
    ]) {
      expect(SignedPackSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('strict base64', () => {
  it('decodes only the canonical spelling', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
    expect(base64ToBytes('AA==')).toEqual(new Uint8Array([0]));
    for (const bad of ['AB==', 'AA', 'AA=', 'A A==', 'AA==\n', '*AAA', 'AA-_']) expect(base64ToBytes(bad), bad).toBeUndefined();
    for (const bad of ['AA==', 'A', 'AA+/']) expect(base64UrlToBytes(bad), bad).toBeUndefined();
  });
});
