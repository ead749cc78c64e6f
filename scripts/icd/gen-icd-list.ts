/**
 * Regenerates rules/data/icd10-diagnoses.json, the ICD-10 医保版 2.0 diagnosis list the options
 * page's 试算 form searches (code and Chinese name of each of the 33,000 codes).
 *
 *   npx tsx scripts/icd/gen-icd-list.ts [path/to/shared/data]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIcdList } from './icd-list';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'data'));
const outFile = path.join(repoRoot, 'rules', 'data', 'icd10-diagnoses.json');

const text = renderIcdList(dataDir);
writeFileSync(outFile, text);
console.log(`wrote ${path.relative(repoRoot, outFile)} (${text.length} characters)`);
