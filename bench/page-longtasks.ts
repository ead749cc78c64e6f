import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { splitOf, spread, type SplitFigure, type Spread } from './page-keystroke';
import { LONG_TASK_PROBE, longTaskResults, type LongTaskResults } from './page-probe';
import { enableTraceMarks, openBenchPage, overlayReady, settledFlagEvents } from './page-session';
import { attribute, pageMainThread, samplesOf, startTracing, stopTracing, tasksOf, type TraceEvent } from './page-trace';
import { seededRandom } from './prng';

/**
 * Part 2 of `npm run bench:page`: a doctor typing into a 200-line prescription
 * (outpatient.html?rows=200) for about 20 s — 天数 over the limit and back, line after line across
 * the table, each line scrolled to as it is clicked — while Chromium traces the page. Which long
 * tasks the extension is to blame for comes from the trace's V8 CPU samples (page-trace.ts); the
 * page's own PerformanceObserver entries are kept beside them as Chromium reports them.
 *
 * Each task is judged twice: by wall clock, as it went on this machine, and by the main thread's
 * CPU time in it, which leaves out the time other processes held the cores (on a loaded machine
 * the wall clock says more about the machine than about the code).
 */

export interface LongTaskOptions {
  url: string;
  seconds: number;
  seed: number;
  /** Keep the raw trace events (large) for a caller that wants to write them out. */
  keepTrace?: boolean;
  /** False for the baseline: the same typing in a browser without the extension. */
  extension?: boolean;
}

/** One task of ≥ 50 ms wall clock on the page's main thread. */
export interface LongTaskRecord {
  ms: number;
  cpuMs: number;
  /** Sampled time of our script, of the page's, of neither (style, layout, paint, GC). */
  extensionMs: number;
  pageMs: number;
  otherMs: number;
  /** Our share of the samples applied to the task's CPU time. */
  extensionCpuMs: number;
  /** Our heaviest functions in it. */
  top: string;
}

export interface LongTaskSummary {
  count: number;
  spread: Spread;
  totalMs: number;
  /** Long tasks with any of our script in them. */
  withOurScript: number;
  /** Long because of us: without our time the task would be under 50 ms. */
  attributable: number;
}

export interface LongTaskFigure {
  url: string;
  rows: number;
  seconds: number;
  edits: number;
  keystrokes: number;
  /** Debounce ends (checks started) the content script marked during the run. */
  checks: number;
  /** Judged by wall clock, as on this machine. */
  wall: LongTaskSummary;
  /** Judged by the main thread's CPU time. */
  cpu: LongTaskSummary;
  tasks: LongTaskRecord[];
  /** Whole run, page main thread, from the CPU samples. */
  scriptMs: { extension: number; page: number; other: number; topExtension: { fn: string; ms: number }[] };
  /** CDP Performance.getMetrics deltas over the run (all worlds of the page's renderer). */
  metrics: { scriptDurationMs: number; taskDurationMs: number; layoutDurationMs: number; recalcStyleDurationMs: number };
  /** Chromium's own reports inside the page. */
  observed: {
    longTasks: number;
    longTaskMs: number[];
    longAnimationFrames: number;
    /** Long animation frames naming one of our scripts, and our scripts' time in them. */
    framesWithOurScript: number;
    ourScriptMsInFrames: number;
  };
  flagTimings: SplitFigure | undefined;
  pageErrors: string[];
  trace?: TraceEvent[];
}

export const LONG_TASK_MS = 50;

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

function daysInput(page: Page, rowId: string) {
  return page.locator(`#rxGrid tr[id="${rowId}"] td[aria-describedby="rxGrid_days"] input`);
}

export function summariseLongTasks(tasks: readonly LongTaskRecord[], by: 'wall' | 'cpu'): LongTaskSummary {
  const total = (t: LongTaskRecord) => (by === 'wall' ? t.ms : t.cpuMs);
  const ours = (t: LongTaskRecord) => (by === 'wall' ? t.extensionMs : t.extensionCpuMs);
  const long = tasks.filter((t) => total(t) >= LONG_TASK_MS);
  return {
    count: long.length,
    spread: spread(long.map(total)),
    totalMs: long.reduce((s, t) => s + total(t), 0),
    withOurScript: long.filter((t) => ours(t) > 0).length,
    attributable: long.filter((t) => ours(t) > 0 && total(t) - ours(t) < LONG_TASK_MS).length,
  };
}

