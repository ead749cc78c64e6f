import { ANTIBIOTIC_LIST, listInstructionRows, listTemplateCsv, PRESCRIBER_LIST, type ListTemplate } from './hospital-lists';
import { readCsv } from './csv';
import { writeXlsx, type SheetToWrite } from './xlsx-write';

/**
 * The committed files of the 抗菌药物分级目录 and 医师处方权 templates under rules/import/templates/:
 * the empty template (CSV and xlsx with a 填写说明 sheet and text-formatted code columns) and the
 * xlsx copy of each hand-written example CSV. Written by generate-templates.ts with the local
 * rules template's files; a test checks the committed bytes.
 */

export const LIST_FILES = {
  antibiotic: {
    templateCsv: 'antibiotic-levels-template.csv',
    templateXlsx: 'antibiotic-levels-template.xlsx',
    exampleCsv: 'antibiotic-levels-example.csv',
    exampleXlsx: 'antibiotic-levels-example.xlsx',
  },
  prescribers: {
    templateCsv: 'prescriber-privileges-template.csv',
    templateXlsx: 'prescriber-privileges-template.xlsx',
    exampleCsv: 'prescriber-privileges-example.csv',
    exampleXlsx: 'prescriber-privileges-example.xlsx',
  },
} as const;

/** The four committed files of one list. */
export interface ListFileNames {
  readonly templateCsv: string;
  readonly templateXlsx: string;
  readonly exampleCsv: string;
  readonly exampleXlsx: string;
}

/** The generated files of one list (the 医用耗材 lists and the drug lists use it too: consumables/files.ts, drug-lists/files.ts). */
export function listFiles<C extends string>(template: ListTemplate<C>, names: ListFileNames, exampleCsv: Uint8Array): Record<string, Uint8Array> {
  const widths = template.columns.map((c) => template.widths[c.column] ?? 12);
  const textColumns = template.columns.flatMap((c, i) => (template.textColumns.includes(c.column) ? [i] : []));
  const sheet = (rows: readonly (readonly string[])[]): SheetToWrite => ({ name: template.title, rows, widths, textColumns, header: true });
  const instructions: SheetToWrite = { name: '填写说明', rows: listInstructionRows(template), widths: [16, 90], header: true };
  const example = readCsv(exampleCsv);
  return {
    [names.templateCsv]: new TextEncoder().encode(listTemplateCsv(template)),
    [names.templateXlsx]: writeXlsx([sheet([template.columns.map((c) => c.header)]), instructions]),
    [names.exampleXlsx]: writeXlsx([sheet([example.header, ...example.records.map((r) => r.fields)]), instructions]),
  };
}

/** Every generated file of both lists, from the bytes of their example CSVs. */
export function generateListFiles(examples: { antibiotic: Uint8Array; prescribers: Uint8Array }): Record<string, Uint8Array> {
  return {
    ...listFiles(ANTIBIOTIC_LIST, LIST_FILES.antibiotic, examples.antibiotic),
    ...listFiles(PRESCRIBER_LIST, LIST_FILES.prescribers, examples.prescribers),
  };
}
