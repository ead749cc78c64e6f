/**
 * Regenerates rules/data/icd-sex-codes.ts, the sex-specific diagnosis codes found by name.
 *
 *   npx tsx scripts/icd/gen-icd-sex-codes.ts [path/to/shared/data]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSexCodes, renderSexCodesModule } from './sex-codes';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'data'));
const outFile = path.join(repoRoot, 'rules', 'data', 'icd-sex-codes.ts');

const codes = buildSexCodes(dataDir);
writeFileSync(outFile, renderSexCodesModule(codes));
console.log(`wrote ${codes.M.length} male and ${codes.F.length} female codes to ${path.relative(repoRoot, outFile)}`);
