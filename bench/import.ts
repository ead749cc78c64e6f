/**
 * `npm run bench:import`: how long a 100,000-row rule file takes to become a pack. Generates a
 * batch CSV (one row per knowledge point, mixed classes) and a drug-restrictions catalogue in
 * memory, times each phase of the import (read/parse, import rows, overlap removal, pack
 * validation) and `buildPack` end to end, once per file and once for both together (where batch
 * codes and catalogue prefixes overlap). Target: ≤ 5 s per 100k-row file; a miss never fails
 * the run. Options: --rows N (default 100,000). Writes artifacts/bench-import.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack, type PackMeta } from '../rules/import/build-pack';
import { forgetMemos } from '../rules/import/frozen-memo';
import { importCatalogueTable } from '../rules/import/catalogue';
import { readCsvForImport } from '../rules/import/csv-input';
import type { ImportFile, ImportOutcome } from '../rules/import/import-file';
import { importNhsaCsvTable } from '../rules/import/nhsa-batch-csv';
import { removeOverlaps } from '../rules/import/overlap';
import type { RuleInput } from '../rules/import/rule-collector';
import { validatePack } from '../rules/pack/load';
import { batchCsv, catalogueCsv } from './import-synthetic';
import { formatNumber, heading, table, targetLine, type Target } from './report';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const SEED = 20260901;
const TARGET_SECONDS = 5;

const META: PackMeta = {
  id: 'bench-import',
  version: '1.0.0',
  publisher: { name: 'bench' },
  sourceFor: (name) => ({ title: name }),
};

interface Phases {
  parseMs: number;
  importMs: number;
  overlapMs: number;
  validateMs: number;
}

interface CaseFigure {
  name: string;
  rows: number;
  bytes: number;
  rules: number;
  phases: Phases;
  /** buildPack on the same bytes, end to end (a separate run from the phases). */
  buildPackMs: number;
}

const since = (t: number) => performance.now() - t;

type Importer = (name: string, read: ReturnType<typeof readCsvForImport>) => ImportOutcome;

const IMPORTERS: Record<string, Importer> = {
  batch: (name, read) => importNhsaCsvTable(name, read),
  catalogue: (name, read) => importCatalogueTable(name, read),
};

/** The phases buildPack goes through, timed one by one on the same files. */
function phasesOf(files: readonly { file: ImportFile; importer: Importer }[]): { phases: Phases; rules: number } {
  const phases: Phases = { parseMs: 0, importMs: 0, overlapMs: 0, validateMs: 0 };
  const rules: RuleInput[] = [];
  for (const { file, importer } of files) {
    let t = performance.now();
    const read = readCsvForImport(file.bytes as Uint8Array);
    phases.parseMs += since(t);
    t = performance.now();
    const outcome = importer(file.name, read);
    phases.importMs += since(t);
    if (outcome.report.error) throw new Error(`${file.name}: ${outcome.report.error}`);
    for (const rule of outcome.rules) rules.push(rule);
  }
  let t = performance.now();
  const thinned = removeOverlaps(rules).rules;
  phases.overlapMs = since(t);
  t = performance.now();
  const loaded = validatePack({ schemaVersion: 1, id: META.id, version: META.version, publisher: META.publisher, rules: thinned });
  phases.validateMs = since(t);
  if (!loaded.ok) throw new Error(`the bench pack does not validate: ${loaded.errors[0]?.path} ${loaded.errors[0]?.message}`);
  return { phases, rules: loaded.pack.rules.length };
}

function measure(name: string, files: readonly { file: ImportFile; importer: Importer }[], rows: number): CaseFigure {
  // End to end first, with nothing remembered from an earlier case: a file is imported once.
  forgetMemos();
  const t = performance.now();
  buildPack(files.map((f) => f.file), META);
  const buildPackMs = since(t);
  forgetMemos();
  const { phases, rules } = phasesOf(files);
  const bytes = files.reduce((n, f) => n + (f.file.bytes as Uint8Array).length, 0);
  return { name, rows, bytes, rules, phases, buildPackMs };
}

function main(): void {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
  const rows = Number(values.rows);
  const started = performance.now();
  const startLoad = loadavg()[0] ?? 0;
  console.log(`Preflight import bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, load ${startLoad.toFixed(1)}`);

  let t = performance.now();
  const encoder = new TextEncoder();
  const batch = { file: { name: '【第十六批】合成知识点.csv', bytes: encoder.encode(batchCsv(rows, SEED)) }, importer: IMPORTERS.batch! };
  const catalogue = { file: { name: 'drug-restrictions-synthetic.csv', bytes: encoder.encode(catalogueCsv(rows, SEED + 1)) }, importer: IMPORTERS.catalogue! };
  console.log(`generated ${formatNumber(rows)}-row inputs in ${formatNumber(since(t))} ms (seed ${SEED})`);

  const cases = [
    measure('batch CSV', [batch], rows),
    measure('catalogue CSV', [catalogue], rows),
    measure('batch + catalogue', [batch, catalogue], rows * 2),
  ];

  console.log(heading('Import phases (ms)'));
  console.log(
    table(
      ['input', 'rows', 'MB', 'rules', 'read/parse', 'import rows', 'overlap', 'validate', 'sum', 'buildPack'],
      cases.map((c) => {
        const sum = c.phases.parseMs + c.phases.importMs + c.phases.overlapMs + c.phases.validateMs;
        return [c.name, c.rows, c.bytes / 1e6, c.rules, c.phases.parseMs, c.phases.importMs, c.phases.overlapMs, c.phases.validateMs, sum, c.buildPackMs];
      }),
    ),
  );

  const targets: Target[] = cases
    .filter((c) => c.rows === rows)
    .map((c) => ({ name: `${c.name}: ${formatNumber(rows)} rows → pack`, target: `≤ ${TARGET_SECONDS} s`, figure: `${formatNumber(c.buildPackMs / 1000)} s`, ok: c.buildPackMs <= TARGET_SECONDS * 1000 }));
  console.log(heading('Targets'));
  for (const target of targets) console.log(targetLine(target));

  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    loadAverage: { start: startLoad, end: loadavg()[0] ?? 0 },
    seed: SEED,
    rows,
    cases,
    targets,
    totalSeconds: since(started) / 1000,
  };
  const file = path.join(REPO_ROOT, 'artifacts', 'bench-import.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n  total ${formatNumber(results.totalSeconds)} s; figures written to ${path.relative(process.cwd(), file)}`);
}

main();
