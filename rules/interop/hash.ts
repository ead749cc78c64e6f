/**
 * Deterministic, non-cryptographic hashing for ids that must be stable across runs and runtimes
 * (browser, worker, Node) without async WebCrypto. Not a security boundary: real pseudonymisation
 * of patient ids needs a secret salt and belongs to the log layer, which never sees raw ids anyway.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const TWO_32 = 4294967296;
const utf8 = new TextEncoder();

/**
 * FNV-1a over the UTF-8 bytes of `text`, as 16 lower-case hex digits. The 64-bit state is kept as
 * two 32-bit halves: BigInt arithmetic per byte made this the hub's 3101 service's hottest
 * function. The prime is 2^40 + 0x1b3, so a product modulo 2^64 is lo·0x1b3 (its carry into the
 * high half), hi·0x1b3, and lo shifted 8 bits into the high half — all exact below 2^53.
 */
export function fnv1a64(text: string, seed = FNV64_OFFSET): string {
  let hi = Number(seed >> 32n);
  let lo = Number(seed & 0xffffffffn);
  for (const byte of utf8.encode(text)) {
    lo = (lo ^ byte) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / TWO_32);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % TWO_32;
    lo = low % TWO_32;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
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