/** About `seconds` of typing: 天数 to 10 (over the limit) and back, on lines far apart in the table. */
async function typeAcrossTable(page: Page, rowIds: readonly string[], seconds: number, seed: number): Promise<{ edits: number; keystrokes: number }> {
  const random = seededRandom(seed);
  let edits = 0;
  let keystrokes = 0;
  const deadline = Date.now() + seconds * 1000;
  for (let k = 0; Date.now() < deadline; k++) {
    const input = daysInput(page, rowIds[(k * 37 + 5) % rowIds.length]!);
    const original = await input.inputValue();
    // force: no waiting for a still frame first (a loaded renderer makes Playwright wait long); it still scrolls the line into view.
    await input.click({ force: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10', { delay: random.int(70, 140) });
    await page.waitForTimeout(random.int(220, 420));
    await page.keyboard.press('Control+A');
    await page.keyboard.type(original, { delay: random.int(70, 140) });
    await page.waitForTimeout(random.int(220, 420));
    keystrokes += 2 + original.length;
    edits += 2;
  }
  return { edits, keystrokes };
}

export async function measureLongTasks(context: BrowserContext, options: LongTaskOptions): Promise<LongTaskFigure> {
  const withExtension = options.extension !== false;
  const { page, cdp, errors } = await openBenchPage(context, options.url);
  if (withExtension) {
    await overlayReady(page, 30_000);
    await enableTraceMarks(cdp);
  }
  await page.evaluate(LONG_TASK_PROBE);
  const rowIds = await page.$$eval('#rxGrid tr.jqgrow', (rows) => rows.map((r) => r.id));
  const origin = new URL(options.url).origin;
  // Let the first full check and its flag-log traffic finish before measuring.
  await page.waitForTimeout(1500);

  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const before = await metrics(cdp);
  // The flag log from here on: what the typing produced, not the first check of the page.
  const since = new Date().toISOString();
  const startedAt = (await page.evaluate('performance.now()')) as number;
  await startTracing(cdp);
  const typed = await typeAcrossTable(page, rowIds, options.seconds, options.seed);
  await page.waitForTimeout(800);
  const events = await stopTracing(cdp);
  const endedAt = (await page.evaluate('performance.now()')) as number;
  const after = await metrics(cdp);
  await cdp.send('Performance.disable');
  const probe = (await page.evaluate(longTaskResults(startedAt, endedAt))) as LongTaskResults;
  const pageErrors = errors.map((e) => e.message);
  await page.close();

  const thread = pageMainThread(events, origin);
  if (!thread) throw new Error('the trace has no renderer main thread running the demo page');
  const samples = samplesOf(events, thread, origin);
  const from = samples[0]?.ts ?? 0;
  const to = (samples[samples.length - 1]?.ts ?? 0) + 1;
  const tasks: LongTaskRecord[] = tasksOf(events, thread)
    .filter((t) => t.dur >= LONG_TASK_MS * 1000 && t.ts >= from && t.ts < to)
    .map((t) => {
      const who = attribute(samples, t.ts, t.ts + t.dur);
      const sampled = who.extensionMs + who.pageMs + who.otherMs;
      return {
        ms: t.dur / 1000,
        cpuMs: t.cpu / 1000,
        extensionMs: who.extensionMs,
        pageMs: who.pageMs,
        otherMs: who.otherMs,
        extensionCpuMs: sampled > 0 ? (t.cpu / 1000) * (who.extensionMs / sampled) : 0,
        top: who.topExtension.map((f) => `${f.fn} ${f.ms.toFixed(1)}`).join(', '),
      };
    });
  const whole = attribute(samples, from, to);

  const isOurs = (url: string) => url.startsWith('chrome-extension://');
  const ourFrames = probe.frames.filter((f) => f.scripts.some((s) => isOurs(s.sourceURL)));
  const flagEvents = withExtension ? await settledFlagEvents(context, since) : [];
  const shown = flagEvents.flatMap((e) => (e.type === 'finding-shown' ? [e.timings] : []));
  const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;

  return {
    url: options.url,
    rows: rowIds.length,
    seconds: (endedAt - startedAt) / 1000,
    ...typed,
    checks: probe.checks,
    wall: summariseLongTasks(tasks, 'wall'),
    cpu: summariseLongTasks(tasks, 'cpu'),
    tasks,
    scriptMs: { extension: whole.extensionMs, page: whole.pageMs, other: whole.otherMs, topExtension: whole.topExtension },
    metrics: {
      scriptDurationMs: delta('ScriptDuration'),
      taskDurationMs: delta('TaskDuration'),
      layoutDurationMs: delta('LayoutDuration'),
      recalcStyleDurationMs: delta('RecalcStyleDuration'),
    },
    observed: {
      longTasks: probe.longTasks.length,
      longTaskMs: probe.longTasks.map((t) => t.duration),
      longAnimationFrames: probe.frames.length,
      framesWithOurScript: ourFrames.length,
      ourScriptMsInFrames: ourFrames.reduce((s, f) => s + f.scripts.filter((x) => isOurs(x.sourceURL)).reduce((a, x) => a + x.duration, 0), 0),
    },
    flagTimings: splitOf(shown),
    pageErrors,
    ...(options.keepTrace ? { trace: events } : {}),
  };
}
