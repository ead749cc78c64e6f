import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import type { DemoServer } from '../../scripts/serve-demo';
import { generateSigningKeys, serializeSignedPack, signPayload } from '../../rules/pack/signature';
import { LOCAL_DEPLOYMENT_KEY } from '../../settings/deployment-store';
import { PACK_CHECK_NOW_MESSAGE, type PackActionAnswer } from '../../pack-updates/messages';
import { expect, repoRoot, test } from './fixtures';
import { flagEvents, gridInput, overlay, storeSettings, submissions } from './preflight-page';

/**
 * Issue 10's in-page part on the outpatient demo (女 45岁) at 1366×768: levels that read without
 * colour, findings that name their row and field, placement that keeps on screen and off 提交处方,
 * a review dialog that applies fixes, critical items that need their own reason, the keyboard
 * path, 报告误报, 本页未启用审核 and the 自费知情同意书 printed to PDF.
 */

declare const chrome: typeof import('wxt/browser').browser;

const SHOTS = path.join(repoRoot, 'artifacts', 'issue10');
const SCREEN = { width: 1366, height: 768 };
const HOSPITAL = '示例市第一人民医院';

async function open(context: BrowserContext, demo: DemoServer, file = 'outpatient.html'): Promise<{ page: Page; errors: Error[] }> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.setViewportSize(SCREEN);
  await page.goto(`${demo.url}/${file}`);
  return { page, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Adds a row through the page's own drug search and returns its id. */
async function addDrug(page: Page, query: string, days?: string): Promise<string> {
  await page.click('#btnAddRow');
  const row = page.locator('#rxGrid tr.jqgrow').last();
  const rowId = (await row.getAttribute('id'))!;
  const name = row.locator('input.drug-name');
  const code = row.locator('td[aria-describedby="rxGrid_insCode"]');
  // The page's own keyboard choice (Enter takes the highlighted suggestion). Its list closes on
  // any blur, which a loaded machine sometimes lands between typing and Enter: type again then.
  for (let attempt = 0; attempt < 3 && !(await code.textContent())?.trim(); attempt++) {
    await name.fill('');
    await name.pressSequentially(query);
    await expect(page.locator('#drugSuggest li').first()).toBeVisible();
    await name.press('Enter');
    await page.waitForTimeout(100);
  }
  await expect(code).not.toHaveText('');
  if (days !== undefined) await gridInput(page, rowId, 'days').fill(days);
  return rowId;
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function onScreen(b: { x: number; y: number; width: number; height: number }): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= SCREEN.width && b.y + b.height <= SCREEN.height;
}

/** A signed copy of the demo pack with every 限性别 rule `critical` (不予支付 for certain), served over HTTP and installed. */
async function installCriticalSexPack(sw: Worker, context: BrowserContext, extensionId: string, hospitalName?: string): Promise<() => Promise<void>> {
  const pack = JSON.parse(readFileSync(path.join(repoRoot, 'rules/packs/demo-pack.json'), 'utf8'));
  pack.version = `${pack.version}.9`;
  for (const rule of pack.rules) if (rule.kind === 'sex') rule.severity = 'critical';
  const keys = await generateSigningKeys();
  const body = serializeSignedPack(await signPayload(JSON.stringify(pack), keys.privateJwk));
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pack.json`;
  await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [
    LOCAL_DEPLOYMENT_KEY,
    { packUpdateUrl: url, trustedKeys: [keys.publicKey], ...(hospitalName ? { hospitalName } : {}) },
  ] as const);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect
    .poll(async () => ((await page.evaluate((m) => chrome.runtime.sendMessage(m), { type: PACK_CHECK_NOW_MESSAGE })) as PackActionAnswer).status.active?.version, {
      timeout: 15_000,
    })
    .toBe(pack.version);
  await page.close();
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

test('the demo prescription at 1366×768: levels in words and shapes, row and field named, nothing over 提交处方 or off screen', async ({ context, demo }) => {
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.markers.first()).toBeVisible();
  // Every marker says its level in words and draws its own shape.
  for (const marker of await ui.markers.all()) {
    await expect(marker).toHaveText(/^(不予支付|需确认|提示)\d*$/);
    await expect(marker.locator('svg[data-shape]')).toHaveCount(1);
  }
  await expect(ui.badge).not.toContainText(/[A-Za-z]{3,}/);
  await shot(page, '1-markers');

  await ui.marker('1').click();
  await expect(ui.popover).toBeVisible();
  await expect(ui.popover).toContainText('序号 1');
  await expect(ui.popover.locator('[data-role="place"]').first()).toHaveText(/天数|诊断|性别|名称|总量|频次/);
  expect(onScreen(await box(ui.popover))).toBe(true);
  // The field the finding is about is outlined by the overlay; the page's own styles are untouched.
  await expect(page.locator('pf-overlay=.pf-highlight')).toBeVisible();
  expect(await page.locator('#rxGrid').evaluate((t) => t.outerHTML.includes('outline'))).toBe(false);
  await shot(page, '2-popover');
  // Esc closes it from the page too.
  await page.locator('#rxNo').click();
  await page.keyboard.press('Escape');
  await expect(ui.popover).toHaveCount(0);

  await ui.badge.click();
  await expect(ui.panel).toBeVisible();
  await expect(ui.panel).toContainText('序号 1');
  const submit = await box(page.locator('#btnSubmitRx'));
  expect(overlaps(await box(ui.panel), submit)).toBe(false);
  expect(overlaps(await box(ui.badge), submit)).toBe(false);
  expect(onScreen(await box(ui.panel))).toBe(true);
  await ui.panel.locator('.pf-panel-item').first().hover();
  await shot(page, '3-panel');
  expect(errors).toEqual([]);
});

test('a popover on the last row of a long order stays on screen and off 提交处方; ten review items fit on the screen', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  for (const drug of ['沙库巴曲', '非奈利酮', '西洛他唑', '艾多沙班', '伏诺拉生', '利那洛肽']) await addDrug(page, drug);
  const last = await addDrug(page, '羟考酮', '10');
  await expect(ui.marker(last)).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await ui.marker(last).click();
  await expect(ui.popover).toBeVisible();
  const pop = await box(ui.popover);
  expect(onScreen(pop)).toBe(true);
  expect(overlaps(pop, await box(page.locator(`#rxGrid tr[id="${last}"]`)))).toBe(false);
  expect(overlaps(pop, await box(page.locator('#btnSubmitRx')))).toBe(false);
  await shot(page, '4-popover-last-row');
  await page.keyboard.press('Escape');
  await expect(ui.popover).toHaveCount(0);

  // The review of this order: at least ten items, the first ten on screen without scrolling.
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  const items = ui.dialog.locator('.pf-review-item');
  expect(await items.count()).toBeGreaterThanOrEqual(10);
  await shot(page, '4b-dialog-ten-items');
  const body = await box(ui.dialog.locator('.pf-dialog-body'));
  const tenth = await box(items.nth(9));
  expect(tenth.y + tenth.height).toBeLessThanOrEqual(body.y + body.height + 1);
  expect(onScreen(await box(ui.dialog))).toBe(true);
  await shot(page, '4b-dialog-ten-items');
  expect(errors).toEqual([]);
});

