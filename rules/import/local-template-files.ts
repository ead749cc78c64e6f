import { LOCAL_COLUMNS, localTemplateCsv, templateInstructionRows } from './local-template';
import { readCsv } from './csv';
import { writeXlsx, type SheetToWrite } from './xlsx-write';

/**
 * The committed template files under rules/import/templates/, made from the column list and the
 * hand-written example CSV, so the xlsx versions never drift from it. Written by
 * `npx tsx rules/import/templates/generate-templates.ts`; a test checks the committed bytes.
 */

const WIDTHS: Partial<Record<(typeof LOCAL_COLUMNS)[number]['column'], number>> = {
  id: 16, codes: 28, prefixes: 16, name: 24, lineKinds: 10, kind: 14, value: 20, params: 18, severity: 9, interruptive: 9,
  text: 36, basis: 36, from: 12, to: 12, enabled: 6,
};
const widths = LOCAL_COLUMNS.map((c) => WIDTHS[c.column] ?? 12);
const textColumns = LOCAL_COLUMNS.flatMap((c, i) => (['id', 'codes', 'prefixes', 'from', 'to'].includes(c.column) ? [i] : []));

function rulesSheet(rows: readonly (readonly string[])[]): SheetToWrite {
  return { name: '本院规则', rows, widths, textColumns, header: true };
}

const instructions: SheetToWrite = { name: '填写说明', rows: templateInstructionRows(), widths: [16, 90], header: true };

export const TEMPLATE_FILES = {
  templateCsv: 'local-rules-template.csv',
  templateXlsx: 'local-rules-template.xlsx',
  exampleCsv: 'local-rules-example.csv',
  exampleXlsx: 'local-rules-example.xlsx',
} as const;

/** Every generated file from the example CSV's bytes (which is itself hand-written, not generated). */
export function generateTemplateFiles(exampleCsv: Uint8Array): Record<string, Uint8Array> {
  const example = readCsv(exampleCsv);
  const header = LOCAL_COLUMNS.map((c) => c.header);
  return {
    [TEMPLATE_FILES.templateCsv]: new TextEncoder().encode(localTemplateCsv()),
    [TEMPLATE_FILES.templateXlsx]: writeXlsx([rulesSheet([header]), instructions]),
    [TEMPLATE_FILES.exampleXlsx]: writeXlsx([rulesSheet([example.header, ...example.records.map((r) => r.fields)]), instructions]),
  };
}
