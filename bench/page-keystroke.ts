import type { BrowserContext, Page } from '@playwright/test';
import type { FlagTimings } from '../contract/flag-event';
import { PAINT_PROBE, type PaintSample } from './page-probe';
import { enableTraceMarks, openBenchPage, overlayReady, settledFlagEvents } from './page-session';
import { seededRandom } from './prng';
import { percentile } from './timing';

/**
 * Part 1 of `npm run bench:page`: real keystrokes on the outpatient demo page that alternately put
 * a line over the 7-day outpatient limit and back (天数 7 → 8 → 7 on lines 2 and 3), each timed from
 * its `input` event to the frame in which the line's marker changed (its count goes up by the
 * 超量 finding and down again; the lines already carry a 限适应症 finding). The end of the
 * debounce comes from the content script's own `preflight:flush` mark, so "excluding the
 * debounce" subtracts the debounce as it happened, not its nominal 150 ms.
 *
 * The edits run in blocks, each on a fresh page load: the flag log records a finding's timings only
 * the first time it is shown in an order, so every block adds one typed record per line.
 */

export interface KeystrokeOptions {
  url: string;
  edits: number;
  blocks: number;
  seed: number;
  /** Longest wait for one marker change before the edit counts as missed. */
  timeoutMs?: number;
}

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface SplitFigure {
  n: number;
  extractMs: Spread;
  engineMs: Spread;
  renderMs: Spread;
  totalMs: Spread;
}

export interface KeystrokeFigure {
  url: string;
  edits: number;
  measured: number;
  missed: number;
  /** input event → painted frame. */
  withDebounce: Spread;
  /** Debounce end (preflight:flush) → painted frame. */
  withoutDebounce: Spread;
  /** input event → preflight:flush: the debounce as measured. */
  debounce: Spread;
  /** Debounce end → marker DOM changed: reading, engine round trip, Preact render. */
  flushToMutation: Spread;
  /** Marker DOM changed → painted frame. */
  mutationToPaint: Spread;
  byDirection: { flagged: Spread; cleared: Spread };
  /** FlagTimings of the finding-shown records the typing produced (first showings only). */
  flagTimings: SplitFigure | undefined;
  pageErrors: string[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] ?? Number.NaN, mean };
}

export function splitOf(timings: readonly FlagTimings[]): SplitFigure | undefined {
  if (timings.length === 0) return undefined;
  return {
    n: timings.length,
    extractMs: spread(timings.map((t) => t.extractMs)),
    engineMs: spread(timings.map((t) => t.engineMs)),
    renderMs: spread(timings.map((t) => t.renderMs)),
    totalMs: spread(timings.map((t) => t.totalMs)),
  };
}

/** One edit: the line, the value typed, and whether the line is then over the limit. */
interface Edit {
  lineId: string;
  value: string;
  flagged: boolean;
}

/** Lines 2 and 3 of the demo page are at 7 days, the limit: 8 flags them, 7 clears them again. */
function editAt(i: number): Edit {
  const lineId = i % 2 === 0 ? '2' : '3';
  const flagged = Math.floor(i / 2) % 2 === 0;
  return { lineId, value: flagged ? '8' : '7', flagged };
}

function daysInput(page: Page, lineId: string) {
  return page.locator(`#rxGrid tr[id="${lineId}"] td[aria-describedby="rxGrid_days"] input`);
}

interface PaintProbe {
  watch(lineId: string): number;
  next(lineId: string, count: number, timeoutMs: number): Promise<PaintSample | null>;
}

function watchLine(page: Page, lineId: string): Promise<number> {
  return page.evaluate((id) => (window as unknown as { __pfPaint: PaintProbe }).__pfPaint.watch(id), lineId);
}

