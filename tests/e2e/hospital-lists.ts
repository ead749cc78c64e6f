import type { BrowserContext, FrameLocator, Locator, Page } from '@playwright/test';
import type { DemoServer } from '../../scripts/serve-demo';
import { expect } from './fixtures';
import { openDemo, overlay, type DemoPage } from './preflight-page';

/**
 * Steps the hospital-list specs share: the inpatient screen with our overlay checked, and on the
 * options page the 导入 tab's templates, a list imported and merged, a built-in example run in 试算
 * — each as the 医保办 does it, by clicks.
 */

/** The inpatient demo (its order screen in an iframe) at 1366×768, once the overlay has checked it. */
export async function openInpatient(context: BrowserContext, demo: DemoServer): Promise<DemoPage & { frame: FrameLocator; ui: ReturnType<typeof overlay> }> {
  const opened = await openDemo(context, demo, 'inpatient.html');
  await opened.page.setViewportSize({ width: 1366, height: 768 });
  const frame = opened.page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await ui.firstCheck();
  return { ...opened, frame, ui };
}

/** The options page at its 导入 tab, once the working rule set has loaded. */
export async function openImportTab(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });
  await page.locator('#tab-import').click();
  return page;
}

/** Each template link (id, file name, header row) offers its file for download as CSV with that header. */
export async function expectTemplates(page: Page, templates: ReadonlyArray<readonly [id: string, file: string, header: string]>): Promise<void> {
  for (const [id, file, header] of templates) {
    const link = page.locator(id);
    await expect(link).toHaveAttribute('download', file);
    expect(decodeURIComponent((await link.getAttribute('href'))!.split(',').slice(1).join(','))).toContain(header);
  }
}

/** Chooses `rows` as a UTF-8 CSV (with the BOM Excel writes) named `file` and starts the import; the report. */
export async function importCsv(page: Page, file: string, rows: readonly string[]): Promise<{ report: Locator; fileRow: Locator }> {
  await page.locator('#import-files').setInputFiles([{ name: file, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${rows.join('\n')}\n`) }]);
  await page.locator('#import-start').click();
  const report = page.locator('.op-import-report');
  return { report, fileRow: report.locator(`tr[data-file="${file}"]`) };
}

/** Merges the import plan into the working rules and sees how many were added. */
export async function mergeImport(report: Locator, added: number): Promise<void> {
  await report.page().locator('#import-merge').click();
  await expect(report.locator('.op-notice')).toContainText(`已合并：新增 ${added} 条`);
}

/** 试算 of a built-in example order; the findings table of its result. */
export async function runTrialExample(page: Page, exampleId: string): Promise<Locator> {
  await page.locator('#tab-trial').click();
  await page.locator('#trial-example').selectOption(exampleId);
  await page.locator('#trial-run').click();
  return page.locator('.op-findings');
}
