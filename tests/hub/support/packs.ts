import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSigningKeys, importTrustedKey, serializeSignedPack, signPayload, type GeneratedKeys, type TrustedKey } from '../../../rules/pack/signature';
import { REPO_ROOT } from './events';

/** Signed packs for the hub tests: a few real rules of the committed demo pack, under a given version. */

export interface SigningKey extends GeneratedKeys {
  trusted: TrustedKey;
}

export async function newSigningKey(): Promise<SigningKey> {
  const keys = await generateSigningKeys();
  const trusted = await importTrustedKey(keys.publicKey);
  if (!trusted.ok) throw new Error(trusted.error);
  return { ...keys, trusted: trusted.value };
}

let demo: { rules: unknown[] } & Record<string, unknown> | undefined;

/** The demo pack's header and first `ruleCount` rules, as pack JSON text with the given version. */
export function packText(version: string, ruleCount = 20, extra: Record<string, unknown> = {}): string {
  demo ??= JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules/packs/demo-pack.json'), 'utf8')) as { rules: unknown[] };
  return JSON.stringify({ ...demo, version, ...extra, rules: demo.rules.slice(0, ruleCount) });
}

/** The signed envelope text, as `preflight pack sign` writes it. */
export async function signedPack(version: string, key: SigningKey, extra: Record<string, unknown> = {}): Promise<string> {
  return serializeSignedPack(await signPayload(packText(version, 20, extra), key.privateJwk));
}
