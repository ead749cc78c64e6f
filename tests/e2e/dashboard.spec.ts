import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_PATH, CHROMIUM_ZH_ENV } from '../../scripts/launch-extension';
import { goldenPrescriptions } from '../hub/support/prescriptions';
import { latinOnPage } from './dashboard-page';
import { DIRECTORY, startSeededHub, type SeededHub } from './dashboard-hub';
import { repoRoot } from './fixtures';

/**
 * The review dashboard in plain Chromium at 1366×768 against a real hub (in-process, PGlite in a
 * temporary folder, the demo pack published, the doctor directory imported, a few hundred seeded
 * events and a dozen golden prescriptions checked by the real engine): 质控 opens a prescription —
 * lines, diagnoses, messages, 依据, rule and doctor names — and records a verdict on a finding;
 * a submission check offers none; the 医保办 sees rules by name and keeps the doctor directory.
 * Screenshots of each view go to artifacts/e2e/dashboard-*.png.
 */

const SHOTS = path.join(repoRoot, 'artifacts/e2e');
const REPORT = '该药品适应症已于2026年调整，规则仍按旧目录提示';

let hub: SeededHub;
let browser: Browser;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  [hub, browser] = await Promise.all([startSeededHub(), chromium.launch({ executablePath: CHROMIUM_PATH, env: CHROMIUM_ZH_ENV })]);
});

test.afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** A fresh tab (its own sessionStorage) that fails the test on any script error or CSP violation. */
async function openDashboard(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused token answers 401 on purpose, a refused directory file 422; the browser logs those as failed resources.
    if (message.type() === 'error' && !/status of 4(01|22)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${hub.base}/`);
  return { context, page, problems };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

/** What the 质控 sees at 1366×768, without scrolling. */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`) });

