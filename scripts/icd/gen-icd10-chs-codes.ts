/**
 * Regenerates rules/data/icd10-chs-codes.ts, every ICD-10 医保版 2.0 diagnosis code (no names),
 * for 疾病诊断编码异常 (the diagnosis-code kind).
 *
 *   npx tsx scripts/icd/gen-icd10-chs-codes.ts [path/to/shared/data]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildChsCodes, renderChsCodesModule } from './chs-codes';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'data'));
const outFile = path.join(repoRoot, 'rules', 'data', 'icd10-chs-codes.ts');

const codes = buildChsCodes(dataDir);
const text = renderChsCodesModule(codes);
writeFileSync(outFile, text);
console.log(`wrote ${Object.keys(codes).length} chapter letters, ${text.length} characters, to ${path.relative(repoRoot, outFile)}`);
