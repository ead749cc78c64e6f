import { z } from 'zod';
import { bytesToHex } from './hex';
import { base64ToBytes, base64UrlToBytes, bytesToBase64 } from './base64';

/**
 * Ed25519-signed rule packs, on WebCrypto (`crypto.subtle`) so there is no crypto dependency to
 * audit. Ed25519 in WebCrypto: Node ≥ 22 (we pin 24), Chromium ≥ 137 (enabled by default),
 * Firefox ≥ 129 (our manifest already requires 140), Safari ≥ 17. Older Chromium throws
 * NotSupportedError from importKey; callers see that as an unverifiable pack, never as a pass.
 *
 * The envelope carries the pack as a string and the signature covers that string's UTF-8 bytes.
 * Signing bytes rather than a parsed pack means the verifier never has to re-create a canonical
 * form: no question of key order, number spelling (1.0 vs 1), escapes, duplicate keys or which
 * of two duplicates a parser keeps. What is verified is exactly the text that is then parsed.
 */

export const SIGNED_PACK_FORMAT = 'preflight-signed-pack';
export const SIGNED_PACK_VERSION = 1;
export const SIGNATURE_ALGORITHM = 'Ed25519';

const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** First 16 hex digits of SHA-256 of the raw 32-byte public key. */
export const KeyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 lowercase hex digits');

/** A 64-byte signature is 88 base64 characters; the bound keeps a huge string from being decoded. */
const SignatureTextSchema = z.string().min(1).max(200);

/** Strict: a field we do not know means a format we do not read, not something to ignore. */
export const SignedPackSchema = z.strictObject({
  format: z.literal(SIGNED_PACK_FORMAT),
  version: z.literal(SIGNED_PACK_VERSION),
  keyId: KeyIdSchema,
  algorithm: z.literal(SIGNATURE_ALGORITHM),
  /** base64 of the 64-byte Ed25519 signature over the UTF-8 bytes of `payload`. */
  signature: SignatureTextSchema,
  /** The pack JSON text, exactly as signed. */
  payload: z.string(),
});
export type SignedPack = z.infer<typeof SignedPackSchema>;

/** The `key.public.json` written by `preflight pack keygen`, and what a trusted-key list holds. */
export const PublicKeyFileSchema = z.strictObject({
  keyId: KeyIdSchema,
  algorithm: z.literal(SIGNATURE_ALGORITHM).optional(),
  /** base64 of the raw 32-byte public key. */
  publicKey: z.string().min(1).max(100),
});
export type PublicKeyFile = z.infer<typeof PublicKeyFileSchema>;

/** An Ed25519 public key as JWK; the keyId is computed from `x`. Private JWKs match too (`d` is ignored). */
export const Ed25519JwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1).max(100),
  d: z.string().min(1).max(100).optional(),
});
export const Ed25519PrivateJwkSchema = Ed25519JwkSchema.required({ d: true });
export type Ed25519PrivateJwk = z.infer<typeof Ed25519PrivateJwkSchema>;

/** A configured trusted key: the public-key file format or a JWK. */
export const TrustedKeyInputSchema = z.union([PublicKeyFileSchema, Ed25519JwkSchema]);
export type TrustedKeyInput = z.infer<typeof TrustedKeyInputSchema>;

export interface TrustedKey {
  keyId: string;
  key: CryptoKey;
}

export type KeyResult<T> = { ok: true; value: T } | { ok: false; error: string };

const utf8 = new TextEncoder();


export async function keyIdOf(rawPublicKey: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rawPublicKey));
  return bytesToHex(digest).slice(0, 16);
}

function rawPublicKeyOf(input: TrustedKeyInput): Uint8Array<ArrayBuffer> | undefined {
  const raw = 'kty' in input ? base64UrlToBytes(input.x) : base64ToBytes(input.publicKey);
  return raw?.length === ED25519_PUBLIC_KEY_BYTES ? raw : undefined;
}

/**
 * Imports a configured key for verification. A declared keyId must match the key: a list that
 * pairs an id with the wrong key is a configuration error, reported rather than trusted.
 */
