/**
 * Deterministic, non-cryptographic hashing for ids that must be stable across runs and runtimes
 * (browser, worker, Node) without async WebCrypto. Not a security boundary: real pseudonymisation
 * of patient ids needs a secret salt and belongs to the log layer, which never sees raw ids anyway.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;
const utf8 = new TextEncoder();

/** FNV-1a over the UTF-8 bytes of `text`, as 16 lower-case hex digits. */
export function fnv1a64(text: string, seed = FNV64_OFFSET): string {
  let hash = seed;
  for (const byte of utf8.encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV64_PRIME) & MASK64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Joins parts with a separator that cannot occur in ids, so ("a","bc") and ("ab","c") differ. */
export function hashParts(parts: readonly (string | undefined)[]): string {
  return fnv1a64(parts.map((p) => p ?? '').join('\u0000'));
}

/**
 * A UUID-shaped id derived from `parts` (RFC 9562 version 8, "custom"), for formats such as
 * CDS Hooks that want a uuid but where feedback must find the same card again later.
 */
export function stableUuid(parts: readonly (string | undefined)[]): string {
  const key = parts.map((p) => p ?? '').join('\u0000');
  // Two differently seeded passes give the 128 bits a UUID needs.
  const hex = (fnv1a64(key) + fnv1a64(key, 0x84222325cbf29ce4n)).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** Patient key for ids that arrive from outside (参保人 id, 身份证号): never used verbatim. */
export function pseudonymousKey(externalId: string): string {
  return `p-${fnv1a64(externalId.trim())}`;
}
