/**
 * Regenerates the template files beside this script from local-template.ts and the hand-written
 * local-rules-example.csv: `npx tsx rules/import/templates/generate-templates.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTemplateFiles, TEMPLATE_FILES } from '../local-template-files';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = generateTemplateFiles(new Uint8Array(readFileSync(path.join(here, TEMPLATE_FILES.exampleCsv))));
for (const [name, bytes] of Object.entries(files)) {
  writeFileSync(path.join(here, name), bytes);
  console.log(`wrote rules/import/templates/${name} (${bytes.length} bytes)`);
}
