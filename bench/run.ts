/**
 * `npm run bench`: engine latency, compile cost and heap on synthetic packs of 1k/10k/50k rules made
 * from real rules, and the same rules and orders through json-rules-engine. Prints tables and targets
 * (figures, not assertions: a missed target never fails the run) and writes artifacts/bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { compilePack } from '../rules/engine/compile';
import { loadBasePack, REPO_ROOT } from './base-pack';
import { calibrate } from './calibrate';
import { measureEvaluate, measureSession, type EvaluateFigure } from './measure-evaluate';
import { measureFindingCost } from './measure-finding-cost';
import { measureWorkerCheck } from './measure-worker-check';
import { measureJre, type JreFigure } from './measure-jre';
import { measureImageLoad } from './measure-image';
import { measurePackLoad } from './measure-pack';
import { printEvaluate, printFindingCost, printImageLoad, printJreFigure, printJreIntro, printJreTable, printPackLoad, printPacks, printSession, printTargets, printWorkerCheck } from './print';
import { formatNumber } from './report';
import type { BenchResults } from './results';
import { scalePack } from './scale-pack';
import { stealNote, stealSince } from './steal';
import { buildScenario, ORDER_SIZES, ordersOf, type OrderSize } from './scenario';
import { targetsOf } from './targets';
import type { SampleOptions } from './timing';

const SEED = 20261122;
const SCALES = [1_000, 10_000, 50_000] as const;
const OURS: Record<OrderSize, SampleOptions> = {
  1: { warmup: 2000, iterations: 20_000 },
  20: { warmup: 1000, iterations: 5000 },
  100: { warmup: 300, iterations: 2000 },
};
/** json-rules-engine needs up to seconds per order at 50k rules: bounded by time, so the run stays near two minutes. */
const THEIRS_ONE_LINE: SampleOptions = { warmup: 2, iterations: 300, budgetMs: 3000, minIterations: 3 };
const THEIRS_ORDER = { warmup: 0, iterations: 50, budgetMs: 8000, minIterations: 2 };

/** Other processes competing for the CPUs inflate every figure: say so next to them. */
function loadNote(): string {
  const one = loadavg()[0] ?? 0;
  const cores = availableParallelism();
  const busy = one > cores ? ' — machine busy: latencies are inflated; rerun on an idle machine for figures to compare' : '';
  return `load average ${one.toFixed(1)} on ${cores} cores${busy}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const startLoad = loadavg()[0] ?? 0;
  const steal = stealSince();
  const base = loadBasePack();
  console.log(`Preflight engine bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}`);
  console.log(`base rules: ${base.origin}`);
  console.log(loadNote());
  const machine = calibrate();
  console.log(
    `machine reference: 10⁷ integer ops ${formatNumber(machine.arithmeticMs)} ms, 10⁵ string-key Map.set ${formatNumber(machine.mapInsertMs)} ms (best of 5; compare these across machines)`,
  );
  console.log(`synthetic packs: real rules first, then clones with derived codes; code-less rules kept at their real count; seed ${SEED}`);

  const packs = SCALES.map((n) => scalePack(base.pack, n, SEED));
  const largest = packs[packs.length - 1]!;
  const scenarios = packs.map((p, i) => buildScenario(p, compilePack(p), SEED + i));
  printPacks(scenarios);

  const evaluate: EvaluateFigure[] = scenarios.flatMap((s) => ORDER_SIZES.map((size) => measureEvaluate(s.compiled, ordersOf(s, size), OURS[size])));
  printEvaluate(evaluate);

  const session = scenarios.map((s) => measureSession(s.compiled, ordersOf(s, 20).slice(0, 8), { warmup: 400, iterations: 5000 }));
  printSession(session, evaluate);
  const largestScenario = scenarios[scenarios.length - 1]!;
  const workerCheck = measureWorkerCheck(largest, ordersOf(largestScenario, 20).slice(0, 8), { warmup: 400, iterations: 5000 });
  printWorkerCheck(workerCheck, session);

  const findingCost = measureFindingCost(largestScenario.compiled, ordersOf(largestScenario, 20), { warmupRounds: 50, rounds: 600 });
  printFindingCost(findingCost);

  const packLoad = measurePackLoad(largest);
  printPackLoad(packLoad);
  const imageLoad = measureImageLoad(largest, ordersOf(largestScenario, 20));
  printImageLoad(imageLoad);

  printJreIntro();
  const jsonRulesEngine: JreFigure[] = [];
  for (const s of scenarios) {
    const ordersBySize = new Map([1, 20].map((size) => [size, ordersOf(s, size as OrderSize)] as const));
    const figure = await measureJre(s.pack, ordersBySize, {
      ours: (lines) => OURS[lines as OrderSize],
      theirsOneLine: THEIRS_ONE_LINE,
      theirsOrder: THEIRS_ORDER,
    });
    printJreFigure(s.rules, figure);
    jsonRulesEngine.push(figure);
  }
  printJreTable(jsonRulesEngine, (lines) => OURS[lines as OrderSize].iterations);

  const measured = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    loadAverage: { start: startLoad, end: loadavg()[0] ?? 0 },
    machine,
    seed: SEED,
    base: base.origin,
    packs: scenarios.map((s) => ({
      rules: s.rules,
      codeless: s.codeless,
      codes: s.compiled.codes.size,
      prefixes: s.compiled.prefixes.size,
      pools: s.pools,
      kinds: s.kinds,
    })),
    evaluate,
    session,
    workerCheck,
    findingCost,
    packLoad,
    imageLoad,
    jsonRulesEngine,
  };
  const targets = targetsOf(measured);
  printTargets(targets);

  const results: BenchResults = { ...measured, targets, totalSeconds: (performance.now() - started) / 1000 };
  const file = path.join(REPO_ROOT, 'artifacts', 'bench.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n  ${loadNote()}`);
  const stolen = stealNote(steal());
  if (stolen) console.log(`  ${stolen}`);
  console.log(`  total ${formatNumber(results.totalSeconds)} s; figures written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
