import { z } from 'zod';

/**
 * The doctor directory the 医保办 keeps on the hub (issue #11): the prescriber id a page records,
 * with the doctor's 姓名 and 科室, imported from a CSV. Doctors only: nothing here names a patient.
 */

export const MAX_DIRECTORY_ROWS = 20_000;
/** The CSV as text (the dashboard decodes UTF-8 or GBK before sending). */
export const MAX_DIRECTORY_CSV_CHARS = 4 * 1024 * 1024;

/** The template's columns, and the other headings a hospital's own export may use for them. */
export const DIRECTORY_COLUMNS = {
  id: { header: '医生编号', synonyms: ['医生编号', '医生工号', '工号', '编号', '医生ID', '医师编号', '医师代码', '医生代码'] },
  name: { header: '姓名', synonyms: ['姓名', '医生姓名', '医师姓名', '名字'] },
  department: { header: '科室', synonyms: ['科室', '所在科室', '科室名称', '部门'] },
} as const;

/** The template's one example row: an import refuses it, so it cannot be left in by mistake. */
export const DIRECTORY_EXAMPLE = { id: 'D0012', name: '张伟', department: '心血管内科' } as const;

/** The template file: header and the example, UTF-8 with a byte-order mark so Excel reads the Chinese. */
export function directoryTemplateCsv(): string {
  const { id, name, department } = DIRECTORY_COLUMNS;
  return `\uFEFF${id.header},${name.header},${department.header}\r\n${DIRECTORY_EXAMPLE.id},${DIRECTORY_EXAMPLE.name},${DIRECTORY_EXAMPLE.department}\r\n`;
}

export const DirectoryEntrySchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  department: z.string().min(1).max(100).nullable(),
  updatedAt: z.string().datetime({ offset: true }),
});

export const DirectoryImportInputSchema = z.object({
  csv: z.string().min(1).max(MAX_DIRECTORY_CSV_CHARS),
  /** Replace the whole directory with the file; otherwise rows are added or updated by id. */
  replace: z.boolean().default(false),
});

/** A row the import refused: its number as a spreadsheet shows it (the header is row 1). */
export const DirectoryRowErrorSchema = z.object({
  row: z.number().int().min(1),
  column: z.string().optional(),
  message: z.string(),
});

/**
 * The answer to an import. With any error nothing is stored (`stored: false`): the 医保办 corrects
 * the file and imports it again, and the directory never holds half a file.
 */
export const DirectoryImportAnswerSchema = z.object({
  stored: z.boolean(),
  rows: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  errors: z.array(DirectoryRowErrorSchema),
});

export const DirectoryListSchema = z.object({ entries: z.array(DirectoryEntrySchema), total: z.number().int().nonnegative() });

export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;
export type DirectoryImportInput = z.input<typeof DirectoryImportInputSchema>;
export type DirectoryRowError = z.infer<typeof DirectoryRowErrorSchema>;
export type DirectoryImportAnswer = z.infer<typeof DirectoryImportAnswerSchema>;
export type DirectoryList = z.infer<typeof DirectoryListSchema>;
