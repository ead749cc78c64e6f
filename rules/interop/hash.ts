/**
 * Deterministic, non-cryptographic hashing for ids that must be stable across runs and runtimes
 * (browser, worker, Node) without async WebCrypto. Not a security boundary: real pseudonymisation
 * of patient ids needs a secret salt and belongs to the log layer, which never sees raw ids anyway.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const utf8 = new TextEncoder();
const limbsOf = (seed: bigint): [number, number, number, number] => [
  Number((seed >> 48n) & 0xffffn),
  Number((seed >> 32n) & 0xffffn),
  Number((seed >> 16n) & 0xffffn),
  Number(seed & 0xffffn),
];
const OFFSET_LIMBS = limbsOf(FNV64_OFFSET);
/** Reused for the UTF-8 bytes of each text (grown when a text needs more): no allocation per hash. */
let bytes = new Uint8Array(256);

/**
 * FNV-1a over the UTF-8 bytes of `text`, as 16 lower-case hex digits. The 64-bit state is kept as
 * four 16-bit limbs so every step is small-integer arithmetic (BigInt, and then doubles, per byte
 * made this the hub's 3101 service's hottest function). The prime is 2^40 + 0x1b3: the product is
 * each limb times 0x1b3, plus the two low limbs shifted 8 bits into the two high ones (2^40 is
 * two limbs and 8 bits), carried from low to high and cut at 64 bits.
 */
export function fnv1a64(text: string, seed = FNV64_OFFSET): string {
  let [h3, h2, h1, h0] = seed === FNV64_OFFSET ? OFFSET_LIMBS : limbsOf(seed);
  if (bytes.length < text.length * 3) bytes = new Uint8Array(text.length * 3);
  const { written } = utf8.encodeInto(text, bytes);
  for (let i = 0; i < written; i++) {
    h0 ^= bytes[i]!;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return ((h3 * 0x10000 + h2) >>> 0).toString(16).padStart(8, '0') + ((h1 * 0x10000 + h0) >>> 0).toString(16).padStart(8, '0');
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
