/** Lower-case hex of bytes, and SHA-256 of a text as hex: ids, key ids, digests. */

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of the UTF-8 bytes of `text`, 64 hex digits (WebCrypto: browser contexts and Node). */
export async function sha256Hex(text: string): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