/** Types one edit and resolves when the line's marker shows `count` findings (null: it never did). */
async function typeEdit(page: Page, edit: Edit, count: number, timeoutMs: number): Promise<PaintSample | null> {
  await daysInput(page, edit.lineId).click({ force: true });
  await page.keyboard.press('Control+A');
  const pending = page.evaluate(
    ([id, n, ms]) => (window as unknown as { __pfPaint: PaintProbe }).__pfPaint.next(id, n, ms),
    [edit.lineId, count, timeoutMs] as const,
  );
  // Evaluations run in order: once this one answers, the waiter above is registered.
  await page.evaluate('0');
  await page.keyboard.type(edit.value);
  return pending;
}

export async function measureKeystrokes(context: BrowserContext, options: KeystrokeOptions): Promise<KeystrokeFigure> {
  const random = seededRandom(options.seed);
  const timeoutMs = options.timeoutMs ?? 3000;
  const perBlock = Math.ceil(options.edits / options.blocks);
  const since = new Date().toISOString();
  /** When each block typed (ISO times): the flag log also holds the findings each page load showed. */
  const typing: { from: string; to: string }[] = [];
  const samples: { edit: Edit; sample: PaintSample }[] = [];
  const pageErrors: string[] = [];
  let missed = 0;
  let done = 0;

  for (let block = 0; block < options.blocks && done < options.edits; block++) {
    const { page, cdp, errors } = await openBenchPage(context, options.url);
    await overlayReady(page);
    await enableTraceMarks(cdp);
    if (!(await page.evaluate(PAINT_PROBE))) throw new Error('no overlay shadow root to observe');
    // What each line's marker counts at 7 days (the lines have findings of their own, e.g. 限适应症).
    const base = new Map<string, number>();
    for (const id of ['2', '3']) base.set(id, await watchLine(page, id));
    // The first check's findings are logged a frame after the badge says 已审核: let that pass.
    await page.waitForTimeout(500);
    const from = new Date().toISOString();
    for (let i = 0; i < perBlock && done < options.edits; i++, done++) {
      const edit = editAt(i);
      const expected = base.get(edit.lineId)! + (edit.flagged ? 1 : 0);
      const sample = await typeEdit(page, edit, expected, timeoutMs);
      if (sample && sample.inputAt >= 0 && sample.flushAt >= 0) samples.push({ edit, sample });
      else {
        missed += 1;
        // Out of step (the marker never changed): put the line back to 7 days and carry on.
        await daysInput(page, edit.lineId).fill('7');
        await page.waitForTimeout(600);
        base.set(edit.lineId, await watchLine(page, edit.lineId));
      }
      // A doctor's pause before the next edit.
      await page.waitForTimeout(random.int(80, 220));
    }
    // Records are stamped when the frame after the change was painted: allow for the last one.
    await page.waitForTimeout(600);
    typing.push({ from, to: new Date().toISOString() });
    pageErrors.push(...errors.map((e) => e.message));
    await page.close();
  }

  const events = await settledFlagEvents(context, since);
  const typed = events.flatMap((e) => (e.type === 'finding-shown' && typing.some((t) => e.at >= t.from && e.at <= t.to) ? [e.timings] : []));

  const s = samples.map((x) => x.sample);
  return {
    url: options.url,
    edits: done,
    measured: samples.length,
    missed,
    withDebounce: spread(s.map((x) => x.paintedAt - x.inputAt)),
    withoutDebounce: spread(s.map((x) => x.paintedAt - x.flushAt)),
    debounce: spread(s.map((x) => x.flushAt - x.inputAt)),
    flushToMutation: spread(s.map((x) => x.mutatedAt - x.flushAt)),
    mutationToPaint: spread(s.map((x) => x.paintedAt - x.mutatedAt)),
    byDirection: {
      flagged: spread(samples.filter((x) => x.edit.flagged).map((x) => x.sample.paintedAt - x.sample.flushAt)),
      cleared: spread(samples.filter((x) => !x.edit.flagged).map((x) => x.sample.paintedAt - x.sample.flushAt)),
    },
    flagTimings: splitOf(typed),
    pageErrors,
  };
}
