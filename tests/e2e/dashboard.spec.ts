import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDashboardBuilt } from '../../hub/dashboard/build';
import { CHROMIUM_PATH } from '../../scripts/launch-extension';
import { startSeededHub, type SeededHub } from './dashboard-hub';
import { repoRoot } from './fixtures';

/**
 * The review dashboard in plain Chromium against a real hub (in-process, PGlite in a temporary
 * folder, a few hundred seeded events about real rules): 质控 filters, drills down, records a
 * verdict and a 规则有误 report, exports CSV; the 医保办 then finds the rule highlighted with
 * that report. Screenshots of each view go to artifacts/e2e/dashboard-*.png.
 */

const SHOTS = path.join(repoRoot, 'artifacts/e2e');
const REPORT = '该药品适应症已于2026年调整，规则仍按旧目录提示';

let hub: SeededHub;
let browser: Browser;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // Building is needed only on a fresh checkout or after the dashboard's sources changed.
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  await ensureDashboardBuilt();
  [hub, browser] = await Promise.all([startSeededHub(), chromium.launch({ executablePath: CHROMIUM_PATH })]);
});

test.afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** A fresh tab (its own sessionStorage) that fails the test on any script error or CSP violation. */
async function openDashboard(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused token answers 401 on purpose; the browser logs that as a failed resource.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${hub.base}/`);
  return { context, page, problems };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`), fullPage: true });

test('质控 filters, drills down, records a verdict and a 规则有误 report, and exports CSV', async () => {
  const { context, page, problems } = await openDashboard();
  const rule = hub.falsePositiveRule;

  await expect(page.getByRole('heading', { name: '登录医保审核看板' })).toBeVisible();
  await shot(page, 'login');
  // A token the hub does not know is refused plainly, and nothing is kept.
  await signIn(page, `pfh_0000000000000000_${'A'.repeat(43)}`);
  await expect(page.getByRole('alert')).toContainText('令牌无效或已吊销（401）');
  await signIn(page, hub.tokens.quality);
  await expect(page.locator('.db-role')).toHaveText('质控');
  await expect(page.locator('.db-who')).toContainText('质控科 王医生');

  // 质控 lands on the event list, newest first, 100 per page; no rules tab for this role.
  await expect(page.getByRole('link', { name: '事件复核' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: '规则与报告' })).toHaveCount(0);
  await expect(page.locator('tr.rv-row')).toHaveCount(100);
  await shot(page, 'events');

  // A slow statistic shows a spinner with the seconds, and 取消 stops it. The summary is held
  // back until cancelled, so the test never races the query.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/stats/summary**', async (route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  await page.getByRole('link', { name: '概览' }).click();
  const progress = page.locator('.rv-overview > .rv-progress');
  await expect(progress).toContainText(/查询中… [1-9]\d*\.\d 秒/);
  await shot(page, 'progress');
  await progress.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText('查询已取消')).toBeVisible();
  release();
  await page.unroute('**/api/v1/stats/summary**');
  await page.getByRole('button', { name: '重新查询' }).click();
  const total = page.locator('.rv-figure', { hasText: '事件总数' }).locator('dd');
  await expect(total).toHaveText(String(hub.eventCount));
  await expect(page.locator('.rv-trend svg polyline')).toHaveCount(2);
  // The rule doctors override most is drawn in the warning colour in the override chart.
  await expect(page.locator('.rv-bar-high', { hasText: hub.overriddenRule.id.slice(0, 12) })).toHaveCount(1);
  await shot(page, 'overview');

  // Filter: one rule, decisions where the doctor continued — kept in the link.
  await page.getByRole('link', { name: '事件复核' }).click();
  await page.getByLabel('规则', { exact: true }).fill(rule.id);
  await page.getByLabel('规则', { exact: true }).press('Enter');
  await page.locator('select[name=decision]').selectOption('continued');
  await expect(page).toHaveURL(/decision=continued/);
  expect(new URL(page.url()).searchParams.get('ruleId')).toBe(rule.id);
  const rows = page.locator('tr.rv-row');
  await expect(rows.first()).toContainText(rule.id);
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText('继续提交');

  // Drill down: every field, the history, and the forms.
  const first = rows.first();
  const eventId = (await first.getAttribute('data-event-id'))!;
  await first.click();
  const detail = page.locator('aside.rv-detail');
  await expect(detail.getByRole('heading', { name: '事件详情' })).toBeVisible();
  await expect(detail.locator('.rv-facts')).toContainText(rule.code);
  await expect(detail.locator('.rv-fields')).toContainText('decision.findingRef.ruleId');
  await expect(detail.locator('.rv-fields')).toContainText(eventId);
  await expect(page).toHaveURL(new RegExp(`event=${eventId}`));

  await detail.getByLabel('误报').check();
  await detail.getByLabel('意见（可选）').fill('外院已确诊，病历附检查报告');
  await detail.getByRole('button', { name: '保存结论' }).click();
  await expect(detail.getByText('已保存：误报')).toBeVisible();
  await expect(detail.locator('.rv-history-current')).toContainText('误报');
  await expect(detail.locator('.rv-history-current')).toContainText('质控科 王医生');
  await expect(detail.locator('.rv-history-current')).toContainText('外院已确诊，病历附检查报告');
  await expect(page.locator(`tr[data-event-id="${eventId}"]`)).toContainText('误报');

  await detail.getByLabel('说明').fill(REPORT);
  await detail.getByRole('button', { name: '报告规则有误' }).click();
  await expect(detail.getByText('已报告医保办')).toBeVisible();
  await shot(page, 'detail');

  // The link restores the same view after a reload (the token stays for this tab only).
  await page.reload();
  await expect(page.locator('aside.rv-detail .rv-history-current')).toContainText('误报');
  await expect(page.locator('select[name=decision]')).toHaveValue('continued');

  // CSV of the filtered list: BOM for Excel, Chinese headers, one line per event.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^医保审核事件-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toContain('"时间","事件类型","规则","规则类型"');
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((line) => line.includes(rule.id) && line.includes('"继续提交"'))).toBe(true);
  expect(csv).toContain('"外院已确诊，病历附检查报告"');
  await expect(page.getByText(`已导出 ${count} 条`)).toBeVisible();

  // A view this role may not use is refused plainly.
  await page.goto(`${hub.base}/?view=rules`);
  await expect(page.getByRole('alert')).toContainText('无权限（403）');
  await expect(page.getByRole('alert')).toContainText('质控');

  expect(problems).toEqual([]);
  await context.close();
});

