/**
 * How much one import file may hold. The options page imports in the browser tab, so a file that
 * would take the page's memory or minutes of work is refused up front with a clear message,
 * never half read. The published batches are far below these (the largest is 0.2 MB, 6,473 rows).
 */
export const IMPORT_LIMITS = {
  /** Bytes of the file as picked or read. */
  maxFileBytes: 16 * 1024 * 1024,
  /** Non-blank rows per sheet, or CSV records. */
  maxRows: 100_000,
  /** Columns read per sheet: some sheets declare all 16,384; no rule sheet uses more than a dozen. */
  maxColumns: 64,
  /** Largest uncompressed part of a workbook (a zip bomb guard): a 100,000-row sheet is ~30 MB. */
  maxPartBytes: 64 * 1024 * 1024,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof IMPORT_LIMITS]: number };

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
