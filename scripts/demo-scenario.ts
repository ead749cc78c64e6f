import path from 'node:path';
import type { Page } from '@playwright/test';

/** The headless walk-through: what a doctor would see on each demo page, saved as screenshots. */
export async function runScenario(pages: Page[], outDir: string): Promise<string[]> {
  const report: string[] = [];
  for (const page of pages) {
    await page.waitForTimeout(1500);
    const name = path.basename(new URL(page.url()).pathname, '.html');
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    report.push(`${name}: screenshot ${path.relative(process.cwd(), file)}`);
  }
  return report;
}
