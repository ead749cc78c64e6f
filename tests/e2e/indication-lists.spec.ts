import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowKeyOf } from '../../adapters/row-key';
import type { SiteProfile } from '../../adapters/profile-schema';
import { repoRoot, test, expect } from './fixtures';
import { openDemo, overlay, screenshot } from './preflight-page';

/**
 * The indication lists on the inpatient screen (demo/emr/inpatient-frame.js, 临时医嘱): the demo
 * pack's 诊疗项目指征表 example judges the 诊疗 rows against the admission diagnoses (脑梗死, 高血压3级,
 * 2型糖尿病).
 */

const inpatientProfile = JSON.parse(readFileSync(path.join(repoRoot, 'adapters/profiles/demo-inpatient.json'), 'utf8')) as SiteProfile;
const lineKey = (code: string, name: string, group: string) => rowKeyOf({ code, name, group }, inpatientProfile.orders.rowKey!)!;
const HBA1C = lineKey('002503020030000', '糖化血红蛋白测定', '5');
const DIALYSIS = lineKey('003110000060000', '血液透析', '6');

test('an item without its indication: 血液透析 with no 肾衰竭 diagnosis is a payment warning in Chinese, gone once marked 自费; 糖化血红蛋白 with 2型糖尿病 is not flagged', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');

  await frame.locator('.el-tabs__item', { hasText: '临时医嘱' }).click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  const dialysisRow = rows.filter({ hasText: '血液透析' });
  await expect(dialysisRow).toHaveCount(1);
  await expect(dialysisRow).toContainText('诊疗');

  await expect(ui.marker(DIALYSIS)).toBeVisible();
  await ui.marker(DIALYSIS).click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toContainText(
    '血液透析 治疗指征为肾衰竭（N17-N19）、高钾血症、药物或毒物中毒，本次诊断（脑梗死、高血压3级等）不在其中，无指征治疗医保不予支付：如有相应诊断请补录，否则请改用其他治疗或转自费（告知患者）',
  );
  await expect(ui.popover).toContainText('超适应症或无指征');
  await expect(ui.popover).toContainText('本院诊疗项目指征表（示例）');
  // A warning asks, it does not forbid: the fixes are offered, nothing says 禁用.
  await expect(ui.popover).not.toContainText('禁用');
  // The test has its indication (E11.900 2型糖尿病 among the diagnoses).
  await expect(ui.marker(HBA1C)).toHaveCount(0);
  await screenshot(page, 'indication-list-dialysis-flagged');
  await page.keyboard.press('Escape');

  // The patient pays for it: a payment rule has nothing more to say.
  await dialysisRow.locator('input[data-field="selfPay"]').check();
  await expect(ui.marker(DIALYSIS)).toHaveCount(0);
  await screenshot(page, 'indication-list-dialysis-self-pay');
  expect(errors).toEqual([]);
});