test('质控 opens a prescription with its lines, diagnoses, messages and names, and records a verdict on a finding', async () => {
  const { context, page, problems } = await openDashboard();
  await expect(page.getByRole('heading', { name: '登录医保审核看板' })).toBeVisible();
  await shot(page, 'login');
  // A token the hub does not know is refused plainly, and nothing is kept.
  await signIn(page, `pfh_0000000000000000_${'A'.repeat(43)}`);
  await expect(page.getByRole('alert')).toContainText('令牌无效或已吊销（401）');
  await signIn(page, hub.tokens.quality);
  await expect(page.locator('.db-role')).toHaveText('质控');

  // 质控 lands on the prescriptions, newest first, 50 per page; no rules or directory tab for this role.
  await expect(page.getByRole('link', { name: '处方复核' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: '规则与报告' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '医生目录' })).toHaveCount(0);
  const rows = page.locator('tr.rv-row');
  await expect(rows).toHaveCount(50);
  const newest = hub.prescriptions[0]!;
  const golden = goldenPrescriptions().find((p) => p.title === newest.title)!;
  const row = page.locator(`tr.rv-row[data-order-id="${newest.orderId}"]`);
  await expect(rows.first()).toHaveAttribute('data-order-id', newest.orderId);
  // Doctors by name, ids only beside them: "Practitioner/pr-3307" is 张伟.
  await expect(row.locator('.rv-name').first()).toHaveText(DIRECTORY[0]!.name);
  const zhang = page.locator('tr.rv-row', { hasText: '张伟' }).first();
  await expect(zhang.locator('.rv-id').first()).toHaveText('Practitioner/pr-3307');
  await expect(row).toContainText('继续提交');
  await expect(row).toContainText(`待复核 ${golden.findings.length}`);
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'orders');

  // The prescription: its lines as written, the diagnoses, each finding with message, 依据, rule name.
  await row.click();
  await expect(page).toHaveURL(/view=orders.*order=/);
  const detail = page.locator('aside.rv-order-detail');
  await expect(detail.getByRole('heading', { name: `处方详情 ${newest.orderId}` })).toBeVisible();
  await expect(detail.locator('.rv-lines tbody tr')).toHaveCount(golden.order.lines.length);
  for (const line of golden.order.lines) await expect(detail.locator(`.rv-lines tr[data-line-id="${line.id}"]`)).toContainText(line.name);
  for (const d of golden.order.encounter.diagnoses) await expect(detail.locator('.rv-diagnoses')).toContainText(`${d.code} ${d.name ?? ''}`.trim());
  const cards = detail.locator('article.rv-finding');
  await expect(cards).toHaveCount(golden.findings.length);
  for (const [i, finding] of golden.findings.entries()) {
    const card = cards.nth(i);
    await expect(card.locator('.rv-finding-message')).toHaveText(finding.message);
    if (finding.basis) await expect(card.locator('.rv-finding-basis')).toContainText(finding.basis);
    await expect(card.locator('.rv-finding-head .rv-id')).toHaveText(finding.ruleId);
    // Named from the published pack: the name is not the id.
    await expect(card.locator('.rv-finding-head .rv-name')).not.toHaveText(finding.ruleId);
    await expect(card.locator('.rv-finding-decision')).toContainText('继续提交');
    await expect(card.locator('.rv-finding-reason')).toContainText('临床必需且已告知患者');
  }
  await expect(detail.locator('.rv-facts')).toContainText(DIRECTORY[0]!.name);
  await expect(detail.locator('.rv-steps')).toContainText('医生选择继续提交');
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'order-detail');

  // A verdict on the second finding: recorded on it, shown with its history, counted in the row.
  const judged = cards.nth(1);
  await judged.getByLabel('误报').check();
  await judged.getByLabel('意见（可选）').fill('外院已确诊，病历附检查报告');
  await judged.getByRole('button', { name: '保存结论' }).click();
  await expect(judged.getByText('已保存：误报')).toBeVisible();
  await expect(judged.locator('.rv-history-current')).toContainText('误报');
  await expect(judged.locator('.rv-history-current')).toContainText('质控科 王医生');
  await expect(judged.locator('.rv-history-current')).toContainText('外院已确诊，病历附检查报告');
  await expect(row).toContainText(`待复核 ${golden.findings.length - 1}`);
  await judged.scrollIntoViewIfNeeded();
  await shot(page, 'order-verdict');

  // The link restores the same prescription after a reload (the token stays for this tab only).
  await page.reload();
  await expect(page.locator('aside.rv-order-detail article.rv-finding').nth(1).locator('.rv-history-current')).toContainText('误报');

  // Unjudged prescriptions only: this one stays (one finding judged of several).
  await page.locator('select[name=verdict]').selectOption('none');
  await expect(page.locator(`tr.rv-row[data-order-id="${newest.orderId}"]`)).toBeVisible();

  // The prescriptions as a spreadsheet: one row per finding, names before ids.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^处方复核-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toContain('"医嘱编号","科室","医生","医生编号"');
  expect(lines[0]).toContain('"规则名称","规则编号"');
  const ours = lines.filter((line) => line.includes(`"${newest.orderId}"`));
  expect(ours).toHaveLength(golden.findings.length);
  expect(ours.every((line) => line.includes(`"${DIRECTORY[0]!.name}"`) && line.includes('"继续提交"'))).toBe(true);
  expect(ours.some((line) => line.includes('"误报"') && line.includes(golden.findings[1]!.message))).toBe(true);
  expect(await latinOnPage(page)).toEqual([]);

  // A submission check is not a finding: it has no verdict form, and its outcome is in Chinese.
  await page.getByRole('link', { name: '全部事件' }).click();
  await page.locator('select[name=type]').selectOption('submit-check');
  await page.locator('tr.rv-row').first().click();
  const event = page.locator('aside.rv-detail');
  await expect(event.locator('.rv-facts')).toContainText('提交检查');
  await expect(event.locator('.rv-facts')).toContainText(/有提示，弹出提交前审核|无待复核提示，直接提交/);
  await expect(event.locator('.rv-verdict-form')).toHaveCount(0);
  await expect(event.locator('.rv-history')).toHaveCount(0);
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'submit-check');
  // From the record to its whole prescription.
  await event.getByRole('button', { name: '查看整张处方' }).click();
  await expect(page).toHaveURL(/view=orders/);
  await expect(page.locator('aside.rv-order-detail .rv-steps')).toContainText('提交检查');
  await page.getByRole('link', { name: '全部事件' }).click();

  // A finding's own record still takes a verdict and a 规则有误 report from the event list.
  // (Opening the prescription left the filters behind.)
  const rule = hub.falsePositiveRule;
  await expect(page.locator('.rv-filter-clear')).toBeDisabled();
  await page.getByLabel('规则', { exact: true }).fill(rule.id);
  await page.getByLabel('规则', { exact: true }).press('Enter');
  await page.locator('select[name=decision]').selectOption('continued');
  await expect(page).toHaveURL(/decision=continued/);
  // The filter keeps the id; the rule's name shows under it.
  await expect(page.locator('.rv-filter-name')).toContainText(rule.name);
  const eventRows = page.locator('tr.rv-row');
  await expect(eventRows.first().locator('.rv-rule .rv-id')).toHaveText(rule.id);
  const count = await eventRows.count();
  for (let i = 0; i < count; i++) await expect(eventRows.nth(i)).toContainText('继续提交');
  await eventRows.first().click();
  await event.getByLabel('合理使用').check();
  await event.getByRole('button', { name: '保存结论' }).click();
  await expect(event.getByText('已保存：合理使用')).toBeVisible();
  await event.getByLabel('说明').fill(REPORT);
  await event.getByRole('button', { name: '报告规则有误' }).click();
  await expect(event.getByText('已报告医保办')).toBeVisible();

  const [events] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  const eventCsv = readFileSync((await events.path())!, 'utf8').slice(1).trimEnd().split('\r\n');
  expect(eventCsv[0]).toContain('"时间","事件类型","规则名称","规则编号","规则类型"');
  expect(eventCsv).toHaveLength(count + 1);
  expect(eventCsv.slice(1).every((line) => line.includes(`"${rule.id}"`) && line.includes(rule.name) && line.includes('"继续提交"'))).toBe(true);

  // A view this role may not use is refused plainly.
  await page.goto(`${hub.base}/?view=rules`);
  await expect(page.getByRole('alert')).toContainText('无权限（403）');
  await expect(page.getByRole('alert')).toContainText('质控');

  expect(problems).toEqual([]);
  await context.close();
});

