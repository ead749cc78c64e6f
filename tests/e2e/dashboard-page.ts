import type { Browser, BrowserContext, Page } from '@playwright/test';
import path from 'node:path';
import { LATIN_ALLOWED, LATIN_SKIP } from '../unit/review/latin-words';
import { repoRoot } from './fixtures';

/** What the dashboard's browser tests share: a fresh tab at 1366×768, sign-in, screenshots, the Latin-word scan. */

export const SHOTS = path.join(repoRoot, 'artifacts/e2e');

/** A fresh tab (its own sessionStorage) that collects every script error or CSP violation. */
export async function openTab(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused token answers 401 on purpose, a refused file 422, a refused appeal 409; the browser logs those as failed resources.
    if (message.type() === 'error' && !/status of 4(01|09|22)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { context, page, problems };
}

export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

/** What the user sees at 1366×768, without scrolling. */
export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`) });

/** Latin words in the page's own text, outside codes and ids (tests/unit/review/latin-words.ts). */
export function latinOnPage(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ allowed, skip }) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest(skip)) continue;
        for (const token of (node.textContent ?? '').split(/[^A-Za-z0-9_.\-/:]+/)) if (/^[A-Za-z]{2,}$/.test(token) && !allowed.includes(token)) found.push(token);
      }
      return found;
    },
    { allowed: [...LATIN_ALLOWED], skip: LATIN_SKIP },
  );
}
