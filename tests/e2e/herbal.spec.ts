import type { BrowserContext, Page } from '@playwright/test';
import type { DemoServer } from '../../scripts/serve-demo';
import { expect, test } from './fixtures';
import { overlay, screenshot, storeSettings, submissions } from './preflight-page';

/**
 * demo/emr/herbal.html (built-in profile demo-herbal, demo pack) at 1366×768: a 十八反 pair is
 * flagged in Chinese on the later 味 and clears when one of the two goes; a prescription of 14 付
 * is 中药饮片超大处方 once, on one row, not once per 味; a clean prescription is not flagged and
 * goes through, the review of warnings switched on; a 味 above its 药典 dose per 剂 (the demo pack's
 * 中药饮片最大剂量表) is flagged on its row and 改为 N g writes the dose back.
 */

const SCREEN = { width: 1366, height: 768 };

async function open(context: BrowserContext, demo: DemoServer): Promise<{ page: Page; errors: Error[] }> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.setViewportSize(SCREEN);
  await page.goto(`${demo.url}/herbal.html`);
  return { page, errors };
}

const packetsCell = (page: Page, rowId: string) => page.locator(`#herbGrid tr[id="${rowId}"] input.packets`);

/** Ticks a row and presses 删除, as the doctor does. */
async function deleteRow(page: Page, rowId: string): Promise<void> {
  await page.locator(`#herbGrid tr[id="${rowId}"] input.cbox`).check();
  await page.click('#btnDelRow');
  await expect(page.locator(`#herbGrid tr[id="${rowId}"]`)).toHaveCount(0);
}

test('十八反 on the herbal page: flagged on the later 味 in Chinese, cleared when one goes; 14 付 is one 超大处方 finding', async ({ context, demo, serviceWorker }) => {
  await storeSettings(await serviceWorker(), { warningBlocksSubmit: true });
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.badge).not.toContainText('未读取');

  // 制川乌 (row 1) and 法半夏 (row 10): 半蒌贝蔹及攻乌. The finding sits on the later 味 and marks both.
  await expect(ui.marker('10')).toBeVisible();
  await expect(ui.marker('1')).toBeVisible();
  await expect(ui.markers).toHaveCount(2);
  await ui.marker('10').click();
  await expect(ui.popover).toContainText('法半夏 与 制川乌 同方，属十八反配伍禁忌（半蒌贝蔹及攻乌）');
  await expect(ui.popover).toContainText('确需同用须处方医师双签名，否则医保不予支付');
  await expect(ui.popover.locator('[data-action="confirm"]')).toHaveText('已双签名确认');
  await screenshot(page, 'herbal-1-eighteen-incompatible');
  await page.keyboard.press('Escape');

  // 法半夏 goes: nothing is left to say.
  await deleteRow(page, '10');
  await expect(ui.markers).toHaveCount(0);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');

  // 14 付 typed above the grid, which the page sets on every row: one finding for the whole
  // prescription, on its first row — one marker, not one on each 味.
  await page.locator('#rxPackets').fill('14');
  await expect(packetsCell(page, '9')).toHaveValue('14');
  await expect(ui.marker('1')).toBeVisible();
  await expect(ui.markers).toHaveCount(1);
  await ui.marker('1').click();
  await expect(ui.popover.locator('[data-action="set-days"]')).toHaveCount(1);
  await expect(ui.popover).toContainText('本张饮片处方开 14 付（门诊上限 7 付），属中药饮片超大处方：请改为 7 付，确有需要须注明理由');
  const fix = ui.popover.locator('[data-action="set-days"]');
  await expect(fix).toHaveText('改为 7 付');
  await screenshot(page, 'herbal-2-oversize-doses');

  // 改为 7 付 is written into row 1; the page makes it the prescription's, and the finding goes.
  await fix.click();
  await expect(page.locator('#rxPackets')).toHaveValue('7');
  await expect(packetsCell(page, '9')).toHaveValue('7');
  await expect(page.locator('#herbGrid tr[id="9"] td.c-total')).toHaveText('70');
  await expect(ui.markers).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Clean: the submission goes through without a review.
  await page.click('#btnSubmitRx');
  await expect.poll(() => submissions(page)).toBe(1);
  await expect(ui.dialog).toHaveCount(0);
  await screenshot(page, 'herbal-3-clean-submitted');
  expect(errors).toEqual([]);
});

test('甘遂 added to a prescription holding 炙甘草 is flagged (藻戟遂芫俱战草), and the review holds the submission', async ({ context, demo, serviceWorker }) => {
  await storeSettings(await serviceWorker(), { warningBlocksSubmit: true });
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.marker('10')).toBeVisible();
  await deleteRow(page, '10');
  await expect(ui.markers).toHaveCount(0);

  await page.click('#btnAddRow');
  const name = page.locator('#herbGrid tr[id="11"] input.herb-name');
  await name.pressSequentially('甘遂');
  await expect(page.locator('#herbSuggest li')).toHaveCount(1);
  await name.press('Enter');
  await expect(page.locator('#herbGrid tr[id="11"] td.c-code')).toHaveText('T000300931');
  await expect(ui.marker('11')).toBeVisible();
  await expect(ui.marker('5')).toBeVisible();
  await ui.marker('11').click();
  await expect(ui.popover).toContainText('甘遂 与 炙甘草 同方，属十八反配伍禁忌（藻戟遂芫俱战草）');
  await page.keyboard.press('Escape');

  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  await expect(ui.dialog).toContainText('甘遂 与 炙甘草');
  expect(await submissions(page)).toBe(0);
  await screenshot(page, 'herbal-4-review-gansui');
  expect(errors).toEqual([]);
});

test('制川乌 typed at 6 g is above the 药典 range 1.5～3g: flagged on its row, and 改为 3g writes the dose back', async ({ context, demo }) => {
  const { page, errors } = await open(context, demo);
  const ui = overlay(page);
  // Without 法半夏 (row 10) the prescription is clean, 制川乌 3 g included.
  await ui.firstCheck();
  await expect(ui.marker('10')).toBeVisible();
  await deleteRow(page, '10');
  await expect(ui.markers).toHaveCount(0);

  const dose = page.locator('#herbGrid tr[id="1"] input.dose');
  await dose.fill('6');
  await expect(ui.marker('1')).toBeVisible();
  await expect(ui.markers).toHaveCount(1);
  await ui.marker('1').click();
  await expect(ui.popover).toContainText('制川乌 每剂 6g，超过药典用量 1.5～3g：请改为 3g；确需超量须在该药上方再次签名');
  await expect(ui.popover.locator('[data-action="confirm"]')).toHaveText('已在该药上方再次签名');
  const fix = ui.popover.locator('[data-action="set-dose"]');
  await expect(fix).toHaveText('改为 3g');
  await screenshot(page, 'herbal-5-herb-dose');

  await fix.click();
  await expect(dose).toHaveValue('3');
  await expect(page.locator('#herbGrid tr[id="1"] td.c-total')).toHaveText('21');
  await expect(ui.markers).toHaveCount(0);
  expect(errors).toEqual([]);
});