test('the overview names rules, doctors and workstations, and a slow statistic can be cancelled', async () => {
  const { context, page, problems } = await openDashboard();
  await signIn(page, hub.tokens.quality);
  await expect(page.locator('.db-role')).toHaveText('质控');
  // A slow statistic shows a spinner with the seconds, and 取消 stops it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/stats/summary**', async (route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  await page.getByRole('link', { name: '概览' }).click();
  const progress = page.locator('.rv-overview > .rv-progress');
  await expect(progress).toContainText(/查询中… [1-9]\d*\.\d 秒/);
  await progress.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText('查询已取消')).toBeVisible();
  release();
  await page.unroute('**/api/v1/stats/summary**');
  await page.getByRole('button', { name: '重新查询' }).click();
  await expect(page.locator('.rv-figure', { hasText: '事件总数' }).locator('dd')).toHaveText(String(hub.eventCount));
  await expect(page.locator('.rv-trend svg polyline')).toHaveCount(2);
  // Bars are labelled by name: the rule doctors override most, in the warning colour.
  await expect(page.locator('.rv-bar-high .rv-bar-label', { hasText: hub.overriddenRule.name.slice(0, 6) })).toHaveCount(1);
  const doctors = page.locator('.rv-card', { hasText: '继续提交率（继续提交 ÷ 医生处理）' });
  await doctors.getByRole('button', { name: '医生' }).click();
  await expect(doctors.locator('.rv-bar-label', { hasText: '张伟' })).toHaveCount(1);
  await doctors.getByRole('button', { name: '工作站' }).click();
  await expect(doctors.locator('.rv-bar-label', { hasText: '门诊3诊室' })).toHaveCount(1);
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'overview');
  expect(problems).toEqual([]);
  await context.close();
});