test('fixes applied inside the review dialog resolve their items; ↑/↓, Enter and Esc drive it; 补录诊断 goes to the diagnoses', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  // The demo pack's findings are warnings; this hospital reviews warnings at submit.
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  expect(await submissions(page)).toBe(0);
  expect(onScreen(await box(ui.dialog))).toBe(true);
  await shot(page, '5-dialog');

  // Keyboard: the first item has focus; ↓ and ↑ move between items.
  const items = ui.dialog.locator('.pf-review-item');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(items.first()).toBeFocused();

  // 阿利沙坦酯片 14 天 in an outpatient prescription: Enter applies its first fix, 改为 N 天.
  const quantity = ui.dialog.locator('.pf-review-item[data-kind="quantity"]');
  await expect(quantity).toContainText('阿利沙坦酯片');
  await expect(quantity).toBeFocused();
  const days = Number(/(\d+)/.exec((await quantity.locator('[data-action]').first().textContent()) ?? '')?.[1]);
  expect(await quantity.locator('[data-action]').first().getAttribute('data-action')).toBe('set-days');
  await page.keyboard.press('Enter');
  await expect(gridInput(page, '1', 'days')).toHaveValue(String(days));
  await expect(quantity).toHaveAttribute('data-state', 'resolved');
  await expect(quantity).toContainText('已修改');
  // Focus moved on to the next open item.
  await expect(items.nth(1)).toBeFocused();

  // A click on 转自费 for 丁苯酞软胶囊 (序号 3): the page's 自费 box, then the re-check clears it.
  const butylphthalide = ui.dialog.locator('.pf-review-group[data-line-id="3"] .pf-review-item').first();
  await butylphthalide.locator('[data-action="mark-self-pay"]').click();
  await expect(page.locator('#rxGrid tr[id="3"] input.self-pay')).toBeChecked();
  await expect(butylphthalide).toHaveAttribute('data-state', 'resolved');
  await expect(ui.dialog.locator('[data-role="consent"]')).toBeVisible();
  await shot(page, '6-dialog-fixed');

  // Esc goes back to editing: nothing submitted.
  await page.keyboard.press('Escape');
  await expect(ui.dialog).toHaveCount(0);
  await page.waitForTimeout(200);
  expect(await submissions(page)).toBe(0);

  // 补录诊断 from the dialog: back to editing, the diagnoses outlined on the page.
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  const indication = ui.dialog.locator('.pf-review-item[data-kind="indication"]').first();
  await indication.locator('[data-action="add-diagnosis"]').click();
  await expect(ui.dialog).toHaveCount(0);
  const outline = page.locator('pf-overlay=.pf-highlight');
  await expect(outline).toBeVisible();
  const diag = await box(page.locator('#diagTable'));
  const drawn = await box(outline);
  expect(overlaps(drawn, diag)).toBe(true);
  await shot(page, '6b-add-diagnosis');

  await expect
    .poll(async () => (await flagEvents(sw)).flatMap((e) => (e.type === 'decision' && e.decision.action ? [[e.finding.lineId, e.decision.decision, e.decision.action]] : [])))
    .toEqual(expect.arrayContaining([['1', 'modified', 'set-days'], ['3', 'modified', 'mark-self-pay'], [expect.any(String), 'modified', 'add-diagnosis']]));
  await expect.poll(async () => (await flagEvents(sw)).filter((e) => e.type === 'review').map((e) => e.type === 'review' && e.outcome)).toEqual(['returned', 'returned']);
  expect(errors).toEqual([]);
});

