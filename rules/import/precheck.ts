import type { ImportErrorCode } from './import-error';
import { IMPORT_LIMITS, megabytes } from './limits';
import { sniffBytes, type Sniffed } from './sniff';

/**
 * Refuses, before any parsing, the files no importer can read: empty, too large, encrypted, old
 * .xls, HTML tables, and text where a workbook was expected (or binary where text was).
 */

export interface Refusal {
  code: ImportErrorCode;
  detail: string;
}

const refuse = (code: ImportErrorCode, detail: string): Refusal => ({ code, detail });

function common(bytes: Uint8Array, sniffed: Sniffed, maxFileBytes: number): Refusal | undefined {
  if (sniffed === 'empty') return refuse('empty-file', '0 bytes');
  if (bytes.length > maxFileBytes) return refuse('file-too-large', `${megabytes(bytes.length)}, the limit is ${megabytes(maxFileBytes)}`);
  if (sniffed === 'encrypted') return refuse('encrypted', 'an OLE compound file holding an EncryptedPackage stream');
  if (sniffed === 'legacy-office') return refuse('legacy-xls', 'an OLE compound file (BIFF .xls), not an Office Open XML workbook');
  if (sniffed === 'html') return refuse('html-table', 'the file starts with HTML markup');
  return undefined;
}

/** For a file read as a workbook (by its .xlsx name or its zip bytes). */
export function refuseAsWorkbook(bytes: Uint8Array, maxFileBytes: number = IMPORT_LIMITS.maxFileBytes): Refusal | undefined {
  const sniffed = sniffBytes(bytes);
  const early = common(bytes, sniffed, maxFileBytes);
  if (early) return early;
  if (sniffed === 'text' || sniffed === 'utf16-text') return refuse('text-as-xlsx', 'the bytes are text, not a zip archive');
  if (sniffed === 'binary') return refuse('not-zip', 'the file is not a zip archive, so not an xlsx workbook');
  return undefined;
}

/** For a file read as CSV text. */
export function refuseAsText(bytes: Uint8Array, maxFileBytes: number = IMPORT_LIMITS.maxFileBytes): Refusal | undefined {
  const sniffed = sniffBytes(bytes);
  const early = common(bytes, sniffed, maxFileBytes);
  if (early) return early;
  if (sniffed === 'zip') return refuse('binary-file', 'the file is a zip archive (an xlsx workbook?), not CSV text');
  if (sniffed === 'binary') return refuse('binary-file', 'the file holds NUL bytes, so it is not text');
  return undefined;
}
