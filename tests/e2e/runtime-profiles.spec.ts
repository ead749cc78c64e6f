import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { resolveDemoPath } from '../../scripts/serve-demo';
import { test, expect, repoRoot } from './fixtures';
import { overlay, screenshot, storeSettings, submissions } from './preflight-page';

/**
 * A HIS that no built-in profile knows (demo/emr/custom-his.html at http://his.example.test/,
 * a host outside the manifest's content-script patterns): the 医保办 imports a site profile in
 * the 站点配置 tab, the background registers a content script for its URL, and the page is
 * checked like the built-in ones. A broken edit afterwards is refused and the saved profile keeps working.
 */

declare const chrome: typeof import('wxt/browser').browser;

const HOST = 'http://his.example.test';
const PROFILE_FILE = path.join(repoRoot, 'demo/emr/custom-his.profile.json');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves demo/emr under the custom host without DNS: Playwright answers the requests itself. */
async function serveCustomHost(context: BrowserContext): Promise<void> {
  await context.route(`${HOST}/**`, async (route) => {
    const file = resolveDemoPath(new URL(route.request().url()).pathname);
    const body = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body, headers: { 'Content-Type': TYPES[path.extname(file!)] ?? 'application/octet-stream' } });
  });
}

/** 站点配置 → 导入配置文件 → the editor validates it → 保存本地配置; answers the options page. */
async function importProfile(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#tab-profiles').click({ timeout: 30_000 });
  await options.locator('#profile-import').setInputFiles(PROFILE_FILE);
  await expect(options.locator('.op-profile-check')).toHaveText('格式正确，可以保存');
  await options.locator('#profile-save').click();
  await expect(options.locator('.op-notice[role="status"]')).toContainText('已保存 custom-his-outpatient');
  return options;
}

function registeredMatches(sw: Worker): Promise<string[]> {
  return sw.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []));
}

test('a local site profile added in the options page runs on its page; a broken edit is refused', async ({ context, extensionId, serviceWorker }) => {
  test.setTimeout(60_000);
  await serveCustomHost(context);
  const sw = await serviceWorker();
  expect(await registeredMatches(sw)).toEqual([]);

  const options = await importProfile(context, extensionId);
  const localRow = options.locator('tr[data-source="local"][data-profile-id="custom-his-outpatient"]');
  await expect(localRow.locator('[data-role="state"]')).toHaveText('生效中');

  // The background registers his.example.test only: the profile's 127.0.0.1 pattern is the manifest's already.
  await expect.poll(() => registeredMatches(sw)).toEqual([`${HOST}/*`]);

  // The hospital reviews warnings before submitting: the guard must hold the page's own 发送处方.
  await storeSettings(sw, { warningBlocksSubmit: true });
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${HOST}/custom-his.html`);
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.marker('L1')).toHaveCount(0);

  // 10 days in an outpatient prescription: over the 7-day limit.
  const days = page.locator('tr[data-line="L1"] input[aria-label="疗程"]');
  await days.fill('10');
  await expect(ui.marker('L1')).toBeVisible();
  // The item table fills the page width: no gutter, so the row is outlined and its frame takes the click.
  await ui.marker('L1').click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toContainText('阿利沙坦酯片 门诊处方 10 天，超过 7 天');
  await screenshot(page, 'runtime-profile-flag');
  await page.keyboard.press('Escape');

  await page.click('#sendRx');
  await expect(ui.dialog).toBeVisible();
  expect(await submissions(page)).toBe(0);
  await ui.dialog.locator('[data-role="return"]').click();
  await expect(ui.dialog).toHaveCount(0);
  expect(await submissions(page)).toBe(0);

  // A broken edit: errors with their paths, nothing saved.
  await localRow.getByRole('button', { name: '编辑' }).click();
  const editor = options.locator('#profile-json');
  const text = await editor.inputValue();
  await editor.fill(text.replace('"table": "#rxItems"', '"table": ""'));
  await expect(options.locator('.op-profile-errors li[data-error-path="orders.table"]')).toBeVisible();
  await expect(options.locator('#profile-save')).toBeDisabled();
  await editor.fill('{"profileVersion": 1, "id": "custom-his-outpatient",');
  await expect(options.locator('.op-profile-errors li[data-error-path=""]')).toContainText('不是有效的 JSON');
  await expect(options.locator('#profile-save')).toBeDisabled();
  await options.getByRole('button', { name: '取消' }).click();

  // The saved profile still runs: a fresh load of the page is checked and flagged again.
  await page.reload();
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
  await page.locator('tr[data-line="L1"] input[aria-label="疗程"]').fill('12');
  await expect(ui.marker('L1')).toBeVisible();
  expect(await registeredMatches(sw)).toEqual([`${HOST}/*`]);
  expect(errors).toEqual([]);

  // Deleting the profile withdraws the registration.
  await localRow.getByRole('button', { name: '删除' }).click();
  await expect(localRow).toHaveCount(0);
  await expect.poll(() => registeredMatches(sw)).toEqual([]);
});

test('a HIS page open before its site profile is saved is checked as soon as it is, without a reload', async ({ context, extensionId, serviceWorker }) => {
  await serveCustomHost(context);
  await serviceWorker();
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${HOST}/custom-his.html`);
  await page.locator('tr[data-line="L1"] input[aria-label="疗程"]').fill('10');
  // No profile knows this HIS yet: nothing runs on it.
  await page.waitForTimeout(500);
  await expect(page.locator('preflight-overlay')).toHaveCount(0);

  await importProfile(context, extensionId);

  // The page the doctor left open is checked with the new profile, its 10 days flagged.
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.marker('L1')).toBeVisible();
  await expect(page.locator('preflight-overlay')).toHaveCount(1);
  expect(errors).toEqual([]);
});
