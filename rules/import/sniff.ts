/**
 * What a file is, judged from its bytes rather than its name: spreadsheets are renamed, exported
 * by HIS systems as HTML with an .xls name, saved as old .xls or with a password. Each of those
 * deserves its own message instead of a parser error.
 */

export type Sniffed =
  | 'empty'
  | 'zip'
  /** OLE compound file holding an EncryptedPackage: an xlsx with an opening password. */
  | 'encrypted'
  /** Any other OLE compound file: Excel 97-2003 .xls (or .doc). */
  | 'legacy-office'
  | 'html'
  /** Text with a UTF-16 byte order mark (Excel's "Unicode 文本"). */
  | 'utf16-text'
  | 'binary'
  | 'text';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** `text` written as UTF-16LE, the way a compound file names its streams. */
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out[i * 2] = text.charCodeAt(i);
  return out;
}

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  outer: for (let i = bytes.indexOf(first!); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const ENCRYPTED_PACKAGE = utf16le('EncryptedPackage');

/** Local file header, empty archive or spanning marker: every zip starts with one of them. */
export function isZipBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && [3, 5, 7].includes(bytes[2]!) && bytes[3] === bytes[2]! + 1;
}

export function sniffBytes(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return 'empty';
  if (isZipBytes(bytes)) return 'zip';
  if (startsWith(bytes, CFB_MAGIC)) return contains(bytes, ENCRYPTED_PACKAGE) ? 'encrypted' : 'legacy-office';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf16-text';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|table|\?xml[^>]*>\s*<html)/.test(head) || head.startsWith('mime-version:')) return 'html';
  // Text never holds NUL bytes; a picture or a PDF renamed .csv does.
  if (bytes.subarray(0, 8192).includes(0)) return 'binary';
  return 'text';
}
