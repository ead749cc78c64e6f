import { signal } from '@preact/signals';
import { acceptPack, type RejectReason } from '../../../rules/pack/accept';
import { base64UrlToBytes } from '../../../rules/pack/base64';
import {
  Ed25519PrivateJwkSchema,
  importTrustedKey,
  keyIdOf,
  PublicKeyFileSchema,
  serializeSignedPack,
  signPayload,
  verifySignedPack,
  type Ed25519PrivateJwk,
} from '../../../rules/pack/signature';

/**
 * Signing a published version in the options page, with the same library calls as
 * `preflight pack sign` (cli/pack-sign.ts): the pack text is signed exactly as published, and the
 * envelope is put through the extension's own acceptance check with the key's public half before
 * it is offered as a file, so nothing is exported that a workstation would refuse.
 */

export interface SigningKey {
  jwk: Ed25519PrivateJwk;
  keyId: string;
}

/**
 * The private key chosen in this page. Only this page's memory holds it: never written to
 * storage, gone when the page closes, so a workstation browser never keeps a signing key.
 */
export const signingKey = signal<SigningKey | undefined>(undefined);

export type SigningKeyProblem = 'not-json' | 'public-key' | 'not-private-jwk' | 'unusable';

export type SigningKeyResult = { ok: true; key: SigningKey } | { ok: false; problem: SigningKeyProblem; detail?: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const PROBE = 'preflight signing key check';

/** Reads a `key.private.jwk` and proves it can sign: a probe is signed and verified with its public half. */
export async function readSigningKey(text: string): Promise<SigningKeyResult> {
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return { ok: false, problem: 'not-json' };
  if (PublicKeyFileSchema.safeParse(json.value).success) return { ok: false, problem: 'public-key' };
  const jwk = Ed25519PrivateJwkSchema.safeParse(json.value);
  if (!jwk.success) {
    // A public JWK is the other file a 医保办 might pick by mistake.
    const publicJwk = typeof json.value === 'object' && json.value !== null && 'kty' in json.value && !('d' in json.value);
    return { ok: false, problem: publicJwk ? 'public-key' : 'not-private-jwk' };
  }
  const raw = base64UrlToBytes(jwk.data.x);
  if (!raw) return { ok: false, problem: 'unusable', detail: 'x is not base64url' };
  const publicKey = await importTrustedKey({ kty: jwk.data.kty, crv: jwk.data.crv, x: jwk.data.x });
  if (!publicKey.ok) return { ok: false, problem: 'unusable', detail: publicKey.error };
  try {
    const probe = await signPayload(PROBE, jwk.data);
    const verified = await verifySignedPack(probe, [publicKey.value]);
    if (!verified.ok) return { ok: false, problem: 'unusable', detail: 'the private part does not belong to the public part (x)' };
  } catch (e) {
    return { ok: false, problem: 'unusable', detail: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, key: { jwk: jwk.data, keyId: await keyIdOf(raw) } };
}

export type SignedExport = { ok: true; content: string; keyId: string } | { ok: false; reason: RejectReason | 'sign-failed'; message: string };

/** `<packId>-<version>.signed.json`, beside the unsigned `<packId>-<version>.json` export. */
export const signedFileName = (record: { packId: string; version: string }): string => `${record.packId}-${record.version}.signed.json`;

export async function signPublishedPack(packJson: string, key: SigningKey, now: Date = new Date()): Promise<SignedExport> {
  let content: string;
  try {
    content = serializeSignedPack(await signPayload(packJson, key.jwk));
  } catch (e) {
    return { ok: false, reason: 'sign-failed', message: e instanceof Error ? e.message : String(e) };
  }
  const publicKey = await importTrustedKey({ kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x });
  if (!publicKey.ok) return { ok: false, reason: 'sign-failed', message: publicKey.error };
  const check = await acceptPack(content, { trustedKeys: [publicKey.value], now });
  if (!check.ok) return { ok: false, reason: check.reason, message: [check.message, ...check.details.map((d) => `${d.path}: ${d.message}`)].join('；') };
  return { ok: true, content, keyId: key.keyId };
}
