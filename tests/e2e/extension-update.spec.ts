import type { Page } from '@playwright/test';
import { EXTENSION_DIR } from '../../scripts/launch-extension';
import { expect, test } from './fixtures';
import { gridInput, openDemo, overlay, screenshot, submissions } from './preflight-page';

/** Inside the service worker the extension API is `chrome`. */
declare const chrome: typeof import('wxt/browser').browser;

/**
 * An EMR page left open through an extension update. The background then starts the new version's
 * content script in the open pages (adapters/open-page-injection-background.ts, on
 * `runtime.onInstalled`), and the page's old copy steps down. The update is the extension loaded
 * again over CDP (`Extensions.loadUnpacked`, which needs --enable-unsafe-extension-debugging):
 * `runtime.reload()` cannot stand in for it, since Chromium drops an extension loaded with
 * --load-extension when it reloads itself — which is the extension turned off, the last test.
 */

/**
 * The copy now running follows the doctor's typing (7 days clears row 1's day-limit finding) and
 * lets the submission out once, with one overlay on the page.
 */
async function expectOneCopyChecking(page: Page, ui: ReturnType<typeof overlay>): Promise<void> {
  await gridInput(page, '1', 'days').fill('7');
  await expect(ui.marker('1')).toHaveCount(0);
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(1);
  await expect(page.locator('preflight-overlay')).toHaveCount(1);
}

test.describe('a real update', () => {
  // Lets the test load the extension again over CDP, as an update does.
  test.use({ launchArgs: ['--enable-unsafe-extension-debugging'] });

  test('an EMR page left open through an extension update is checked by the new version at once, without a reload', async ({ context, demo }) => {
    const { page, errors } = await openDemo(context, demo, 'outpatient.html');
    const ui = overlay(page);
    await ui.firstCheck();
    await expect(ui.marker('1')).toBeVisible();
    const oldHost = await page.locator('preflight-overlay').elementHandle();

    const cdp = await context.browser()!.newBrowserCDPSession();
    const updatedAt = Date.now();
    await cdp.send('Extensions.loadUnpacked' as never, { path: EXTENSION_DIR } as never);

    // The new version's copy starts in the page and the cut-off copy steps down on its cue (the
    // unit test of copies.ts pins that; here ~1 s, against 5 s for its timed look). One overlay,
    // checked, the marker back.
    await expect.poll(() => oldHost!.evaluate((host) => host.isConnected), { timeout: 10_000 }).toBe(false);
    console.log(`extension updated → the old copy gone after ${Date.now() - updatedAt} ms`);
    await expect(page.locator('preflight-overlay')).toHaveCount(1);
    await ui.firstCheck();
    await expect(ui.marker('1')).toBeVisible();
    console.log(`extension updated → open page checked by the new version after ${Date.now() - updatedAt} ms`);
    await screenshot(page, 'extension-updated-page-checked');

    await expectOneCopyChecking(page, ui);
    expect(errors).toEqual([]);
  });
});

test('the content script started again in an open EMR page takes over from the running copy: one overlay, one guard, still checking', async ({ context, demo, serviceWorker }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.marker('1')).toBeVisible();
  const oldHost = await page.locator('preflight-overlay').elementHandle();

  const sw = await serviceWorker();
  const startedAt = Date.now();
  expect(await sw.evaluate(() => globalThis.preflightOpenPages!.inject())).toBe(1);

  // The old copy steps down when the new one starts: one overlay, checked, its marker back.
  await expect.poll(() => oldHost!.evaluate((host) => host.isConnected)).toBe(false);
  await expect(page.locator('preflight-overlay')).toHaveCount(1);
  await ui.firstCheck();
  await expect(ui.marker('1')).toBeVisible();
  console.log(`content script started again → page checked after ${Date.now() - startedAt} ms`);
  await screenshot(page, 'open-page-started-again');

  await expectOneCopyChecking(page, ui);
  expect(errors).toEqual([]);
});

test('a page whose copy of the content script is cut off with no newer copy says 审核已停止, drops its markers and never holds the submission', async ({ context, demo, serviceWorker }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.markers).not.toHaveCount(0);

  // Chromium drops an extension loaded with --load-extension when it reloads itself: the page's
  // copy is cut off and nothing replaces it, as when IT turns the extension off.
  await (await serviceWorker()).evaluate(() => chrome.runtime.reload()).catch(() => undefined);

  await expect(ui.badge).toHaveAttribute('data-state', 'stopped', { timeout: 15_000 });
  await expect(ui.badge).toContainText('审核已停止');
  await expect(ui.badge).toHaveAttribute('title', /请在保存或提交当前医嘱后刷新本页/);
  await expect(ui.markers).toHaveCount(0);
  await screenshot(page, 'content-script-stopped');

  // Nothing is left to hold a submission: it goes out at once.
  await gridInput(page, '1', 'days').fill('30');
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(1);
  await expect(ui.dialog).toHaveCount(0);
  expect(errors).toEqual([]);
});
