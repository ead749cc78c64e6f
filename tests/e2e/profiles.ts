import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { launchRevealed } from '../../scripts/closed-shadow';
import { expect } from './fixtures';
import { overlay } from './preflight-page';

/** Browsers with their own profiles, for specs where one person publishes and another works (医保办 and a workstation). */

export interface Profile {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  dir: string;
}

export async function launchProfile(name: string): Promise<Profile> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `preflight-${name}-`));
  const context = await launchRevealed({ headless: true, userDataDir: dir, viewport: { width: 1440, height: 1000 } });
  const isOurs = (url: string) => url.startsWith('chrome-extension://');
  const worker = context.serviceWorkers().find((w) => isOurs(w.url())) ?? (await context.waitForEvent('serviceworker', { predicate: (w) => isOurs(w.url()) }));
  // Starts the engine (offscreen document, worker, built-in pack) before a page needs it: a cold
  // start on a busy machine can exceed the content script's one-second answer limit.
  await expect.poll(() => worker.evaluate(() => globalThis.preflightEngine?.status().then((s) => s.packVersion)).catch(() => null), { timeout: 30_000 }).toBeTruthy();
  return { context, worker, extensionId: new URL(worker.url()).host, dir };
}

export async function closeProfile(profile: Profile | undefined): Promise<void> {
  if (!profile) return;
  await profile.context.close();
  await rm(profile.dir, { recursive: true, force: true });
}

export async function openOptions(profile: Profile): Promise<Page> {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  // The first opening copies the built-in pack (about 2,600 rules) into the working set.
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });
  return page;
}

/** What the doctor reads in the line's popover ('' without a marker); the popover is closed again. */
export async function lineFindings(page: Page, lineId: string): Promise<string> {
  const ui = overlay(page);
  if ((await ui.marker(lineId).count()) === 0) return '';
  await ui.marker(lineId).click();
  await expect(ui.popover).toBeVisible();
  const text = await ui.popover.innerText();
  await ui.popover.locator('.pf-close').click();
  await expect(ui.popover).toHaveCount(0);
  return text;
}


/**
 * The 医保办's edit both publishing specs make: the 丁苯酞软胶囊 payment course (`ruleId`, 20 days
 * in the built-in pack) tightened to 5 days in the options page, and published there as `version`.
 */
export async function tightenCourseAndPublish(options: Page, ruleId: string, version: string): Promise<void> {
  await options.locator('#tab-rules').click();
  await options.locator('#rule-search').fill('XN07XXD130E0');
  const row = options.locator(`tr[data-rule-id="${ruleId}"]`);
  await expect(row).toBeVisible();
  await row.locator('.op-rule-name').click();
  const editor = options.locator(`.op-editor[data-rule-id="${ruleId}"]`);
  await expect(editor.locator('#param-maxDays')).toHaveValue('20');
  await editor.locator('#param-maxDays').fill('5');
  await editor.getByRole('button', { name: '保存规则' }).click();
  await expect(editor.locator('.op-notice')).toContainText('已保存');

  await options.locator('#tab-versions').click();
  // The tab first compares the whole working set with the latest version.
  await expect(options.locator('#publish-version')).toHaveValue(version, { timeout: 20_000 });
  await options.locator('#publish-changelog').fill('丁苯酞软胶囊 本院医保支付疗程收紧为 5 天');
  await options.locator('#publish-button').click();
  await expect(options.locator('.op-notice')).toContainText(`已发布 ${version}`, { timeout: 20_000 });
}
