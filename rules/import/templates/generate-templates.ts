/**
 * Regenerates the template files beside this script: the local rules template from
 * local-template.ts and the hand-written local-rules-example.csv, and the 抗菌药物分级目录 and
 * 医师处方权 templates from hospital-lists.ts and their hand-written example CSVs, the two 医用耗材
 * lists from consumables/template.ts and theirs, and the drug lists (药品相互作用表 …) from
 * drug-lists/templates.ts and theirs (the 诊疗项目 lists of item-lists/templates.ts with them):
 * `npx tsx rules/import/templates/generate-templates.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTemplateFiles, TEMPLATE_FILES } from '../local-template-files';
import { generateListFiles, LIST_FILES } from '../hospital-list-files';
import { CONSUMABLE_FILES, generateConsumableFiles } from '../consumables/files';
import { generateDrugListFiles } from '../drug-lists/files';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (name: string) => new Uint8Array(readFileSync(path.join(here, name)));
const files = {
  ...generateTemplateFiles(read(TEMPLATE_FILES.exampleCsv)),
  ...generateListFiles({ antibiotic: read(LIST_FILES.antibiotic.exampleCsv), prescribers: read(LIST_FILES.prescribers.exampleCsv) }),
  ...generateConsumableFiles({ items: read(CONSUMABLE_FILES.items.exampleCsv), limits: read(CONSUMABLE_FILES.limits.exampleCsv) }),
  ...generateDrugListFiles(read),
};
for (const [name, bytes] of Object.entries(files)) {
  writeFileSync(path.join(here, name), bytes);
  console.log(`wrote rules/import/templates/${name} (${bytes.length} bytes)`);
}
