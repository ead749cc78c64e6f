import { z } from 'zod';
import { importErrorText, type ImportErrorCode } from './import-error';
import { RowSet } from './row-set';

/**
 * What an import did with each input file. Every data row ends up accounted for: it fed a rule,
 * or it is listed as not understood or skipped, with its row number and the reason.
 */

export const ImporterSchema = z.enum([
  'nhsa-batch-xlsx',
  'nhsa-batch-csv',
  'catalogue',
  'local-rules',
  'antibiotic-levels',
  'prescribers',
  'consumable-items',
  'consumable-limits',
  // The hospital's drug lists (drug-lists/templates.ts).
  'drug-interactions',
  'drug-contraindications',
  'drug-age-use',
  'drug-max-dose',
  'drug-items',
  'drug-maternity',
  'drug-label-indications',
  'herb-max-dose',
  'chronic-drugs',
  // The hospital's 诊疗项目 lists (item-lists/templates.ts).
  'item-indications',
  'item-contraindications',
  'unknown',
]);

export const RowIssueSchema = z.object({
  /** Row number as the file shows it (spreadsheet row, or CSV record with the header as 1). */
  row: z.number().int(),
  /** 通用名 / 项目名称 of the row, when it has one. */
  name: z.string().optional(),
  /** The text that was not understood (restriction text, cell value), verbatim. */
  text: z.string().optional(),
  reason: z.string(),
});

export const WarningSchema = z.object({
  row: z.number().int().optional(),
  message: z.string(),
});

/** Per national rule class: what became of its knowledge points in this file. */
export const ClassReportSchema = z.object({
  /** 2025 rule-list number and name. */
  seq: z.number().int(),
  ruleClass: z.string(),
  /** The rule kind its reader makes; absent when the class is not checked at order time yet. */
  kind: z.string().optional(),
  points: z.number().int().nonnegative(),
  /** Rules whose first point is from this file. */
  rules: z.number().int().nonnegative(),
  /** Points a later publication of the same point replaced. */
  replaced: z.number().int().nonnegative(),
  notUnderstood: z.number().int().nonnegative(),
});

/** A knowledge point a later publication replaced, and where the replacement is. */
export const ReplacedSchema = z.object({
  row: z.number().int(),
  name: z.string(),
  ruleClass: z.string(),
  by: z.string(),
});

export const FileReportSchema = z.object({
  file: z.string(),
  importer: ImporterSchema,
  /** 第一批, 第八批-1 … for two-libs batches. */
  batch: z.string().optional(),
  /** What the file restricts, as detected: sex, age, frequency, duplicate-charge pair … */
  detected: z.string().optional(),
  /** Why the file could not be read at all (not a zip, no workbook, missing columns …): Chinese, then the detail. */
  error: z.string().optional(),
  /** The same as a stable code (import-error.ts), for programs and tests. */
  errorCode: z.string().optional(),
  /** Data rows read (header and blank rows not counted). */
  rowsRead: z.number().int().nonnegative(),
  /** Rows that fed at least one rule. */
  rowsUsed: z.number().int().nonnegative(),
  /** Rules made from the file, per rule kind. */
  rulesMade: z.record(z.string(), z.number().int().nonnegative()),
  /** National codes joined to rules from the file's code sheet (drug batches) or code column. */
  codesJoined: z.number().int().nonnegative().default(0),
  notUnderstood: z.array(RowIssueSchema),
  /** Rows deliberately left out (合计, 备注 lines under the table). */
  skipped: z.array(RowIssueSchema),
  /** Rows that made rules but left part of their text unused, and other things worth a look. */
  warnings: z.array(WarningSchema),
  /** Knowledge-point files: per rule class, points in, rules made, replaced, not understood. */
  classes: z.array(ClassReportSchema).optional(),
  replaced: z.array(ReplacedSchema).optional(),
  /** The doctors' 处方权 list: doctors read into the pack's settings (no rules). */
  prescribers: z.number().int().nonnegative().optional(),
});

