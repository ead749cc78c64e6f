import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openXlsx } from '../../rules/import/xlsx';
import { CHROMIUM_PATH, CHROMIUM_ZH_ENV } from '../../scripts/launch-extension';
import { goldenPrescriptions } from '../hub/support/prescriptions';
import { MonthlyReportSchema, type ReportRow } from '../../contract/review/monthly-report';
import { DIRECTORY, startSeededHub, type SeededHub } from './dashboard-hub';
import { latinOnPage, openTab, SHOTS, shot, signIn } from './dashboard-page';

/**
 * Appeals in Chromium at 1366×768 against a seeded hub (issue #11, item 5): the 质控 opens a
 * prescription with its lines, messages, diagnoses and names and records 确认违规 on two findings;
 * makes the doctor's appeal link; the doctor opens it, sees only their own open findings with the
 * order, and appeals one; the 科室 lead appeals the other from their own account; the 质控 decides
 * 维持 and 撤销; the prescription's history shows every step. Screenshots of each new view.
 */

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

/** 王建国's row of the report over the seeded days, as the hub answers it. */
let before: ReportRow;
async function doctorRow(): Promise<ReportRow> {
  const response = await fetch(`${hub.base}/api/v1/reports/monthly?from=${hub.days.first}&to=${hub.days.last}`, { headers: { Authorization: `Bearer ${hub.tokens.quality}` } });
  return MonthlyReportSchema.parse(await response.json()).doctors.find((r) => r.key === DIRECTORY[0]!.id)!;
}

const APPEAL_TEXT = '患者外院已确诊，检查报告见病历第3页';
const LEAD_TEXT = '科室复核：符合说明书用法，请复议';

async function recordViolation(page: Page, index: number, comment: string): Promise<void> {
  const card = page.locator('aside.rv-order-detail article.rv-finding').nth(index);
  await card.getByLabel('确认违规').check();
  await card.getByLabel('意见（可选）').fill(comment);
  await card.getByRole('button', { name: '保存结论' }).click();
  await expect(card.getByText('已保存：确认违规')).toBeVisible();
  await expect(card.locator('.rv-history-current')).toContainText('可申诉');
  await expect(card.locator('.rv-history-current .rv-appeal-window')).toContainText(/申诉期至 \d{4}-\d{2}-\d{2} 23:59:59/);
}

