import { readCsv } from '../csv';
import { writeXlsx, type SheetToWrite } from '../xlsx-write';
import { consumableInstructionRows, consumableTemplateCsv, TABLE_COLUMNS, TABLE_NAMES, tableHeader, type ConsumableColumn, type ConsumableTable } from './template';

/**
 * The committed files of the two 医用耗材 lists under rules/import/templates/: the empty templates
 * (CSV, and xlsx with a 填写说明 sheet and text-formatted code columns) and the example xlsx made
 * from the hand-written example CSV, as local-template-files.ts makes the local rules template's.
 * Written by `npx tsx rules/import/templates/generate-templates.ts`; a test checks the bytes.
 */

export const CONSUMABLE_FILES: Readonly<Record<ConsumableTable, { templateCsv: string; templateXlsx: string; exampleCsv: string; exampleXlsx: string }>> = {
  pairs: {
    templateCsv: 'consumable-items-template.csv',
    templateXlsx: 'consumable-items-template.xlsx',
    exampleCsv: 'consumable-items-example.csv',
    exampleXlsx: 'consumable-items-example.xlsx',
  },
  limits: {
    templateCsv: 'consumable-limits-template.csv',
    templateXlsx: 'consumable-limits-template.xlsx',
    exampleCsv: 'consumable-limits-example.csv',
    exampleXlsx: 'consumable-limits-example.xlsx',
  },
};

const WIDTHS: Partial<Record<ConsumableColumn, number>> = {
  codes: 30, prefixes: 24, name: 28, items: 34, itemNames: 24, relation: 12, within: 10, maxQuantity: 16, sex: 8, age: 14, department: 16,
  indication: 22, severity: 9, interruptive: 9, text: 36, basis: 36, from: 12, to: 12, enabled: 6,
};
const CODE_COLUMNS: ReadonlySet<ConsumableColumn> = new Set(['codes', 'prefixes', 'items', 'from', 'to']);

function sheet(table: ConsumableTable, rows: readonly (readonly string[])[]): SheetToWrite {
  const columns = TABLE_COLUMNS[table];
  return {
    name: TABLE_NAMES[table],
    rows,
    widths: columns.map((c) => WIDTHS[c.column] ?? 12),
    textColumns: columns.flatMap((c, i) => (CODE_COLUMNS.has(c.column) ? [i] : [])),
    header: true,
  };
}

/** Every generated file of one list, from its example CSV's bytes. */
export function generateConsumableFiles(table: ConsumableTable, exampleCsv: Uint8Array): Record<string, Uint8Array> {
  const files = CONSUMABLE_FILES[table];
  const example = readCsv(exampleCsv);
  const instructions: SheetToWrite = { name: '填写说明', rows: consumableInstructionRows(table), widths: [18, 90], header: true };
  return {
    [files.templateCsv]: new TextEncoder().encode(consumableTemplateCsv(table)),
    [files.templateXlsx]: writeXlsx([sheet(table, [tableHeader(table)]), instructions]),
    [files.exampleXlsx]: writeXlsx([sheet(table, [example.header, ...example.records.map((r) => r.fields)]), instructions]),
  };
}
