import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, FrameLocator, Page, Worker } from '@playwright/test';
import type { DemoServer } from '../../scripts/serve-demo';
import type { FlagEvent } from '../../contract/flag-event';
import type { PreflightSettings } from '../../settings/schema';
import { SETTINGS_KEY } from '../../settings/store';
import { SETTINGS_VERSION } from '../../settings/migrations';
import { expect, repoRoot } from './fixtures';

/** Helpers shared by the content-script browser tests: demo pages, our overlay, settings, the flag log. */

/** Inside the service worker the extension API is `chrome`. */
declare const chrome: typeof import('wxt/browser').browser;

export const ARTIFACTS = path.join(repoRoot, 'artifacts', 'e2e');

export interface DemoPage {
  page: Page;
  /** Uncaught exceptions in the page (our content script must never cause one). */
  errors: Error[];
}

export async function openDemo(context: BrowserContext, demo: DemoServer, file: string): Promise<DemoPage> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.setViewportSize({ width: 1360, height: 800 });
  await page.goto(`${demo.url}/${file}`);
  return { page, errors };
}

/**
 * Our overlay's parts, inside its closed shadow root (see scripts/closed-shadow.ts for how the test, and
 * only the test, reaches in); every class is `pf-`.
 */
/**
 * Every test starts a browser on a fresh profile, so its first check waits for the engine's very
 * first start: the offscreen document, the worker, and the demo pack validated and compiled with no
 * stored image yet. That takes about 3 s on an idle 2-core machine and has passed 5 s under a full
 * CI run; a doctor's browser pays it once after install, then starts from the image.
 */
export const FIRST_CHECK_TIMEOUT_MS = 20_000;

export function overlay(root: Page | FrameLocator) {
  const badge = root.locator('pf-overlay=.pf-badge');
  return {
    host: root.locator('preflight-overlay'),
    badge,
    /** Waits for the page's first check to be answered (see FIRST_CHECK_TIMEOUT_MS). */
    firstCheck: () => expect(badge).toHaveAttribute('data-state', 'checked', { timeout: FIRST_CHECK_TIMEOUT_MS }),
    marker: (lineId: string) => root.locator(`pf-overlay=.pf-marker[data-line-id="${lineId}"]`),
    markers: root.locator('pf-overlay=.pf-marker'),
    popover: root.locator('pf-overlay=.pf-popover'),
    panel: root.locator('pf-overlay=.pf-panel'),
    dialog: root.locator('pf-overlay=.pf-dialog'),
  };
}

/** An editable cell of the outpatient jqGrid. */
export function gridInput(page: Page, rowId: string, column: string) {
  return page.locator(`#rxGrid tr[id="${rowId}"] td[aria-describedby="rxGrid_${column}"] input`);
}

/** Stores settings as the current build writes them (with its settings version). */
export async function storeSettings(sw: Worker, settings: Partial<PreflightSettings>): Promise<void> {
  const stored = { ...settings, version: SETTINGS_VERSION };
  await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [SETTINGS_KEY, stored] as const);
}

export async function flagEvents(sw: Worker): Promise<FlagEvent[]> {
  return sw.evaluate(() => globalThis.preflightFlagLog!.recent(1000));
}

/** Submissions the demo page recorded itself (window.__submitted). */
export function submissions(page: Page | ReturnType<Page['frame']>): Promise<number> {
  return page!.evaluate(() => (window as unknown as { __submitted: unknown[] }).__submitted.length);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