test('医保办 sees rules with their rates, the high ones marked, with their 规则有误 reports', async () => {
  const { context, page, problems } = await openDashboard();
  await signIn(page, hub.tokens['insurance-office']);
  await expect(page.locator('.db-role')).toHaveText('医保办');
  await expect(page.getByRole('link', { name: '规则与报告' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.rv-thresholds')).toContainText('继续提交率 ≥ 50%');
  await expect(page.locator('.rv-thresholds')).toContainText('误报率 ≥ 30%');

  const falsePositive = page.locator(`tr[data-rule-id="${hub.falsePositiveRule.id}"]`);
  await expect(falsePositive).toHaveClass(/rv-row-high/);
  await expect(falsePositive).toContainText('误报率高');
  await expect(falsePositive).toContainText(REPORT);
  const overridden = page.locator(`tr[data-rule-id="${hub.overriddenRule.id}"]`);
  await expect(overridden).toHaveClass(/rv-row-high/);
  await expect(overridden).toContainText('继续提交率高');
  // Highlighted rules come first.
  const order = await page.locator('tr.rv-row').evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.getAttribute('data-rule-id')));
  expect(order.sort()).toEqual([hub.falsePositiveRule.id, hub.overriddenRule.id].sort());

  await falsePositive.click();
  const reports = page.locator('.rv-rule-reports');
  await expect(reports).toContainText(REPORT);
  await expect(reports).toContainText('质控科 王医生');
  await shot(page, 'rules');

  // From the rule to its events; 医保办 reads them but records no verdicts.
  await reports.getByRole('button', { name: '查看该规则的事件' }).click();
  await expect(page).toHaveURL(/view=events/);
  await page.locator('tr.rv-row').first().click();
  await expect(page.locator('aside.rv-detail .rv-facts')).toContainText(hub.falsePositiveRule.id);
  await expect(page.locator('.rv-verdict-form')).toHaveCount(0);
  await expect(page.locator('.rv-report-form')).toHaveCount(0);

  // English on request; data stays as recorded.
  await page.getByRole('link', { name: '规则与报告' }).click();
  await page.locator('.rv-filter-clear').click();
  await expect(page.locator('tr.rv-row.rv-row-high')).toHaveCount(2);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Rule override and false-positive rates' })).toBeVisible();
  await expect(page.locator(`tr[data-rule-id="${hub.falsePositiveRule.id}"]`)).toContainText('High false positives');
  await shot(page, 'rules-en');

  expect(problems).toEqual([]);
  await context.close();
});
