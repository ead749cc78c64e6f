import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowKeyOf } from '../../adapters/row-key';
import type { SiteProfile } from '../../adapters/profile-schema';
import { repoRoot, test, expect } from './fixtures';
import { openInpatient } from './hospital-lists';
import { screenshot, submissions } from './preflight-page';

/**
 * Findings from the encounter's 手术操作 on the inpatient screen (demo/emr/inpatient-data.js: a
 * 68-year-old man, 脑动脉造影 on 11-19, no infection among the diagnoses). The doctor adds an
 * operation with the screen's 添加手术操作 select (dated today, 2026-11-22) and an order with its
 * new-order form, as on the ward; the demo pack's rules judge what the profile reads.
 */

const inpatientProfile = JSON.parse(readFileSync(path.join(repoRoot, 'adapters/profiles/demo-inpatient.json'), 'utf8')) as SiteProfile;
// The 长期医嘱 tab holds groups 1–4: an order added there is group 5.
const GEMIFLOXACIN = rowKeyOf({ code: 'XJ01MAJ009A001010100453', name: '甲磺酸吉米沙星片', group: '5' }, inpatientProfile.orders.rowKey!)!;

test('an antibiotic running past 48 hours after today’s 取栓术 is a 围手术期 warning in Chinese; 改为 3 天 writes the days back and the finding goes', async ({ context, demo }) => {
  const { page, errors, frame, ui } = await openInpatient(context, demo);

  // The 脑动脉造影 of 11-19 is a diagnostic procedure (88.41), not an operation: no antibiotic is judged against it.
  await frame.locator('#opAdd').selectOption('39.7400x001');
  await expect(frame.locator('#opList .op-item')).toHaveCount(2);
  await expect(frame.locator('#opList .op-item').nth(1)).toContainText('39.7400x001颅内血管机械取栓术2026-11-22');

  // 5 days of 甲磺酸吉米沙星片 from today: the last day, 11-26, is past the 48 hours (to 11-24).
  await frame.locator('#noDrug').fill('甲磺酸吉米沙星片');
  await frame.locator('#noDrug').dispatchEvent('change');
  await expect(frame.locator('#noDose')).toHaveValue('320');
  await frame.locator('#noDays').fill('5');
  await frame.locator('#newOrderForm button[type="submit"]').click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  await expect(rows).toHaveCount(5);
  const row = rows.filter({ hasText: '甲磺酸吉米沙星片' });
  await expect(row.locator('input[data-field="days"]')).toHaveValue('5');

  await expect(ui.marker(GEMIFLOXACIN)).toBeVisible();
  await ui.marker(GEMIFLOXACIN).click({ position: { x: 40, y: 1 } });
  const finding = ui.popover.locator('.pf-finding[data-kind="perioperative-antibiotic"]');
  await expect(finding).toContainText('围手术期预防用药超时');
  await expect(finding).toContainText(
    '甲磺酸吉米沙星片：手术（39.7400x001 颅内血管机械取栓术，2026-11-22）后预防用抗菌药物一般不超过 48 小时，本行用至 2026-11-26，超过术后 48 小时（至 2026-11-24）；请改为 3 天，如为治疗感染请补录感染诊断，否则医保不予支付',
  );
  await expect(finding.locator('.pf-action[data-action="set-days"]')).toHaveText('改为 3 天');
  await expect(finding).toContainText('补录感染诊断');
  await screenshot(page, 'perioperative-antibiotic-flagged');

  // The fix writes 3 into the row's 天数: within the window, the 围手术期 finding goes (the line's
  // other findings — 限二线用药, the prescriber's privilege unread — are not this rule's).
  await finding.locator('.pf-action[data-action="set-days"]').click();
  await expect(row.locator('input[data-field="days"]')).toHaveValue('3');
  await expect(ui.popover.locator('.pf-finding[data-kind="perioperative-antibiotic"]')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await ui.marker(GEMIFLOXACIN).click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toBeVisible();
  await expect(ui.popover).not.toContainText('围手术期');
  expect(errors).toEqual([]);
});

test('a 子宫切除术 added for a male patient is 手术操作与性别不符: critical, named in the panel, and the save is held until the doctor returns to correct it', async ({ context, demo }) => {
  const { page, errors, frame, ui } = await openInpatient(context, demo);
  // The operation already there (88.41, on 11-19) belongs to no sex's chapter: nothing to say.
  await ui.badge.click();
  await expect(ui.panel).toBeVisible();
  await expect(ui.panel.locator('[data-kind="operation-sex"]')).toHaveCount(0);
  await ui.badge.click();

  await frame.locator('#opAdd').selectOption('68.4100');
  await expect(frame.locator('#opList .op-item')).toHaveCount(2);
  await ui.badge.click();
  const item = ui.panel.locator('[data-kind="operation-sex"]');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('手术操作与性别不符');
  await expect(item).toContainText(
    '手术操作 68.4100 腹腔镜下全子宫切除术 属女性生殖器官手术（65–71），患者为男性，手术操作与性别不符，医保不予支付；请核对手术操作编码或患者性别',
  );
  await screenshot(page, 'operation-sex-flagged');

  // Saving is held: the review dialog names the finding with its fix, and 返回修改 leaves the orders unsaved.
  const inner = page.frame({ name: 'mainFrame' })!;
  await frame.locator('#btnSaveOrders').click();
  await expect(ui.dialog).toBeVisible();
  const held = ui.dialog.locator('[data-kind="operation-sex"]');
  await expect(held).toContainText('腹腔镜下全子宫切除术');
  await expect(held).toContainText('核对手术操作编码');
  await screenshot(page, 'operation-sex-review');
  await ui.dialog.locator('[data-role="return"]').first().click();
  await expect(ui.dialog).toHaveCount(0);
  expect(await submissions(inner)).toBe(0);
  expect(errors).toEqual([]);
});