test('质控 judges 确认违规, the doctor appeals by link, the 科室 lead appeals from the dashboard, the 质控 decides', async () => {
  test.setTimeout(180_000);
  const newest = hub.prescriptions[0]!;
  const golden = goldenPrescriptions().find((p) => p.title === newest.title)!;
  expect(golden.findings.length).toBeGreaterThanOrEqual(2);
  const doctor = DIRECTORY[0]!;

  // 质控: the prescription with lines, diagnoses, messages and names; 确认违规 on two findings.
  const qc = await openTab(browser, `${hub.base}/`);
  await signIn(qc.page, hub.tokens.quality);
  await qc.page.locator(`tr.rv-row[data-order-id="${newest.orderId}"]`).click();
  const detail = qc.page.locator('aside.rv-order-detail');
  await expect(detail.locator('.rv-lines tbody tr')).toHaveCount(golden.order.lines.length);
  await expect(detail.locator('.rv-facts')).toContainText(doctor.name);
  await expect(detail.locator('article.rv-finding').first().locator('.rv-finding-message')).toHaveText(golden.findings[0]!.message);
  await recordViolation(qc.page, 0, '无外院诊断记录');
  await recordViolation(qc.page, 1, '超说明书用药');

  // 申诉: the doctor is listed with two open findings; the 质控 makes the link.
  await qc.page.getByRole('link', { name: '申诉' }).click();
  await expect(qc.page.locator('.ap-pending')).toContainText('没有待裁决的申诉');
  const row = qc.page.locator(`.ap-doctors tr[data-prescriber-id="${doctor.id}"]`);
  await expect(row).toContainText(doctor.name);
  await expect(row).toContainText('2 条');
  await row.getByRole('button', { name: '生成申诉链接' }).click();
  const linkField = row.locator('input.ap-link');
  await expect(linkField).toHaveValue(/\/appeal\.html#pfa_[0-9a-f]{16}_/);
  const link = await linkField.inputValue();
  expect(await latinOnPage(qc.page)).toEqual([]);
  await shot(qc.page, 'appeal-links');

  // The doctor: only their own open findings, with the order; the token leaves the address bar.
  const dr = await openTab(browser, link);
  await expect(dr.page.getByRole('heading', { name: '违规结论申诉' })).toBeVisible();
  await expect(dr.page).toHaveURL(`${hub.base}/appeal.html`);
  await expect(dr.page.locator('.ap-scope')).toContainText(`医生：${doctor.name}`);
  const cards = dr.page.locator('article.ap-finding');
  await expect(cards).toHaveCount(2);
  const first = cards.filter({ hasText: '无外院诊断记录' });
  await expect(first.locator('.rv-finding-message')).toHaveText(golden.findings[0]!.message);
  await expect(first.locator('.rv-lines tbody tr')).toHaveCount(golden.order.lines.length);
  for (const d of golden.order.encounter.diagnoses) await expect(first.locator('.rv-diagnoses')).toContainText(d.code);
  await expect(first).toContainText(`医嘱编号 ${newest.orderId}`);
  await expect(first.locator('.ap-deadline')).toContainText('申诉截止');
  expect(await latinOnPage(dr.page)).toEqual([]);
  await shot(dr.page, 'appeal-page');
  await first.getByLabel('申诉理由').fill(APPEAL_TEXT);
  await first.getByRole('button', { name: '提交申诉' }).click();
  await expect(first.locator('.rv-state')).toHaveText('已申诉，待质控裁决');
  await expect(first.locator('.rv-appeal')).toContainText(APPEAL_TEXT);
  await expect(first.locator('.rv-appeal')).toContainText(`${doctor.name}（本人，经申诉链接）`);
  // A reload keeps the link for this tab.
  await dr.page.reload();
  await expect(cards).toHaveCount(2);
  await first.scrollIntoViewIfNeeded();
  await shot(dr.page, 'appeal-page-sent');
  expect(dr.problems).toEqual([]);
  await dr.context.close();

  // The 科室 lead (心血管内科): only the 申诉 tab, the department's doctors; appeals the other one.
  const lead = await openTab(browser, `${hub.base}/`);
  await signIn(lead.page, hub.tokens['department-lead']);
  await expect(lead.page.locator('.db-role')).toHaveText('科室主任');
  await expect(lead.page.locator('nav.db-tabs a')).toHaveText(['申诉']);
  await expect(lead.page.locator('.ap-scope h2')).toContainText('心血管内科');
  const leadCard = lead.page.locator('article.ap-finding', { hasText: '超说明书用药' });
  await expect(leadCard).toContainText(`开方医生：${doctor.name}`);
  await leadCard.getByLabel('申诉理由').fill(LEAD_TEXT);
  await leadCard.getByRole('button', { name: '提交申诉' }).click();
  await expect(leadCard.locator('.rv-appeal')).toContainText('心内科 王主任');
  expect(await latinOnPage(lead.page)).toEqual([]);
  await lead.page.evaluate(() => window.scrollTo(0, 0));
  await shot(lead.page, 'appeal-lead');
  expect(lead.problems).toEqual([]);
  await lead.context.close();

  // The report before the decisions: both 确认违规 are under appeal, not counted as confirmed.
  before = await doctorRow();
  expect(before.pending).toBeGreaterThanOrEqual(2);

  // The 质控 decides: 维持 the first, 撤销 the second (→ 合理使用), each with a reason.
  await qc.page.reload();
  const pending = qc.page.locator('.ap-pending .ap-item');
  await expect(pending).toHaveCount(2);
  const byDoctor = pending.filter({ hasText: APPEAL_TEXT });
  await byDoctor.getByLabel('维持（确认违规）').check();
  await byDoctor.getByLabel('裁决理由').fill('病历中无外院诊断记录，维持原结论');
  expect(await latinOnPage(qc.page)).toEqual([]);
  await shot(qc.page, 'appeal-decision');
  await byDoctor.getByRole('button', { name: '保存裁决' }).click();
  await expect(pending).toHaveCount(1);
  const byLead = pending.filter({ hasText: LEAD_TEXT });
  await byLead.getByLabel('撤销', { exact: true }).check();
  await byLead.locator('select[name=revised]').selectOption('合理使用');
  await byLead.getByLabel('裁决理由').fill('说明书有此用法，撤销');
  await byLead.getByRole('button', { name: '保存裁决' }).click();
  await expect(qc.page.locator('.ap-pending')).toContainText('没有待裁决的申诉');
  await expect(qc.page.locator('.ap-decided .ap-item')).toHaveCount(2);
  await expect(qc.page.locator('.ap-decided')).toContainText('维持原结论');
  await expect(qc.page.locator('.ap-decided')).toContainText('撤销违规结论');

  // The prescription's history: verdict, window, appeal (who, when, what), decision (who, why).
  await qc.page.locator('.ap-decided .ap-item', { hasText: APPEAL_TEXT }).getByRole('button', { name: /查看处方/ }).click();
  await expect(qc.page).toHaveURL(/view=orders.*order=/);
  const kept = qc.page.locator('aside.rv-order-detail article.rv-finding').nth(0);
  await expect(kept.locator('.rv-history-current')).toContainText('结论已生效');
  await expect(kept.locator('.rv-appeal')).toContainText(APPEAL_TEXT);
  await expect(kept.locator('.rv-appeal-decision')).toContainText('质控科 王医生');
  await expect(kept.locator('.rv-appeal-decision')).toContainText('维持原结论');
  const revoked = qc.page.locator('aside.rv-order-detail article.rv-finding').nth(1);
  await expect(revoked.locator('.rv-history-current')).toContainText('合理使用');
  await expect(revoked.locator('.rv-history-list li').nth(1).locator('.rv-appeal-decision')).toContainText('改判为：合理使用');
  await kept.scrollIntoViewIfNeeded();
  expect(await latinOnPage(qc.page)).toEqual([]);
  await shot(qc.page, 'appeal-history');
  expect(qc.problems).toEqual([]);
  await qc.context.close();
});

test('the monthly report counts only the final verdict; its Excel and PDF numbers equal the dashboard’s', async () => {
  test.setTimeout(120_000);
  const doctor = DIRECTORY[0]!;
  const { context, page, problems } = await openTab(browser, `${hub.base}/`);
  await signIn(page, hub.tokens['insurance-office']);
  await page.getByRole('link', { name: '月度报表' }).click();
  await expect(page.getByRole('button', { name: '本月' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.db-report-sheet h2')).toHaveText('医保事前审核月度报表');
  // 自定义: the seeded days (they may straddle two months).
  await page.getByRole('button', { name: '自定义' }).click();
  await page.getByLabel('开始日期').fill(hub.days.first);
  await page.getByLabel('结束日期').fill(hub.days.last);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.db-report-sheet > p.rv-sub')).toContainText(`${hub.days.first} 至 ${hub.days.last}`);

  const row = page.locator('.db-report-doctor tbody tr', { hasText: doctor.id });
  const cells = async (locator: typeof row) => (await locator.locator('td').allInnerTexts()).map((t) => t.trim());
  const screen = await cells(row);
  expect(screen.slice(0, 3)).toEqual([doctor.name, doctor.id, doctor.department]);
  // 维持 made one 确认违规 final; 撤销 took the other out; neither is under appeal any more.
  const figure = (name: string) => Number(screen[3 + ['orders', 'alerts', 'fixed', 'continued', 'confirmed', 'pending'].indexOf(name)]);
  expect(figure('confirmed')).toBe(before.confirmed + 1);
  expect(figure('pending')).toBe(before.pending - 2);
  const totals = await cells(page.locator('.db-report-doctor tbody tr.db-report-total'));
  const deptTotals = await cells(page.locator('.db-report-department tbody tr.db-report-total'));
  expect(totals.slice(3)).toEqual(deptTotals.slice(1));
  expect(await latinOnPage(page)).toEqual([]);
  await shot(page, 'report');

  // Excel: the same numbers in the 按医生 sheet, amounts as numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toBe(`月度报表-${hub.days.first}-${hub.days.last}.xlsx`);
  const book = openXlsx(readFileSync((await download.path())!));
  expect(book.sheetNames).toEqual(['按科室', '按医生', '口径说明']);
  const sheetRow = book.sheet('按医生').rows.find((r) => r.cells.some((c) => String(c ?? '') === doctor.id))!;
  const asText = (cells: readonly unknown[]) => cells.map((c) => (typeof c === 'number' ? c : Number.isNaN(Number(c)) ? String(c ?? '') : Number(c)));
  expect(asText(sheetRow.cells.slice(0, 12))).toEqual(asText(screen.slice(0, 12)));

  // The print view (A4 landscape) and its PDF: the row's numbers read back with pdftotext.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.db-tabs')).toBeHidden();
  await shot(page, 'report-print');
  const pdfPath = path.join(SHOTS, 'dashboard-report.pdf');
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const numbers = (line: string) => line.split(/\s+/).filter((t) => /^\d+(\.\d{2})?$/.test(t));
  const pdfLine = text.split('\n').find((l) => l.includes(doctor.id) && l.includes(doctor.name))!;
  expect(pdfLine).toBeDefined();
  expect(numbers(pdfLine).slice(0, 9)).toEqual(screen.slice(3, 12));
  expect(text).toContain('医保事前审核月度报表');
  expect(problems).toEqual([]);
  await context.close();
});
