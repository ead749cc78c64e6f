import { test, expect } from './fixtures';
import { flagEvents, gridInput, openDemo, overlay, screenshot, storeSettings, submissions } from './preflight-page';

/**
 * The outpatient demo page (jqGrid-like 西药处方, patient 女 45岁) with the built extension and its
 * built-in demo pack: what the doctor sees while typing, and the review before submitting.
 */

test('typing a line over the outpatient day limit flags it, and 改为 7 天 clears the flag', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.badge).toContainText('已审核');

  // A new line: 盐酸羟考酮缓释片 picked from the page's own drug search, 3 days (the page's default).
  await page.click('#btnAddRow');
  const newRow = page.locator('#rxGrid tr.jqgrow').last();
  const rowId = (await newRow.getAttribute('id'))!;
  await newRow.locator('input.drug-name').pressSequentially('羟考酮');
  await page.locator('#drugSuggest li').first().click();
  await expect(newRow.locator('td[aria-describedby="rxGrid_insCode"]')).toHaveText('XN02AAQ033A010010100978');
  await expect(gridInput(page, rowId, 'days')).toHaveValue('3');
  await page.waitForTimeout(400);
  await expect(ui.marker(rowId)).toHaveCount(0);

  // 10 days in an outpatient prescription: over the 处方管理办法 limit of 7.
  const typedAt = Date.now();
  await gridInput(page, rowId, 'days').fill('10');
  await expect(ui.marker(rowId)).toBeVisible();
  const flaggedIn = Date.now() - typedAt;
  console.log(`typed → marker visible: ${flaggedIn} ms`);
  expect(flaggedIn).toBeLessThan(1000);

  await ui.marker(rowId).click();
  await expect(ui.popover).toBeVisible();
  await expect(ui.popover).toContainText('盐酸羟考酮缓释片 麻醉药品控缓释制剂 10 天，超过 7 天上限');
  await expect(ui.popover).toContainText('依据：处方管理办法');
  await screenshot(page, 'flagged-row-popover');

  await ui.popover.locator('.pf-action[data-action="set-days"]').click();
  await expect(gridInput(page, rowId, 'days')).toHaveValue('7');
  await expect(ui.marker(rowId)).toHaveCount(0);
  await expect(ui.popover).toHaveCount(0);

  // The compact panel lists what remains for the order.
  await ui.badge.click();
  await expect(ui.panel).toBeVisible();
  await expect(ui.panel).toContainText('医保支付审核');
  await expect(ui.panel).not.toContainText('盐酸羟考酮缓释片 门诊处方');
  await screenshot(page, 'findings-panel');

  await expect
    .poll(async () => (await flagEvents(sw)).filter((e) => e.type === 'decision' && e.finding.lineId === rowId).map((e) => e.type === 'decision' && [e.decision.decision, e.decision.action]))
    .toEqual([['modified', 'set-days']]);
  const shown = (await flagEvents(sw)).filter((e) => e.type === 'finding-shown' && e.finding.lineId === rowId);
  expect(shown).toHaveLength(1);
  const timings = shown[0]!.type === 'finding-shown' ? shown[0]!.timings : undefined;
  console.log(`flag log timings of the new line: ${JSON.stringify(timings)}`);
  expect(timings!.totalMs).toBeLessThan(500);
  expect(errors).toEqual([]);
});

test('the review dialog holds the submission; 返回修改 drops it, a reason lets the page submit once', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  // The demo pack has warnings only; the hospital has chosen to review warnings before submitting.
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();

  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  await expect(ui.dialog).toContainText('提交前医保审核');
  await expect(ui.dialog).toContainText('阿利沙坦酯片 门诊处方 14 天，超过 7 天');
  expect(await submissions(page)).toBe(0);
  await screenshot(page, 'review-dialog');

  await ui.dialog.locator('[data-role="return"]').click();
  await expect(ui.dialog).toHaveCount(0);
  await page.waitForTimeout(200);
  expect(await submissions(page)).toBe(0);

  // Again, by the page's keyboard shortcut this time; continue everything with one preset reason.
  await gridInput(page, '2', 'days').click();
  await page.keyboard.press('Control+Enter');
  await expect(ui.dialog).toBeVisible();
  expect(await submissions(page)).toBe(0);
  await ui.dialog.locator('[data-role="continue-all"]').click();
  // The blanket reason folds to one line; the first item gets its own words instead.
  const first = ui.dialog.locator('.pf-review-item').first();
  await first.locator('[data-role="edit-reason"]').click();
  await first.locator('input[type="radio"][value="other"]').check();
  await first.locator('.pf-reasons input[type="text"]').fill('外院已确诊，患者知情');
  await screenshot(page, 'review-dialog-reasons');
  await ui.dialog.locator('[data-role="continue"]').click();
  await expect(ui.dialog).toHaveCount(0);
  await expect.poll(() => submissions(page)).toBe(1);
  await expect(page.locator('#hisDialog')).toBeVisible();
  await page.waitForTimeout(300);
  expect(await submissions(page)).toBe(1);

  // Decided findings are not asked about again: the next submission goes straight through.
  await page.click('#hisDialog [data-close-dialog]');
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(2);
  await expect(ui.dialog).toHaveCount(0);

  await expect
    .poll(async () => (await flagEvents(sw)).filter((e) => e.type === 'review').map((e) => e.type === 'review' && e.outcome).sort())
    .toEqual(['continued', 'returned']);
  const continued = (await flagEvents(sw)).flatMap((e) => (e.type === 'decision' && e.decision.decision === 'continued' ? [e.decision] : []));
  expect(continued.length).toBeGreaterThan(0);
  expect(continued.map((d) => d.reason)).toContain('外院已确诊，患者知情');
  expect(continued.every((d) => d.reason && d.reason.length > 0)).toBe(true);
  expect(errors).toEqual([]);
});

test('silent mode logs findings and shows nothing', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  await storeSettings(sw, { silent: true, warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await expect(ui.badge).toHaveAttribute('data-state', 'silent');
  await expect
    .poll(async () => (await flagEvents(sw)).filter((e) => e.type === 'finding-shown').length)
    .toBeGreaterThan(0);
  await expect(ui.markers).toHaveCount(0);
  const modes = new Set((await flagEvents(sw)).flatMap((e) => (e.type === 'finding-shown' ? [e.mode] : [])));
  expect([...modes]).toEqual(['silent']);
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(1);
  expect(errors).toEqual([]);
});

test('a renamed column shows 页面适配失效 and never gets in the way', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await page.evaluate(() => {
    document.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '国家医保编码';
  });
  await expect(ui.badge).toHaveAttribute('data-state', 'adapter-broken');
  await expect(ui.badge).toContainText('页面适配失效');
  await expect(ui.markers).toHaveCount(0);
  await screenshot(page, 'adapter-broken');
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(1);
  await expect
    .poll(async () => (await flagEvents(sw)).filter((e) => e.type === 'adapter-broken').map((e) => e.type === 'adapter-broken' && e.problems[0]?.code))
    .toEqual(['column-missing']);
  expect(errors).toEqual([]);
});
