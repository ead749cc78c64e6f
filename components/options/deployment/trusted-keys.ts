import { importTrustedKey, PublicKeyFileSchema, TrustedKeyInputSchema, type TrustedKeyInput } from '../../../rules/pack/signature';

/**
 * Trusted public keys as the 医保办 brings them: the `key.public.json` written by
 * `preflight pack keygen`, a public JWK, or a JSON array of either, pasted or loaded from files.
 * Each is imported the way the background will import it, so a key that would not verify packs
 * is refused here, with the reason, rather than saved.
 */

export interface ReadKey {
  /** What is stored in the deployment: the public part only. */
  input: TrustedKeyInput;
  keyId: string;
}

export type KeyProblem =
  | { problem: 'not-json'; detail: string }
  /** A private JWK (`d` present): it must stay on the signing machine, not go into every browser. */
  | { problem: 'private-key' }
  | { problem: 'not-a-key'; detail: string }
  | { problem: 'empty' };

export type KeyReadResult = { ok: true; keys: ReadKey[] } | ({ ok: false } & KeyProblem);

/** Drops everything but the public part, so nothing else a file carries ends up in the configuration. */
function publicPartOf(input: TrustedKeyInput): TrustedKeyInput {
  if ('kty' in input) return { kty: input.kty, crv: input.crv, x: input.x };
  return PublicKeyFileSchema.parse(input);
}

const isPrivateJwk = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && 'd' in raw;

/** The keyId of a configured key, or why it cannot be used. */
export async function keyIdOfTrusted(input: unknown): Promise<{ ok: true; keyId: string } | { ok: false; error: string }> {
  const imported = await importTrustedKey(input);
  return imported.ok ? { ok: true, keyId: imported.value.keyId } : { ok: false, error: imported.error };
}

export async function readTrustedKeys(text: string): Promise<KeyReadResult> {
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: 'not-json', detail: e instanceof Error ? e.message : String(e) };
  }
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) return { ok: false, problem: 'empty' };
  const keys: ReadKey[] = [];
  for (const item of items) {
    if (isPrivateJwk(item)) return { ok: false, problem: 'private-key' };
    const parsed = TrustedKeyInputSchema.safeParse(item);
    const imported = await keyIdOfTrusted(item);
    if (!parsed.success || !imported.ok) return { ok: false, problem: 'not-a-key', detail: imported.ok ? 'not an Ed25519 public key' : imported.error };
    keys.push({ input: publicPartOf(parsed.data), keyId: imported.keyId });
  }
  return { ok: true, keys };
}

/** Adds keys not already listed (same keyId); returns the new list and how many were already there. */
export function addKeys(current: readonly ReadKey[], added: readonly ReadKey[]): { keys: ReadKey[]; duplicates: number } {
  const keys = [...current];
  let duplicates = 0;
  for (const key of added) {
    if (keys.some((k) => k.keyId === key.keyId)) duplicates++;
    else keys.push(key);
  }
  return { keys, duplicates };
}
