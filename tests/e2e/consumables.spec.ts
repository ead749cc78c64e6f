import { test, expect } from './fixtures';
import { openDemo, overlay, screenshot } from './preflight-page';

/**
 * 医用耗材 on the inpatient screen (demo/emr/inpatient-frame.js, 临时医嘱): the 类别 column makes them
 * material lines, and the demo pack's consumable rules (the example lists) judge them.
 */

test('耗材 lines in the ward’s orders: the 留置针 over its day is flagged, the 输液器 with its 静脉输液 is not — until the 静脉输液 goes', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');

  await frame.locator('.el-tabs__item', { hasText: '临时医嘱' }).click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(4)).toContainText('耗材');
  await expect(rows.nth(4)).toContainText('一次性使用静脉留置针');

  // Row 5: 3 留置针 on one day, the ward's list pays one a day.
  await expect(ui.marker('5')).toBeVisible();
  await ui.marker('5').click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toContainText('一次性使用静脉留置针 医保限每日 1支，累计 3支，超出 2支 医保不予支付');
  await expect(ui.popover).toContainText('耗材数量超标');
  // The 输液器 (row 4) goes with the 静脉输液 charged beside it; the 胰岛素笔用针头 (row 6) is for a
  // diabetic patient and within four a day: neither is flagged.
  await expect(ui.marker('4')).toHaveCount(0);
  await expect(ui.marker('6')).toHaveCount(0);
  await screenshot(page, 'consumable-quantity-flagged');

  // One a day is paid: the finding goes.
  const cannulaQty = rows.nth(4).locator('input[data-field="qty"]');
  await cannulaQty.fill('1');
  await cannulaQty.press('Tab');
  await expect(ui.marker('5')).toHaveCount(0);

  // Without the 静脉输液 (row 3, deleted with its own button), the 输液器 and the 留置针 are
  // consumables charged without the item they belong to.
  await frame.locator('.el-table__fixed-body-wrapper tr.el-table__row').nth(2).locator('[data-action="delete"]').click();
  await expect(rows).toHaveCount(5);
  await expect(ui.marker('3')).toBeVisible();
  await ui.marker('3').click({ position: { x: 40, y: 1 } });
  // The page's full-width brackets read as half-width, as every name does.
  await expect(ui.popover).toContainText('一次性使用输液器(带针) 须与静脉输液或小儿头皮静脉输液配套收费，当日未见该项目');
  await expect(ui.popover).toContainText('耗材与项目不符');
  await expect(ui.popover).toContainText('已在其他单据收取');
  await expect(ui.marker('4')).toBeVisible();
  await expect(ui.marker('5')).toHaveCount(0);
  await screenshot(page, 'consumable-item-flagged');
  expect(errors).toEqual([]);
});
