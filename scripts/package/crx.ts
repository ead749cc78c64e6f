import { createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * The two facts about a CRX3 file that a deployment depends on: the extension id its key gives, and
 * that the file is a well-formed CRX3 signed by that key. Chromium writes the file
 * (`--pack-extension`); this reads it back so `npm run package` never hands IT a package whose id
 * differs from the one in update.xml and the policy.
 *
 * CRX3 layout (Chromium's crx_file.proto): "Cr24", version 3 and the header length as little-endian
 * uint32, a protobuf CrxFileHeader (field 2: RSA proofs {1: public key DER, 2: signature}, field
 * 10000: SignedData {1: crx_id}), then the zip. The signature covers "CRX3 SignedData\0", the
 * SignedData length (uint32 LE), the SignedData bytes and the zip.
 */

/** Chromium spells ids with a–p for the hex digits 0–f of the first 16 bytes of SHA-256(public key DER). */
export function idFromBytes(first16: Uint8Array): string {
  return [...Buffer.from(first16).toString('hex')].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

export function extensionIdOf(publicKeyDer: Uint8Array): string {
  return idFromBytes(createHash('sha256').update(publicKeyDer).digest().subarray(0, 16));
}

export function publicKeyDerOf(key: KeyObject | string): Buffer {
  const publicKey = typeof key === 'string' ? createPublicKey(createPrivateKey(key)) : key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** The id Chromium gives an extension packed with this PEM private key. */
export function extensionIdOfPem(privateKeyPem: string): string {
  return extensionIdOf(publicKeyDerOf(privateKeyPem));
}

interface Field {
  number: number;
  bytes: Buffer;
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 50; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('CRX header: truncated varint');
}

/** The length-delimited fields of one protobuf message; fields of other wire types are skipped. */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, afterKey] = readVarint(buf, at);
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === 2) {
      const [length, start] = readVarint(buf, afterKey);
      if (start + length > buf.length) throw new Error('CRX header: field runs past its message');
      out.push({ number, bytes: buf.subarray(start, start + length) });
      at = start + length;
    } else if (wire === 0) at = readVarint(buf, afterKey)[1];
    else if (wire === 1) at = afterKey + 8;
    else if (wire === 5) at = afterKey + 4;
    else throw new Error(`CRX header: wire type ${wire} not expected`);
  }
  return out;
}

export interface Crx3 {
  /** The id named in the signed header (a–p form). */
  id: string;
  /** Every RSA key proof, with whether its signature verifies and the id its key gives. */
  proofs: { id: string; valid: boolean }[];
  /** The zip inside. */
  archive: Buffer;
}

export function readCrx3(file: Buffer): Crx3 {
  if (file.length < 12 || file.toString('latin1', 0, 4) !== 'Cr24') throw new Error('not a CRX file (no Cr24 magic)');
  const version = file.readUInt32LE(4);
  if (version !== 3) throw new Error(`CRX version ${version}, expected 3`);
  const headerLength = file.readUInt32LE(8);
  if (12 + headerLength > file.length) throw new Error('CRX header runs past the file');
  const header = fields(file.subarray(12, 12 + headerLength));
  const archive = file.subarray(12 + headerLength);
  const signedData = header.find((f) => f.number === 10000)?.bytes;
  if (!signedData) throw new Error('CRX header without signed data');
  const crxId = fields(signedData).find((f) => f.number === 1)?.bytes;
  if (!crxId || crxId.length !== 16) throw new Error('CRX signed data without a 16-byte id');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedData.length);
  const message = Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), length, signedData, archive]);
  const proofs = header
    .filter((f) => f.number === 2)
    .map((proof) => {
      const parts = fields(proof.bytes);
      const der = parts.find((p) => p.number === 1)?.bytes;
      const signature = parts.find((p) => p.number === 2)?.bytes;
      if (!der || !signature) return { id: '', valid: false };
      const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
      return { id: extensionIdOf(der), valid: verify('sha256', message, key, signature) };
    });
  return { id: idFromBytes(crxId), proofs, archive };
}
