/**
 * Generates the built-in demo pack from ../shared/data:
 *   rules/packs/demo-pack.json         the pack (validated; one rule per line)
 *   rules/packs/demo-pack.report.json  what each input file gave, and what was not understood
 * Run with `npm run pack:demo`. The output depends only on the input files, so a re-run with
 * unchanged inputs makes no diff; tests/unit/packs/demo-pack.test.ts checks the committed copy.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDemoPack } from '../rules/import/demo-pack';
import { serializePack, serializeReport } from '../rules/import/build-pack';
import type { ImportFile } from '../rules/import/import-file';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_PACK_PATH = path.join(repoRoot, 'rules/packs/demo-pack.json');
export const DEMO_REPORT_PATH = path.join(repoRoot, 'rules/packs/demo-pack.report.json');
export const DEFAULT_SHARED_DIR = path.resolve(repoRoot, '..', 'shared');

/**
 * The hospital lists (the templates' hand-written examples): the 抗菌药物分级使用管理 lists — a
 * 分级目录 on real codes of the shared data, a 医师处方权 list of made-up doctors — the 医用耗材
 * lists (no national consumable knowledge is in ../shared; codes in the national format), and
 * small drug lists (相互作用, 禁忌症, 儿童与老年人用药, 最大日剂量, 药品与诊疗项目对照, 说明书适应症) and
 * 诊疗项目 lists (指征, 禁忌症) on real codes of the shared data, a 中药饮片最大剂量表 (药典 ranges;
 * the 第十一批's 饮片 codes and the demo HIS's) and a 门诊慢特病病种用药范围表 (two 病种).
 */
export const DEMO_LIST_FILES = [
  'antibiotic-levels-example.csv',
  'prescriber-privileges-example.csv',
  'consumable-items-example.csv',
  'consumable-limits-example.csv',
  'drug-interactions-example.csv',
  'drug-contraindications-example.csv',
  'drug-age-use-example.csv',
  'drug-max-dose-example.csv',
  'drug-items-example.csv',
  'drug-maternity-example.csv',
  'drug-label-indications-example.csv',
  'item-indications-example.csv',
  'item-contraindications-example.csv',
  'herb-max-dose-example.csv',
  'chronic-drugs-example.csv',
] as const;

/** Every two-libs batch (xlsx and csv) plus the structured catalogue, named relative to data/, then the example lists. */
export function readDemoInputs(sharedDir = DEFAULT_SHARED_DIR): ImportFile[] {
  const data = path.join(sharedDir, 'data');
  const batchDir = path.join(data, 'nhsa-two-libs');
  const batches = readdirSync(batchDir)
    .filter((f) => /\.(xlsx|csv)$/i.test(f))
    .sort()
    .map((f) => `nhsa-two-libs/${f}`);
  const shared = [...batches, 'drug-restrictions-structured.csv'].map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(path.join(data, name))),
  }));
  const templates = path.join(repoRoot, 'rules/import/templates');
  return [...shared, ...DEMO_LIST_FILES.map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(templates, name))) }))];
}

function main(): void {
  const sharedDir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SHARED_DIR;
  const { pack, report } = buildDemoPack(readDemoInputs(sharedDir));
  const packJson = serializePack(pack);
  writeFileSync(DEMO_PACK_PATH, packJson);
  writeFileSync(DEMO_REPORT_PATH, serializeReport(report));
  const notUnderstood = report.files.reduce((n, f) => n + f.notUnderstood.length, 0);
  console.log(`demo pack ${pack.id} ${pack.version}: ${pack.rules.length} rules, ${(packJson.length / 1024).toFixed(0)} KiB`);
  console.log(`  by kind: ${Object.entries(report.pack?.rulesByKind ?? {}).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const f of report.files) {
    const made = Object.values(f.rulesMade).reduce((a, b) => a + b, 0);
    console.log(`  ${f.file}: ${f.rowsRead} rows, ${made} rules, ${f.notUnderstood.length} not understood${f.error ? `, ERROR ${f.error}` : ''}`);
  }
  console.log(`  ${notUnderstood} rows not understood in all; see ${path.relative(repoRoot, DEMO_REPORT_PATH)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
