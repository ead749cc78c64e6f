import { bytesToHex } from '../../rules/pack/hex';

/**
 * A random v4 UUID that also works on plain-http EMR pages. Those are not a secure context, and
 * there `crypto.randomUUID` does not exist (only 127.0.0.1/localhost count as secure over http),
 * while `crypto.getRandomValues` does.
 */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
