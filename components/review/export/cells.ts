/** A table cell for export: text, a number, or empty. */
export type Cell = string | number | null | undefined;

export interface Table {
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}