export async function importTrustedKey(input: unknown): Promise<KeyResult<TrustedKey>> {
  const parsed = TrustedKeyInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'not an Ed25519 public key ({keyId, publicKey} or a JWK with crv Ed25519)' };
  const raw = rawPublicKeyOf(parsed.data);
  if (!raw) return { ok: false, error: `the public key must be ${ED25519_PUBLIC_KEY_BYTES} bytes of canonical base64` };
  const keyId = await keyIdOf(raw);
  if ('keyId' in parsed.data && parsed.data.keyId !== keyId) {
    return { ok: false, error: `keyId ${parsed.data.keyId} does not belong to this public key (its keyId is ${keyId})` };
  }
  try {
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return { ok: true, value: { keyId, key } };
  } catch (e) {
    return { ok: false, error: `cannot import the public key: ${(e as Error).message}` };
  }
}

export interface GeneratedKeys {
  privateJwk: Ed25519PrivateJwk;
  publicKey: PublicKeyFile;
}

export async function generateSigningKeys(): Promise<GeneratedKeys> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const privateJwk = Ed25519PrivateJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d });
  return { privateJwk, publicKey: { keyId: await keyIdOf(raw), algorithm: SIGNATURE_ALGORITHM, publicKey: bytesToBase64(raw) } };
}

/**
 * JSON.parse accepts lone surrogates ("\ud800") but UTF-8 cannot carry them: TextEncoder turns
 * each into U+FFFD, so two different payloads would share one signature. Such payloads are
 * refused on both sides.
 */
const isSignable = (payload: string): boolean => payload.isWellFormed();

/** Signs the payload text as given; throws on a key that is not a private Ed25519 JWK. */
export async function signPayload(payload: string, privateJwk: unknown): Promise<SignedPack> {
  const jwk = Ed25519PrivateJwkSchema.parse(privateJwk);
  if (!isSignable(payload)) throw new Error('the payload contains unpaired UTF-16 surrogates and cannot be signed');
  const raw = base64UrlToBytes(jwk.x);
  if (raw?.length !== ED25519_PUBLIC_KEY_BYTES) throw new Error('the private key has a malformed public part (x)');
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, { name: 'Ed25519' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, utf8.encode(payload)));
  return {
    format: SIGNED_PACK_FORMAT,
    version: SIGNED_PACK_VERSION,
    keyId: await keyIdOf(raw),
    algorithm: SIGNATURE_ALGORITHM,
    signature: bytesToBase64(signature),
    payload,
  };
}

export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: 'unknown-key' | 'bad-signature'; detail: string };

/** Checks the envelope's signature against the trusted key it names; never throws. Also verifies withdrawal notices (withdrawal.ts). */
export async function verifySignedPack(envelope: Pick<SignedPack, 'keyId' | 'signature' | 'payload'>, trustedKeys: readonly TrustedKey[]): Promise<VerifyResult> {
  const trusted = trustedKeys.find((k) => k.keyId === envelope.keyId);
  if (!trusted) return { ok: false, reason: 'unknown-key', detail: `keyId ${envelope.keyId} is not among the ${trustedKeys.length} trusted key(s)` };
  const signature = base64ToBytes(envelope.signature);
  if (signature?.length !== ED25519_SIGNATURE_BYTES) {
    return { ok: false, reason: 'bad-signature', detail: `the signature is not ${ED25519_SIGNATURE_BYTES} bytes of canonical base64` };
  }
  if (!isSignable(envelope.payload)) return { ok: false, reason: 'bad-signature', detail: 'the payload contains unpaired UTF-16 surrogates' };
  try {
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, trusted.key, signature, utf8.encode(envelope.payload));
    return valid ? { ok: true, keyId: trusted.keyId } : { ok: false, reason: 'bad-signature', detail: `the signature does not match the payload for key ${trusted.keyId}` };
  } catch (e) {
    return { ok: false, reason: 'bad-signature', detail: `the signature could not be checked: ${(e as Error).message}` };
  }
}

/** True when a parsed document says it is a signed pack (whether or not it is a valid one). */
export function declaresSignedPack(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'format' in raw;
}

/** The envelope as written to disk: small fields first, the payload last, so `head` shows who signed. */
export function serializeSignedPack(envelope: SignedPack): string {
  const { format, version, keyId, algorithm, signature, payload } = envelope;
  return `${JSON.stringify({ format, version, keyId, algorithm, signature, payload }, null, 1)}\n`;
}
