/**
 * Regenerates rules/data/icd-categories.ts, the ICD-10 category names the restriction-text parser
 * uses to place disease words its curated table does not know.
 *
 *   npx tsx scripts/icd/gen-icd-categories.ts [path/to/shared/data]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCategoryNames, renderCategoryModule } from './category-names';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'data'));
const outFile = path.join(repoRoot, 'rules', 'data', 'icd-categories.ts');

const names = buildCategoryNames(dataDir);
writeFileSync(outFile, renderCategoryModule(names));
console.log(`wrote ${names.length} category names to ${path.relative(repoRoot, outFile)}`);
