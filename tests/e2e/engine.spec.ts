import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { browser } from 'wxt/browser';
import { test, expect, repoRoot } from './fixtures';
import { codeOf, femaleOnly, fixturePackJson, orderJson } from '../unit/workers/fixture-pack';

/** Inside the service worker the extension API is `chrome`. */
declare const chrome: typeof browser;

const demoPackFile = path.join(repoRoot, 'rules', 'packs', 'demo-pack.json');
/** The built-in pack this build ships, if the pack generator has run. */
const demoPack = existsSync(demoPackFile) ? (JSON.parse(readFileSync(demoPackFile, 'utf8')) as { version: string }) : undefined;

const flaggedOrder = orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)]);
const cleanOrder = orderJson({ sex: 'F', ageYears: 40 }, [codeOf(femaleOnly)]);

test('the engine starts in one offscreen document with the built-in pack', async ({ serviceWorker }) => {
  const sw = await serviceWorker();
  const { status, offscreen } = await sw.evaluate(async () => ({
    status: await globalThis.preflightEngine!.status(),
    offscreen: (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).map((c) => new URL(c.documentUrl!).pathname),
  }));
  expect(offscreen).toEqual(['/offscreen.html']);
  if (demoPack) {
    expect(status.packVersion).toBe(demoPack.version);
    expect(status.ruleCount).toBeGreaterThan(0);
  } else {
    // No built-in pack in this build: the engine runs and says so instead of checking with nothing.
    expect(status).toMatchObject({ packVersion: null, ruleCount: 0 });
  }
});

test('an order is checked through the port, offscreen document and worker', async ({ serviceWorker }, testInfo) => {
  const sw = await serviceWorker();
  const result = await sw.evaluate(
    async ({ pack, flagged, clean }) => {
      const engine = globalThis.preflightEngine!;
      const loaded = await engine.loadPack(pack);
      const flaggedOutcome = await engine.check(flagged, 'e2e');
      const cleanOutcome = await engine.check(clean, 'e2e');
      // Warm up the JIT in all three contexts before timing.
      for (let i = 0; i < 50; i++) await engine.check(i % 2 ? flagged : clean, 'e2e-timing');
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const started = performance.now();
        await engine.check(i % 2 ? flagged : clean, 'e2e-timing');
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { loaded, flaggedOutcome, cleanOutcome, median: times[100]!, p99: times[198]! };
    },
    { pack: fixturePackJson('2026.11.7'), flagged: flaggedOrder, clean: cleanOrder },
  );
  expect(result.loaded).toMatchObject({ ok: true, version: '2026.11.7', ruleCount: 3 });
  expect(result.flaggedOutcome).toMatchObject({
    ok: true,
    result: { packVersion: '2026.11.7', findings: [{ kind: 'sex', lineId: '1', ruleId: `sex-${femaleOnly.prefix}` }] },
  });
  expect(result.cleanOutcome).toMatchObject({ ok: true, result: { findings: [] } });
  testInfo.annotations.push({ type: 'round trip', description: `median ${result.median.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms (200 checks)` });
  console.log(`check round trip from the service worker: median ${result.median.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`);
  expect(result.median).toBeLessThan(20);
});

test('a check right after a service-worker restart succeeds within a second', async ({ serviceWorker, restartServiceWorker }) => {
  const before = await serviceWorker();
  await before.evaluate((pack) => globalThis.preflightEngine!.loadPack(pack), fixturePackJson('2026.11.8'));

  const after = await restartServiceWorker();
  const { outcome, elapsed } = await after.evaluate(async (order) => {
    const started = performance.now();
    const outcome = await globalThis.preflightEngine!.check(order, 'e2e');
    return { outcome, elapsed: performance.now() - started };
  }, flaggedOrder);
  // The offscreen document and its worker outlived the service worker: same pack, no reload.
  expect(outcome).toMatchObject({ ok: true, result: { packVersion: '2026.11.8', findings: [{ kind: 'sex' }] } });
  console.log(`first check from the restarted service worker: ${elapsed.toFixed(1)} ms`);
  expect(elapsed).toBeLessThan(1000);
});

test('a closed offscreen document is re-created by the next call', async ({ serviceWorker }) => {
  const sw = await serviceWorker();
  const { outcome, elapsed, offscreen } = await sw.evaluate(async (order) => {
    await chrome.offscreen.closeDocument();
    const started = performance.now();
    const outcome = await globalThis.preflightEngine!.check(order, 'e2e');
    const elapsed = performance.now() - started;
    const offscreen = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return { outcome, elapsed, offscreen: offscreen.length };
  }, flaggedOrder);
  expect(offscreen).toBe(1);
  // A fresh engine starts from the built-in pack; packs loaded before are the job of pack storage.
  if (demoPack) expect(outcome).toMatchObject({ ok: true, result: { packVersion: demoPack.version } });
  else expect(outcome).toEqual({ ok: false, reason: 'no-pack', errors: [] });
  console.log(`check that re-created the offscreen document: ${elapsed.toFixed(0)} ms`);
  // The client's own bound: first attempt, engine re-creation, one retry (1 s + 5 s + 1 s).
  expect(elapsed).toBeLessThan(7000);
});
