import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, repoRoot } from './fixtures';

const shots = path.join(repoRoot, 'artifacts', 'e2e');
mkdirSync(shots, { recursive: true });

const SEX_RULE = 'nhsa-r67-sex-阿帕他胺片';

test('the 医保办 searches a rule, edits it, runs 试算, publishes a version and sees the diff', async ({ context, extensionId, serviceWorker }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);

  // First opening copies the built-in pack (about 2,600 rules) into the working set.
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });

  // Search by pinyin initials: 阿帕他胺片 → aptap.
  const searchStarted = Date.now();
  await page.locator('#rule-search').fill('aptap');
  const row = page.locator(`tr[data-rule-id="${SEX_RULE}"]`);
  await expect(row).toBeVisible();
  const searchMs = Date.now() - searchStarted;
  await expect(page.locator('tbody tr.op-row')).toHaveCount(2); // the 两库 sex rule and the catalogue indication rule
  await expect(row).toContainText('限性别');

  // Edit its severity.
  await row.locator('.op-rule-name').click();
  const editor = page.locator(`.op-editor[data-rule-id="${SEX_RULE}"]`);
  await expect(editor).toBeVisible();
  // The import made it 严重 (a 限男性 drug for a woman is not paid, whatever she has); this 医保办
  // first wants it as a 警告 while the doctors get used to it.
  await editor.locator('#rule-severity').selectOption('warning');
  await editor.getByRole('button', { name: '保存规则' }).click();
  await expect(editor.locator('.op-notice')).toContainText('已保存');
  await expect(row).toContainText('需确认');
  await page.screenshot({ path: path.join(shots, 'options-rules.png'), fullPage: false });

  // 试算 with a saved example: the edited severity shows at once, unpublished.
  await page.locator('#tab-trial').click();
  await page.locator('#trial-example').selectOption('golden-sex-apalutamide-woman');
  await page.locator('#trial-run').click();
  const finding = page.locator(`.op-findings tr[data-rule-id="${SEX_RULE}"]`);
  await expect(finding).toContainText('需确认');
  await expect(finding).toContainText('限男性');
  await expect(page.locator('.op-timing')).toContainText('审核');
  await page.screenshot({ path: path.join(shots, 'options-trial.png'), fullPage: true });

  // The finding's rule opens in the editor.
  await finding.getByRole('button').click();
  await expect(page.locator(`.op-editor[data-rule-id="${SEX_RULE}"]`)).toBeVisible();

  // Publish the next version with a changelog, then see what changed against the baseline.
  await page.locator('#tab-versions').click();
  await expect(page.locator('.op-versions')).toContainText('修改 1');
  await expect(page.locator('#publish-version')).toHaveValue('2026.11.2');
  // The changelog offered is the diff against the latest version; without one there is no publishing.
  await expect(page.locator('#publish-changelog')).toHaveValue('新增 0 条，删除 0 条，修改 1 条\n修改：阿帕他胺片（限性别）：级别');
  await page.locator('#publish-changelog').fill('');
  await page.locator('#publish-button').click();
  await expect(page.locator('.op-publish')).toContainText('请填写更新说明');
  await page.locator('#publish-changelog').fill('阿帕他胺片 限性别 试行期间降为注意');
  await page.locator('#publish-button').click();
  await expect(page.locator('.op-notice')).toContainText('已发布 2026.11.2');
  await expect(page.locator('tr[data-version="2026.11.2"]')).toBeVisible();
  const diff = page.locator('.op-diff').last();
  await expect(diff).toContainText('2026.11.1 → 2026.11.2');
  await expect(diff).toContainText('新增 0 条，删除 0 条，修改 1 条');
  const changed = diff.locator(`li[data-rule-id="${SEX_RULE}"]`);
  await expect(changed.locator('[data-path="severity"]')).toContainText('warning');
  await expect(changed.locator('[data-path="severity"]')).toContainText('critical');
  await page.screenshot({ path: path.join(shots, 'options-versions.png'), fullPage: true });

  // Use the published version in this browser: the engine reports it.
  await page.locator('tr[data-version="2026.11.2"]').getByRole('button', { name: '在本浏览器启用' }).click();
  await expect(page.locator('.op-notice')).toContainText('已启用 2026.11.2');
  const sw = await serviceWorker();
  const status = await sw.evaluate(() => globalThis.preflightEngine!.status());
  expect(status.packVersion).toBe('2026.11.2');

  test.info().annotations.push({ type: 'search', description: `pinyin search shown in ${searchMs} ms (including the 200 ms typing pause)` });
});

const SHARED = path.resolve(repoRoot, '..', 'shared');
/** As an upload: Playwright cannot mix file paths with in-memory files in one pick. */
const batchFile = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(path.join(SHARED, 'data', 'nhsa-two-libs', name)) });

test('the 医保办 imports a batch file: a bad file changes nothing, a good one is reported and merged', async ({ context, extensionId }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });
  const before = await page.locator('.op-count').textContent();

  await page.locator('#tab-import').click();
  await page.locator('#import-files').setInputFiles([
    batchFile('【第十批】超互联网医院药品支付范围.csv'),
    { name: '科室排班.csv', mimeType: 'text/csv', buffer: Buffer.from('日期,医生\n2026-11-25,张三\n') },
  ]);
  await page.locator('#import-start').click();
  await expect(page.locator('.op-import [role="alert"]')).toContainText('工作规则集未做任何更改');
  await expect(page.locator('.op-import [role="alert"]')).toContainText('科室排班.csv');

  await page.locator('#import-files').setInputFiles([batchFile('【第十批】超互联网医院药品支付范围.csv'), batchFile('【第八批-3】项目规则库（限定疗程）.xlsx')]);
  await page.locator('#import-start').click();
  const report = page.locator('.op-import-report');
  await expect(report.locator('tr[data-file="【第十批】超互联网医院药品支付范围.csv"]')).toContainText('22');
  // The built-in pack came from the same files: merging finds them all identical.
  await expect(report.locator('#import-plan-summary')).toContainText('新增 0 条，随新发布更新 0 条，保留本院修改 0 条，冲突待定 0 条');
  await page.screenshot({ path: path.join(shots, 'options-import.png'), fullPage: true });
  await page.locator('#import-merge').click();
  await expect(report.locator('.op-notice')).toContainText('已合并：新增 0 条，随新发布更新 0 条');

  await page.locator('#tab-rules').click();
  await expect(page.locator('.op-count')).toHaveText(before!);
});
