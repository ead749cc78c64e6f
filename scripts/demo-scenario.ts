import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * The headless walk-through of the demo: what a doctor sees on each page, saved as screenshots.
 * On the outpatient page it types a line over the 门诊 7-day limit, opens its popover, and presses
 * 提交处方 to show the pre-submit review.
 */
// Our UI is in a closed shadow root: `pf-overlay=` reaches in (scripts/closed-shadow.ts).
const BADGE = 'pf-overlay=.pf-badge';

async function shot(page: Page, outDir: string, name: string, report: string[]): Promise<void> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  report.push(`  ${path.relative(process.cwd(), file)}`);
}

/** The badge's text in whichever frame the order is in (the 住院 page checks inside its iframe). */
async function badgeText(page: Page): Promise<string> {
  await page.locator(BADGE).first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
  for (const frame of page.frames()) {
    const badge = frame.locator(BADGE).first();
    if ((await badge.count()) === 0) continue;
    return ((await badge.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
  }
  return '';
}

async function outpatient(page: Page, outDir: string, report: string[]): Promise<void> {
  report.push(`outpatient: badge「${await badgeText(page)}」`);
  await shot(page, outDir, 'outpatient-1-loaded', report);
  const days = page.locator('#rxGrid tr.jqgrow').last().locator('td[aria-describedby="rxGrid_days"] input');
  await days.fill('10');
  const marker = page.locator('pf-overlay=.pf-marker').first();
  await marker.waitFor({ state: 'visible', timeout: 5_000 });
  await marker.click();
  await page.locator('pf-overlay=.pf-popover').waitFor({ state: 'visible', timeout: 5_000 });
  report.push(`  typed 天数 10 → ${await page.locator('pf-overlay=.pf-marker').count()} flagged row(s)`);
  await shot(page, outDir, 'outpatient-2-flagged', report);
  await page.keyboard.press('Escape');
  await page.locator('#btnSubmit, button:has-text("提交处方")').first().click();
  const dialog = page.locator('pf-overlay=.pf-dialog');
  if (await dialog.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) {
    report.push('  提交处方 → 提交前医保审核 dialog');
    await shot(page, outDir, 'outpatient-3-review', report);
  }
}

export async function runScenario(pages: Page[], outDir: string): Promise<string[]> {
  const report: string[] = [];
  for (const page of pages) {
    const name = path.basename(new URL(page.url()).pathname, '.html');
    if (name === 'outpatient') {
      await outpatient(page, outDir, report).catch((e: unknown) => report.push(`  outpatient walk-through stopped: ${String(e)}`));
      continue;
    }
    await page.waitForTimeout(1500);
    report.push(`${name}: badge「${await badgeText(page)}」`);
    await shot(page, outDir, name, report);
  }
  return report;
}
