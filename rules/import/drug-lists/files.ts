import { listFiles, type ListFileNames } from '../hospital-list-files';
import type { Importer } from '../report';
import { ROW_LISTS } from './index';
import { CHRONIC_DRUG_LIST } from './chronic-drugs';

/**
 * The committed files of the hospital's drug lists under rules/import/templates/, made as every
 * hospital list's are (hospital-list-files.ts): the empty template (CSV, and xlsx with a 填写说明
 * sheet) and the xlsx copy of the hand-written example CSV. Written by generate-templates.ts; a
 * test checks the committed bytes.
 */

const names = (stem: string): ListFileNames => ({
  templateCsv: `${stem}-template.csv`,
  templateXlsx: `${stem}-template.xlsx`,
  exampleCsv: `${stem}-example.csv`,
  exampleXlsx: `${stem}-example.xlsx`,
});

export const DRUG_LIST_FILES: Readonly<Partial<Record<Importer, ListFileNames>>> = {
  'drug-interactions': names('drug-interactions'),
  'drug-contraindications': names('drug-contraindications'),
  'drug-age-use': names('drug-age-use'),
  'drug-max-dose': names('drug-max-dose'),
  'drug-items': names('drug-items'),
  'drug-maternity': names('drug-maternity'),
  'drug-label-indications': names('drug-label-indications'),
  'herb-max-dose': names('herb-max-dose'),
  'item-indications': names('item-indications'),
  'item-contraindications': names('item-contraindications'),
  'chronic-drugs': names('chronic-drugs'),
};

export const filesOf = (importer: Importer): ListFileNames => {
  const files = DRUG_LIST_FILES[importer];
  if (!files) throw new Error(`no template files for ${importer}`);
  return files;
};

/** Every generated file of the drug and 诊疗项目 lists, from the bytes of their example CSVs (read by name). */
export function generateDrugListFiles(readExample: (name: string) => Uint8Array): Record<string, Uint8Array> {
  const chronic = filesOf('chronic-drugs');
  return Object.assign(
    {},
    ...ROW_LISTS.map((l) => listFiles(l.template, filesOf(l.importer), readExample(filesOf(l.importer).exampleCsv))),
    listFiles(CHRONIC_DRUG_LIST, chronic, readExample(chronic.exampleCsv)),
  );
}