test('a critical item needs its own reason; 转自费 from the dialog prints the 自费知情同意书 to PDF', async ({ context, demo, serviceWorker, extensionId }) => {
  test.setTimeout(90_000);
  const sw = await serviceWorker();
  await storeSettings(sw, { warningBlocksSubmit: true });
  const stop = await installCriticalSexPack(sw, context, extensionId, HOSPITAL);
  try {
    const { page, errors } = await open(context, demo);
    const ui = overlay(page);
    await ui.firstCheck();
    // 阿帕他胺片 (限男性) for this woman: 不予支付 for certain.
    const row = await addDrug(page, '阿帕他胺');
    await expect(ui.marker(row)).toHaveText(/^不予支付/);
    await ui.marker(row).click();
    await expect(ui.popover).toContainText('性别');
    await shot(page, '7-critical-popover');
    await page.keyboard.press('Escape');

    await page.click('#btnSubmitRx');
    await expect(ui.dialog).toBeVisible();
    const critical = ui.dialog.locator('.pf-review-item[data-kind="sex"]');
    await expect(critical).toHaveAttribute('data-severity', 'critical');
    await expect(critical).toContainText('不予支付');
    const cont = ui.dialog.locator('[data-role="continue"]');
    // The blanket reason answers every other item, never the critical one.
    const bulk = ui.dialog.locator('[data-role="continue-all"]');
    if ((await bulk.count()) > 0) {
      await expect(ui.dialog.locator('.pf-bulk')).toContainText('不含不予支付项');
      await bulk.click();
    } else {
      for (const other of await ui.dialog.locator('.pf-review-item:not([data-severity="critical"])').all()) {
        await other.locator('[data-choice="continue"]').click();
        await other.locator('input[type="radio"]').first().click();
      }
    }
    await expect(critical).toHaveAttribute('data-state', 'open');
    await expect(cont).toBeDisabled();
    await critical.locator('[data-choice="continue"]').click();
    await expect(critical).toContainText('请选择或填写理由');
    await critical.locator('input[type="radio"][value="临床必需且已告知患者"]').click();
    await expect(critical.locator('[data-role="answered"]')).toContainText('临床必需且已告知患者');
    await expect(cont).toBeEnabled();
    await shot(page, '8-dialog-critical');

    // 转自费 from the dialog: the page's 自费 box is ticked, the line is checked again without it.
    await critical.locator('[data-action="mark-self-pay"]').click();
    await expect(page.locator(`#rxGrid tr[id="${row}"] input.self-pay`)).toBeChecked();
    await expect(critical).toHaveAttribute('data-state', 'resolved');
    const consent = ui.dialog.locator('[data-role="consent"]');
    await expect(consent).toContainText('自费知情同意书');
    const [sheet] = await Promise.all([context.waitForEvent('page'), consent.click()]);
    await sheet.waitForLoadState();
    const article = sheet.locator('[data-role="consent-sheet"]');
    await expect(article).toContainText(HOSPITAL);
    await expect(article).toContainText('张秀兰');
    await expect(article).toContainText('MZ202611220037');
    await expect(article).toContainText('阿帕他胺片');
    await expect(article).toContainText('8950.00');
    await expect(article).toContainText('限男性');
    await expect(article).toContainText('患者（或监护人/委托人）签名');
    await expect(article).toContainText('医生签名');
    mkdirSync(SHOTS, { recursive: true });
    const pdf = await sheet.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(SHOTS, 'consent.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Looked at as printed: the PDF's first page as an image, where poppler is installed.
    const render = spawnSync('pdftoppm', ['-r', '80', '-png', '-singlefile', path.join(SHOTS, 'consent.pdf'), path.join(SHOTS, '9-consent-pdf')]);
    if (render.error) console.log('pdftoppm not available; the print-media screenshot stands in for it');
    await sheet.setViewportSize({ width: 900, height: 1200 });
    await sheet.emulateMedia({ media: 'print' });
    await sheet.screenshot({ path: path.join(SHOTS, '9-consent-print.png'), fullPage: true });
    // Its content lived in memory only: a reload finds nothing.
    await sheet.reload();
    await expect(sheet.locator('[data-role="consent-gone"]')).toBeVisible();
    await sheet.close();

    await page.bringToFront();
    await expect(cont).toBeEnabled();
    await cont.click();
    await expect.poll(() => submissions(page)).toBe(1);
    const log = JSON.stringify(await flagEvents(sw));
    expect(log).not.toContain('张秀兰');
    expect(log).not.toContain('MZ202611220037');
    const selfPay = (await flagEvents(sw)).flatMap((e) => (e.type === 'decision' && e.decision.action === 'mark-self-pay' ? [e.finding.kind] : []));
    expect(selfPay).toContain('sex');
    expect(errors).toEqual([]);
  } finally {
    await stop();
  }
});

test('报告误报 from the popover is recorded in the flag log', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  await ui.marker('1').click();
  const card = ui.popover.locator('.pf-finding').first();
  const ruleId = await card.getAttribute('data-rule-id');
  await card.locator('[data-role="report"]').click();
  await card.locator('[data-role="report-form"] input').fill('患者为慢性病长期用药，医保办已备案');
  await card.locator('[data-role="report-send"]').click();
  await expect(card.locator('[data-role="report-sent"]')).toHaveText('已报告误报');
  await expect
    .poll(async () => (await flagEvents(sw)).flatMap((e) => (e.type === 'objection' ? [[e.finding.ruleId, e.finding.lineId, e.reason]] : [])))
    .toEqual([[ruleId, '1', '患者为慢性病长期用药，医保办已备案']]);
  expect(errors).toEqual([]);
});

