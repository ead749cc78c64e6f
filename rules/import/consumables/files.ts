import { listFiles, type ListFileNames } from '../hospital-list-files';
import { CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST } from './template';

/**
 * The committed files of the two 医用耗材 lists under rules/import/templates/, made as every
 * hospital list's are (hospital-list-files.ts). Written by generate-templates.ts; a test checks
 * the committed bytes.
 */

export const CONSUMABLE_FILES = {
  items: {
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
} as const satisfies Record<string, ListFileNames>;

/** Every generated file of both lists, from the bytes of their example CSVs. */
export function generateConsumableFiles(examples: { items: Uint8Array; limits: Uint8Array }): Record<string, Uint8Array> {
  return {
    ...listFiles(CONSUMABLE_ITEMS_LIST, CONSUMABLE_FILES.items, examples.items),
    ...listFiles(CONSUMABLE_LIMITS_LIST, CONSUMABLE_FILES.limits, examples.limits),
  };
}
