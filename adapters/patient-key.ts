/**
 * The contract's patient key is pseudonymous: the page's 门诊号/住院号 is hashed with a salt
 * (per installation, so keys cannot be joined across sites) and never leaves the adapter as read.
 * FNV-1a is not a secret-keeping hash; it only keeps record numbers out of logs and findings.
 */

/** The key of an order whose page shows no patient identifier: never use it to look up history. */
export const UNKNOWN_PATIENT_KEY = 'p-unknown';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

export function pseudonymousKey(identifier: string, salt: string): string {
  return `p-${fnv1a64(`${salt}\u0000${identifier}`).toString(16).padStart(16, '0')}`;
}
