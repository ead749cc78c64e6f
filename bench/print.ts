import type { EvaluateFigure, SessionFigure } from './measure-evaluate';
import { TRANSLATED_KINDS } from './jre-translate';
import type { FindingCostFigure } from './measure-finding-cost';
import type { WorkerCheckFigure } from './measure-worker-check';
import type { JreFigure } from './measure-jre';
import type { ImageLoadFigure } from './measure-image';
import type { PackLoadFigure } from './measure-pack';
import { formatNumber, heading, table, targetLine, type Target } from './report';
import type { Scenario } from './scenario';

/** The console report, one section at a time so a long run shows progress. */

const MB = 1024 * 1024;
const percent = (v: number) => `${Math.round(v * 100)}%`;
const out = (text: string) => console.log(text);

export function printPacks(scenarios: readonly Scenario[]): void {
  out(heading('Packs'));
  out(
    table(
      ['rules', 'code-less', 'codes', 'prefixes', 'line pool (1–3 / >3 / 0 rules)'],
      scenarios.map((s) => [s.rules, s.codeless, s.compiled.codes.size, s.compiled.prefixes.size, `${s.pools.few} / ${s.pools.many} / ${s.pools.none}`]),
    ),
  );
  for (const s of scenarios) {
    const mix = Object.entries(s.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    out(`  ${s.rules} rules: ${mix.join(', ')}`);
  }
}

export function printEvaluate(figures: readonly EvaluateFigure[]): void {
  out(heading('evaluate(compiled, order) — full pack, all kinds'));
  out(
    table(
      ['rules', 'lines', 'p50 µs', 'p99 µs', 'mean µs', 'iterations', 'rules/line', 'lines hitting 0 / 1–3 / >3', 'findings/order'],
      figures.map((e) => [
        e.rules,
        e.lines,
        e.timing.p50Us,
        e.timing.p99Us,
        e.timing.meanUs,
        e.timing.iterations,
        e.rulesPerLine,
        [e.codeKeyedHits.none, e.codeKeyedHits.few, e.codeKeyedHits.many].map(percent).join(' / '),
        e.findingsPerOrder,
      ]),
    ),
  );
  out('  rules/line includes the code-less rules every drug line meets (day limits, duplicate drugs); the hit shares count code-keyed rules.');
}

export function printSession(figures: readonly SessionFigure[], full: readonly EvaluateFigure[]): void {
  out(heading('EngineSession.evaluate — one line changed in a 20-line order'));
  out(
    table(
      ['rules', 'p50 µs', 'p99 µs', 'mean µs', 'full evaluate p50 µs', 'lines recomputed/call', 'same findings as evaluate'],
      figures.map((x) => [
        x.rules,
        x.timing.p50Us,
        x.timing.p99Us,
        x.timing.meanUs,
        full.find((e) => e.rules === x.rules && e.lines === x.lines)?.timing.p50Us ?? '–',
        x.recomputedPerCall,
        x.agrees ? 'yes' : 'NO',
      ]),
    ),
  );
}

export function printWorkerCheck(check: WorkerCheckFigure, sessions: readonly SessionFigure[]): void {
  out(heading(`The engine worker's check of one keystroke — the order validated, then the session (${check.rules} rules, ${check.lines} lines)`));
  const session = sessions.find((s) => s.rules === check.rules);
  out(
    table(
      ['p50 µs', 'p99 µs', 'mean µs', 'session alone p50 µs'],
      [[check.timing.p50Us, check.timing.p99Us, check.timing.meanUs, session?.timing.p50Us ?? '–']],
    ),
  );
  out('  What a doctor’s keystroke costs in the worker (EngineHost.check), besides the message that brings the order and takes the findings back.');
}

export function printFindingCost(f: FindingCostFigure): void {
  out(heading(`What a ${f.lines}-line order costs at ${f.rules} rules — each of the ${f.orders} orders' mean time against its findings`));
  out(
    table(
      ['findings/order', 'mean µs', 'µs per finding', 'µs with no finding', 'fit r²'],
      [[f.meanFindings, f.meanUs, f.slopeUs, f.interceptUs, f.r2]],
    ),
  );
  out('  A finding costs its decision, its message, actions and amount. These synthetic orders report many (bench:alerts: a realistic mix reports well under one');
  out('  per order), so the p50 above is mostly findings; the intercept is an order with nothing to report, the usual case for a doctor.');
}

export function printPackLoad(load: PackLoadFigure): void {
  out(heading(`Loading a ${load.rules}-rule pack — fresh process, as the engine worker does`));
  out(
    table(
      ['step', 'first call', 'later calls', 'heap retained'],
      [
        ['JSON.parse', `${formatNumber(load.jsonParseMs)} ms`, '', `(${formatNumber(load.jsonBytes / MB)} MB of JSON)`],
        ['validatePack (zod)', `${formatNumber(load.validateColdMs)} ms`, load.validateWarmMs.map((m) => `${formatNumber(m)} ms`).join(', '), `${formatNumber(load.packRetainedBytes / MB)} MB`],
        ['compilePack', `${formatNumber(load.compileColdMs)} ms`, `${formatNumber(load.compileWarmMs)} ms (median of 5)`, `${formatNumber(load.compiledRetainedBytes / MB)} MB`],
      ],
    ),
  );
  out('  The compiled tables point into the validated pack: the worker holds both (the last column adds up).');
  out('  This is the path of a pack just accepted (and of the first start of a new extension build); later starts load its image (below).');
}

export function printImageLoad(image: ImageLoadFigure): void {
  out(heading(`Starting from the stored image of a ${image.rules}-rule pack — fresh process, as the engine worker does after the first start`));
  out(
    table(
      ['step', 'time', 'memory'],
      [
        ['at acceptance: build the image', `${formatNumber(image.buildMs)} ms`, `${formatNumber(image.storedBytes / MB)} MB stored`],
        ['read it back (structured clone)', `${formatNumber(image.readMs)} ms`, ''],
        ['image schema (zod)', `${formatNumber(image.schemaMs)} ms`, ''],
        ['engine ready (tables, no rule decoded yet)', `${formatNumber(image.compileMs)} ms`, ''],
        [`after checking ${image.ordersChecked} bench orders`, '', `${formatNumber(image.heapBytes / MB)} MB heap + ${formatNumber(image.bufferBytes / MB)} MB typed arrays`],
      ],
    ),
  );
  out('  The stored envelope\'s signature is verified again before the image is loaded (not timed here: WebCrypto in the browser).');
}

export function printJreIntro(): void {
  out(heading('json-rules-engine comparison — same rules, same orders'));
  out('  Both engines hold only the rules json-rules-engine can express faithfully; ours is restricted to that subset here.');
  out(`  Kinds translated: ${TRANSLATED_KINDS.join(', ')}.`);
  out('  json-rules-engine has no index by code: one awaited run per line evaluates every rule. Each timed');
  out('  json-rules-engine order is checked against ours, (rule, line) pair by pair.');
}

export function printJreFigure(packRules: number, f: JreFigure): void {
  const kinds = Object.entries(f.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
  out(
    `  ${packRules} rules → ${f.rules} translated (${kinds}); json-rules-engine built in ${formatNumber(f.engineBuildMs)} ms; ` +
      `same (rule, line) pairs as ours on ${f.parityOrders - f.parityMismatches}/${f.parityOrders} timed orders` +
      (f.mismatchExample ? ` — first difference ${f.mismatchExample}` : ''),
  );
}

export function printJreTable(figures: readonly JreFigure[], fullIterations: (lines: number) => number): void {
  out(
    table(
      ['rules', 'lines', 'ours p50 µs', 'ours p99 µs', 'jre p50 µs', 'jre p99 µs', 'jre iterations', 'jre / ours (p50)'],
      figures.flatMap((f) =>
        f.rows.map((r) => [
          f.rules,
          r.lines,
          r.ours.p50Us,
          r.ours.p99Us,
          r.estimated ? `≈ ${formatNumber(r.theirsP50Us)}` : r.theirsP50Us,
          r.theirs?.p99Us ?? '–',
          r.theirs?.iterations ?? 'est.',
          `${formatNumber(r.ratio)}×`,
        ]),
      ),
    ),
  );
  const reduced = figures.flatMap((f) =>
    f.rows.filter((r) => r.theirs && r.theirs.iterations < fullIterations(r.lines)).map((r) => `${f.rules}×${r.lines}: ${r.theirs!.iterations}`),
  );
  if (reduced.length > 0) {
    out(`  json-rules-engine ran fewer iterations than ours to fit the time budget, with the same rule count (rules×lines: runs): ${reduced.join('; ')}`);
  }
  const estimated = figures.flatMap((f) => f.rows.filter((r) => r.estimated).map((r) => `${f.rules}×${r.lines}`));
  if (estimated.length > 0) {
    out(
      `  ≈ estimated, not run (${estimated.join(', ')}): one order would not fit the time budget; json-rules-engine runs once per line ` +
        'over all its rules, so an n-line order costs about n × its measured 1-line p50.',
    );
  }
}

export function printTargets(targets: readonly Target[]): void {
  out(heading('Targets'));
  for (const t of targets) out(targetLine(t));
}