export const PackReportSchema = z.object({
  rules: z.number().int().nonnegative(),
  rulesByKind: z.record(z.string(), z.number().int().nonnegative()),
  /** Codes or prefixes dropped because an earlier rule of the same kind and params covers them. */
  overlaps: z.array(z.object({ ruleId: z.string(), keptIn: z.string(), dropped: z.array(z.string()) })),
  /** Rules dropped entirely because all their codes were covered by earlier rules (or by batch rules they contradict). */
  rulesDropped: z.array(z.string()),
  /**
   * Catalogue rules that say otherwise than an official batch on the same codes (same kind, other
   * params: batch 限女性, catalogue 限男性): the batch wins and the catalogue rule loses `codes`
   * (codes or prefixes). Params are summarised as JSON without labels and empty lists.
   */
  contradictions: z
    .array(
      z.object({
        catalogueRuleId: z.string(),
        batchRuleId: z.string(),
        kind: z.string(),
        catalogueParams: z.string(),
        batchParams: z.string(),
        codes: z.array(z.string()),
      }),
    )
    .default([]),
});

export const ImportReportSchema = z.object({
  files: z.array(FileReportSchema),
  pack: PackReportSchema.optional(),
});

export type RowIssue = z.infer<typeof RowIssueSchema>;
export type ClassReport = z.infer<typeof ClassReportSchema>;
export type ReplacedPoint = z.infer<typeof ReplacedSchema>;
export type ImportWarning = z.infer<typeof WarningSchema>;
export type FileReport = z.infer<typeof FileReportSchema>;
export type PackReport = z.infer<typeof PackReportSchema>;
export type ImportReport = z.infer<typeof ImportReportSchema>;
export type Importer = z.infer<typeof ImporterSchema>;

/** Collects a file report while rows are read. */
export class FileReportBuilder {
  private rowsRead = 0;
  private usedRows = new RowSet();
  private codesJoined = 0;
  private readonly notUnderstood: RowIssue[] = [];
  private readonly skipped: RowIssue[] = [];
  private readonly warnings: ImportWarning[] = [];
  batch: string | undefined;
  detected: string | undefined;
  classes: ClassReport[] | undefined;
  readonly replaced: ReplacedPoint[] = [];
  error: string | undefined;
  errorCode: ImportErrorCode | undefined;
  prescribers: number | undefined;

  constructor(
    readonly file: string,
    readonly importer: Importer,
  ) {}

  read(count = 1): void {
    this.rowsRead += count;
  }
  used(row: number): void {
    this.usedRows.add(row);
  }
  joined(count: number): void {
    this.codesJoined += count;
  }
  notUnderstoodRow(issue: RowIssue): void {
    this.notUnderstood.push(issue);
  }
  skip(issue: RowIssue): void {
    this.skipped.push(issue);
  }
  /** The file cannot be imported at all: no rules come from it. */
  fail(code: ImportErrorCode, detail?: string): void {
    this.errorCode = code;
    this.error = importErrorText(code, detail);
  }
  /** A copy to finish again (a cross-file ledger rebuilds a file's rules after reading them all). */
  clone(): FileReportBuilder {
    const copy = new FileReportBuilder(this.file, this.importer);
    copy.rowsRead = this.rowsRead;
    copy.usedRows = this.usedRows.copy();
    copy.codesJoined = this.codesJoined;
    copy.notUnderstood.push(...this.notUnderstood);
    copy.skipped.push(...this.skipped);
    copy.warnings.push(...this.warnings);
    copy.replaced.push(...this.replaced);
    copy.batch = this.batch;
    copy.detected = this.detected;
    copy.classes = this.classes;
    copy.error = this.error;
    copy.errorCode = this.errorCode;
    copy.prescribers = this.prescribers;
    return copy;
  }
  warn(message: string, row?: number): void {
    this.warnings.push(row === undefined ? { message } : { row, message });
  }

  build(rules: readonly { kind: string }[]): FileReport {
    const rulesMade: Record<string, number> = {};
    for (const r of rules) rulesMade[r.kind] = (rulesMade[r.kind] ?? 0) + 1;
    const report: FileReport = {
      file: this.file,
      importer: this.importer,
      rowsRead: this.rowsRead,
      rowsUsed: this.usedRows.size,
      rulesMade: Object.fromEntries(Object.entries(rulesMade).sort(([a], [b]) => a.localeCompare(b))),
      codesJoined: this.codesJoined,
      notUnderstood: [...this.notUnderstood].sort((a, b) => a.row - b.row),
      skipped: this.skipped,
      warnings: this.warnings,
    };
    if (this.classes) report.classes = this.classes;
    if (this.replaced.length > 0) report.replaced = [...this.replaced].sort((a, b) => a.row - b.row);
    if (this.batch) report.batch = this.batch;
    if (this.detected) report.detected = this.detected;
    if (this.error) report.error = this.error;
    if (this.errorCode) report.errorCode = this.errorCode;
    if (this.prescribers !== undefined) report.prescribers = this.prescribers;
    return report;
  }
}
