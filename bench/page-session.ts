import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import type { FlagEvent } from '../contract/flag-event';
import { REPO_ROOT } from './base-pack';

/**
 * The browser side of `npm run bench:page`: the built extension in Chromium, the demo EMR page
 * with a CDP session on it, our trace marks switched on, and the flag log read from the
 * background. Timings are taken inside the page; this module only sets the stage.
 */

/** Builds the extension into `outDir` (relative to the repo) with the repo's own wxt. */
export function buildExtension(outDir: string): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, PREFLIGHT_OUT_DIR: outDir },
  });
}

/**
 * The same Chromium as scripts/launch-extension.ts starts, with its flags, but no extension: the
 * baseline that shows what the page costs on its own.
 */
export function launchWithoutExtension(chromiumPath: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext('', {
    headless: true,
    executablePath: chromiumPath,
    viewport: { width: 1360, height: 860 },
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  /** Uncaught exceptions in the page. */
  errors: Error[];
}

export async function openBenchPage(context: BrowserContext, url: string): Promise<BenchPage> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.setViewportSize({ width: 1360, height: 800 });
  const cdp = await context.newCDPSession(page);
  await page.goto(url);
  return { page, cdp, errors };
}

/** Waits until the overlay has checked the page once (its badge says 已审核). */
export async function overlayReady(page: Page, timeoutMs = 15_000): Promise<void> {
  // The root is closed: read through what scripts/closed-shadow.ts revealed to this page.
  await page.waitForFunction(
    () => {
      const roots = (window as unknown as { __preflightTestShadowRoots?: Set<ShadowRoot> }).__preflightTestShadowRoots;
      return [...(roots ?? [])].some((root) => root.host.isConnected && root.querySelector('.pf-badge[data-state="checked"]'));
    },
    undefined,
    { timeout: timeoutMs },
  );
}

interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

/**
 * Sets `__preflightTrace` in the content script's isolated world of the top frame, which makes the
 * scheduler leave a `preflight:flush` mark when the debounce ends (entrypoints/content/trace.ts).
 * The page's own world cannot do this: the flag lives where only the extension and CDP reach.
 */
export async function enableTraceMarks(cdp: CDPSession): Promise<void> {
  const contexts: ExecutionContext[] = [];
  const collect = (event: { context: ExecutionContext }) => contexts.push(event.context);
  cdp.on('Runtime.executionContextCreated', collect);
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  await cdp.send('Runtime.enable');
  cdp.off('Runtime.executionContextCreated', collect);
  const ours = contexts.filter(
    (c) => c.origin.startsWith('chrome-extension://') && c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id,
  );
  const world = ours[ours.length - 1];
  if (!world) {
    await cdp.send('Runtime.disable');
    throw new Error('the content script has no isolated world in this page: is the extension loaded?');
  }
  await cdp.send('Runtime.evaluate', { expression: 'globalThis.__preflightTrace = true', contextId: world.id });
  await cdp.send('Runtime.disable');
}

function isOurWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find(isOurWorker) ?? context.waitForEvent('serviceworker', { predicate: isOurWorker });
}

export async function flagEvents(context: BrowserContext, limit = 5000): Promise<FlagEvent[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate((n) => globalThis.preflightFlagLog!.recent(n), limit);
}

/** The content script sends the flag log in batches (400 ms): waits until the count stops growing. */
export async function settledFlagEvents(context: BrowserContext, since: string): Promise<FlagEvent[]> {
  let previous = -1;
  for (let i = 0; i < 20; i++) {
    const events = (await flagEvents(context)).filter((e) => e.at >= since);
    if (events.length === previous) return events;
    previous = events.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  return (await flagEvents(context)).filter((e) => e.at >= since);
}

