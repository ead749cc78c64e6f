/**
 * `npm run bench:page`: the content script in Chromium on the demo EMR page — keystroke → flag
 * painted over ≥ 200 real edits, and long tasks while typing into a 200-line order, attributed to
 * the extension or the page from a trace. Prints tables and targets (figures, not assertions: a
 * missed target never fails the run) and writes artifacts/bench-page.json.
 *
 *   npm run bench:page [-- --build] [--out-dir .output-bench] [--edits 208] [--blocks 4]
 *                      [--seconds 20] [--rows 200] [--no-baseline] [--trace-file bench-page-trace.json]
 *                      [--only keystrokes|long-tasks]
 *
 * The extension is loaded from `--out-dir` (default $PREFLIGHT_OUT_DIR, else .output-bench),
 * built there first with --build or when the folder holds no build. The baseline repeats the
 * typing of part 2 in a Chromium without the extension, to show what the page costs on its own.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './base-pack';
import { measureKeystrokes, type KeystrokeFigure } from './page-keystroke';
import { measureLongTasks, type LongTaskFigure } from './page-longtasks';
import { printBaseline, printKeystrokes, printLongTasks, printTargets, targetsOf } from './page-report';
import { buildExtension, launchWithoutExtension } from './page-session';
import { formatNumber } from './report';

const SEED = 20261122;

function options() {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: process.env.PREFLIGHT_OUT_DIR ?? '.output-bench' },
      edits: { type: 'string', default: '208' },
      blocks: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '20' },
      rows: { type: 'string', default: '200' },
      'trace-file': { type: 'string' },
      baseline: { type: 'boolean', default: true },
      only: { type: 'string' },
    },
    allowNegative: true,
  });
  const count = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  return {
    build: values.build!,
    outDir: values['out-dir']!,
    edits: count('edits', 1),
    blocks: count('blocks', 1),
    seconds: count('seconds', 1),
    rows: count('rows', 1),
    traceFile: values['trace-file'],
    baseline: values.baseline!,
    only: part(values.only),
  };
}

type Part = 'keystrokes' | 'long-tasks';

function part(value: string | undefined): Part | undefined {
  if (value === undefined || value === 'keystrokes' || value === 'long-tasks') return value;
  throw new Error(`--only takes keystrokes or long-tasks, not ${value}`);
}

/** Other processes competing for the CPUs inflate every figure: say so next to them. */
function loadNote(): string {
  const one = loadavg()[0] ?? 0;
  const cores = availableParallelism();
  const busy = one > cores ? ' — machine busy: latencies and long tasks are inflated; rerun on an idle machine for figures to compare' : '';
  return `load average ${one.toFixed(1)} on ${cores} cores${busy}`;
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const startLoad = loadavg()[0] ?? 0;
  if (opts.build || !existsSync(path.join(REPO_ROOT, opts.outDir, 'chrome-mv3', 'manifest.json'))) buildExtension(opts.outDir);
  // launch-extension reads the folder when it is first imported.
  process.env.PREFLIGHT_OUT_DIR = opts.outDir;
  const { launchWithExtension, EXTENSION_DIR, CHROMIUM_PATH } = await import('../scripts/launch-extension');
  const { startDemoServer } = await import('../scripts/serve-demo');

  const demo = await startDemoServer(0);
  const context = await launchWithExtension({ headless: true });
  // The overlay's shadow root is closed; the paint probe (page world) gets it over CDP, once per page.
  const { revealClosedShadowRoots } = await import('../scripts/closed-shadow');
  revealClosedShadowRoots(context, 'main', { once: true });
  try {
    const probe = await context.newPage();
    const cdp = await context.newCDPSession(probe);
    const { product } = await cdp.send('Browser.getVersion');
    await probe.close();
    console.log(`Preflight page bench — ${product}, headless, ${cpus()[0]?.model ?? 'unknown cpu'}`);
    console.log(`extension: ${path.relative(process.cwd(), EXTENSION_DIR)}`);
    console.log(loadNote());

    let keystrokes: KeystrokeFigure | undefined;
    if (opts.only !== 'long-tasks') {
      keystrokes = await measureKeystrokes(context, { url: `${demo.url}/outpatient.html`, edits: opts.edits, blocks: opts.blocks, seed: SEED });
      printKeystrokes(keystrokes);
    }

    let longTaskFigure: LongTaskFigure | undefined;
    if (opts.only !== 'keystrokes') {
      const { trace, ...figure } = await measureLongTasks(context, {
        url: `${demo.url}/outpatient.html?rows=${opts.rows}`,
        seconds: opts.seconds,
        seed: SEED,
        keepTrace: opts.traceFile !== undefined,
      });
      longTaskFigure = figure;
      printLongTasks(figure);
      if (opts.traceFile && trace) {
        writeFileSync(opts.traceFile, JSON.stringify({ traceEvents: trace }));
        console.log(`  trace written to ${opts.traceFile} (open it in chrome://tracing or the DevTools Performance panel)`);
      }
    }

    let baseline: LongTaskFigure | undefined;
    if (opts.baseline && longTaskFigure) {
      const plain = await launchWithoutExtension(CHROMIUM_PATH);
      try {
        baseline = await measureLongTasks(plain, { url: `${demo.url}/outpatient.html?rows=${opts.rows}`, seconds: opts.seconds, seed: SEED, extension: false });
      } finally {
        await plain.close();
      }
      printBaseline(baseline, longTaskFigure);
    }

    const targets = targetsOf(keystrokes, longTaskFigure);
    printTargets(targets);

    const results = {
      generatedAt: new Date().toISOString(),
      browser: product,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadAverage: { start: startLoad, end: loadavg()[0] ?? 0 },
      seed: SEED,
      keystrokes,
      longTasks: longTaskFigure,
      baseline,
      targets,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const file = path.join(REPO_ROOT, 'artifacts', 'bench-page.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n  ${loadNote()}`);
    console.log(`  total ${formatNumber(results.totalSeconds)} s; figures written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await context.close();
    await demo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