test('a page of a configured host that no profile reads says 本页未启用审核', async ({ context, demo, serviceWorker, extensionId }) => {
  const sw = await serviceWorker();
  const { page: uncovered } = await open(context, demo, 'index.html');
  const { page: covered } = await open(context, demo, 'outpatient.html');
  await expect(overlay(covered).badge).toHaveAttribute('data-state', 'checked');
  const tabOf = (url: string) => sw.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  const uncoveredTab = (await tabOf(uncovered.url()))!;
  const coveredTab = (await tabOf(covered.url()))!;
  const badgeOf = (tabId: number) => sw.evaluate(async (id) => [await chrome.action.getBadgeText({ tabId: id }), await chrome.action.getTitle({ tabId: id })], tabId);
  await expect.poll(() => badgeOf(uncoveredTab)).toEqual(['未审', '本页未启用审核']);
  expect((await badgeOf(coveredTab))[0]).toBe('');

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${uncoveredTab}`);
  await expect(popup.locator('[data-role="coverage"]')).toContainText('本页未启用审核');
  await popup.screenshot({ path: path.join(SHOTS, '10-popup-uncovered.png') });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${coveredTab}`);
  await expect(popup.locator('[data-role="pack"]')).toBeVisible();
  await expect(popup.locator('[data-role="coverage"]')).toHaveCount(0);
});