test('医保办 sees rules by name with their rates and reports, and keeps the doctor directory', async () => {
  const { context, page, problems } = await openDashboard();
  await signIn(page, hub.tokens['insurance-office']);
  await expect(page.locator('.db-role')).toHaveText('医保办');
  await expect(page.getByRole('link', { name: '规则与报告' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.rv-thresholds')).toContainText('继续提交率 ≥ 50%');

  const falsePositive = page.locator(`tr[data-rule-id="${hub.falsePositiveRule.id}"]`);
  await expect(falsePositive).toHaveClass(/rv-row-high/);
  await expect(falsePositive).toContainText('误报率高');
  await expect(falsePositive).toContainText(REPORT);
  await expect(falsePositive.locator('.rv-rule .rv-name')).toContainText(hub.falsePositiveRule.name);
  await expect(falsePositive.locator('.rv-rule .rv-id')).toHaveText(hub.falsePositiveRule.id);
  const overridden = page.locator(`tr[data-rule-id="${hub.overriddenRule.id}"]`);
  await expect(overridden).toHaveClass(/rv-row-high/);
  await expect(overridden).toContainText('继续提交率高');
  const order = await page.locator('tr.rv-row').evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.getAttribute('data-rule-id')));
  expect(order.sort()).toEqual([hub.falsePositiveRule.id, hub.overriddenRule.id].sort());

  await falsePositive.click();
  const reports = page.locator('.rv-rule-reports');
  await expect(reports).toContainText(REPORT);
  await expect(reports).toContainText('质控科 王医生');
  await expect(reports.locator('h3')).toContainText(hub.falsePositiveRule.name);
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'rules');

  // From the rule to its prescriptions; the 医保办 reads them but records no verdicts.
  await reports.getByRole('button', { name: '查看该规则的事件' }).click();
  await expect(page).toHaveURL(/view=orders/);
  await page.locator('tr.rv-row').first().click();
  await expect(page.locator('aside.rv-order-detail article.rv-finding').first()).toBeVisible();
  await expect(page.locator('aside.rv-order-detail')).toContainText(hub.falsePositiveRule.id);
  await expect(page.locator('.rv-verdict-form')).toHaveCount(0);
  await expect(page.locator('.rv-finding-report')).toHaveCount(0);

  // 医生目录: the template, a file with wrong rows (named, nothing stored), then a good one.
  await page.getByRole('link', { name: '医生目录' }).click();
  await expect(page.locator('.db-directory-list h2')).toContainText(`共 ${DIRECTORY.length} 人`);
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载模板（含一行示例）' }).click()]);
  expect(readFileSync((await template.path())!, 'utf8')).toBe('\uFEFF医生编号,姓名,科室\r\nD0012,张伟,心血管内科\r\n');
  const input = page.locator('input[name=directory]');
  await input.setInputFiles({ name: '医生.csv', mimeType: 'text/csv', buffer: Buffer.from('医生编号,姓名,科室\r\nD0200,周敏,急诊科\r\n,吴刚,急诊科\r\nD0200,郑洁,急诊科\r\n', 'utf8') });
  await page.getByRole('button', { name: '导入' }).click();
  const refused = page.locator('.db-directory-errors');
  await expect(refused).toContainText('文件中有 2 处错误，未导入任何一行');
  await expect(refused).toContainText('第 3 行，列“医生编号”：医生编号为空');
  await expect(refused).toContainText('第 4 行，列“医生编号”：医生编号 D0200 与第 2 行重复');
  await shot(page, 'directory-errors');
  // Corrected, and saved the way Excel on a Chinese Windows saves "CSV": GBK. Read as such.
  const gbk = Buffer.from('d2bdc9fab1e0bac52cd0d5c3fb2cbfc6cad20d0a44303230302cd6dcc3f42cbcb1d5efbfc60d0a', 'hex'); // 医生编号,姓名,科室 / D0200,周敏,急诊科
  await input.setInputFiles({ name: '医生.csv', mimeType: 'text/csv', buffer: gbk });
  await page.getByRole('button', { name: '导入' }).click();
  await expect(page.getByText('已导入 1 行：新增 1，更新 0，未变 0，删除 0。')).toBeVisible();
  await expect(page.locator('.db-directory-list h2')).toContainText(`共 ${DIRECTORY.length + 1} 人`);
  await expect(page.locator('.db-directory-list tbody')).toContainText('周敏');
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'directory');

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

test('信息科 rotates the signing key in 规则发布; the 医保办 sees both public keys but cannot rotate', async () => {
  const { context, page, problems } = await openDashboard();
  await page.goto(`${hub.base}/?view=publish`);
  await signIn(page, hub.tokens['insurance-office']);
  const keys = page.locator('section[aria-labelledby="keys-title"]');
  await expect(keys.locator('.db-key')).toContainText('当前密钥');
  await expect(keys.getByRole('button', { name: '轮换密钥…' })).toHaveCount(0);
  const current = await keys.locator('.db-key').getAttribute('data-key-id');
  await context.close();

  const admin = await openDashboard();
  await admin.page.goto(`${hub.base}/?view=publish`);
  await signIn(admin.page, hub.tokens.admin);
  const card = admin.page.locator('section[aria-labelledby="keys-title"]');
  await card.getByRole('button', { name: '轮换密钥…' }).click();
  const days = card.getByLabel('过渡期（天）');
  await expect(days).toHaveValue('14');
  // Out of range: said beside the field, nothing sent.
  await days.fill('400');
  await expect(card.getByText('过渡期应为 0 至 365 的整数天')).toBeVisible();
  await expect(card.getByRole('button', { name: '确认轮换' })).toBeDisabled();
  await days.fill('0');
  await expect(card.getByText(/新密钥立即签名/)).toBeVisible();
  await days.fill('7');
  await card.getByRole('button', { name: '确认轮换' }).click();
  await expect(card.getByRole('status')).toContainText('已生成新密钥');
  const next = card.locator('.db-key-next');
  await expect(next).toContainText('将于');
  // Both public keys to copy while the current one still signs; no second rotation meanwhile.
  const published = JSON.parse((await card.locator('#hub-public-key').textContent())!) as { keyId: string }[];
  expect(published.map((k) => k.keyId)[0]).toBe(current);
  expect(published).toHaveLength(2);
  await expect(next).toContainText(published[1]!.keyId);
  await expect(card.getByRole('button', { name: '轮换密钥…' })).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  expect(await latinOnPage(admin.page)).toEqual([]);
  await shot(admin.page, 'keys-rotated');
  expect([...problems, ...admin.problems]).toEqual([]);
  await admin.context.close();
});
