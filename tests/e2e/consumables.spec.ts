import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowKeyOf } from '../../adapters/row-key';
import type { SiteProfile } from '../../adapters/profile-schema';
import { repoRoot, test, expect } from './fixtures';
import { expectTemplates, importCsv, mergeImport, openImportTab, openInpatient, runTrialExample } from './hospital-lists';
import { screenshot } from './preflight-page';

/**
 * 医用耗材 on the inpatient screen (demo/emr/inpatient-data.js, 临时医嘱): the 类别 column makes them
 * material lines, and the demo pack's consumable rules (the example lists) judge them.
 */

/** The inpatient SPA's rows carry no id: the demo profile keys each line by code, name and group (names as read: half-width brackets). */
const inpatientProfile = JSON.parse(readFileSync(path.join(repoRoot, 'adapters/profiles/demo-inpatient.json'), 'utf8')) as SiteProfile;
const lineKey = (code: string, name: string) => rowKeyOf({ code, name, group: code.startsWith('C14010500') ? '4' : '3' }, inpatientProfile.orders.rowKey!)!;
const INFUSION_SET = lineKey('C14010100101010000001000123', '一次性使用输液器(带针)');
const CANNULA = lineKey('C14010300201010000001000456', '一次性使用静脉留置针');
const PEN_NEEDLE = lineKey('C14010500401010000001000321', '一次性使用无菌胰岛素笔用针头');

test('耗材 lines in the ward’s orders: the 留置针 over its day is flagged, the 输液器 with its 静脉输液 is not — until the 静脉输液 goes', async ({ context, demo }) => {
  const { page, errors, frame, ui } = await openInpatient(context, demo);

  await frame.locator('.el-tabs__item', { hasText: '临时医嘱' }).click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  // Four groups of infusion and consumables, then a test and a treatment (the indication lists' e2e).
  await expect(rows).toHaveCount(8);
  await expect(rows.nth(4)).toContainText('耗材');
  await expect(rows.nth(4)).toContainText('一次性使用静脉留置针');

  // 3 留置针 on one day, the ward's list pays one a day.
  await ui.firstCheck();
  await expect(ui.marker(CANNULA)).toBeVisible();
  await ui.marker(CANNULA).click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toContainText('一次性使用静脉留置针 医保限每日 1支，累计 3支，超出 2支 医保不予支付');
  await expect(ui.popover).toContainText('耗材数量超标');
  // The 输液器 goes with the 静脉输液 charged beside it; the 胰岛素笔用针头 is for a diabetic patient
  // and within four a day: neither is flagged.
  await expect(ui.marker(INFUSION_SET)).toHaveCount(0);
  await expect(ui.marker(PEN_NEEDLE)).toHaveCount(0);
  await screenshot(page, 'consumable-quantity-flagged');

  // One a day is paid: the finding goes.
  const cannulaQty = rows.nth(4).locator('input[data-field="qty"]');
  await cannulaQty.fill('1');
  await cannulaQty.press('Tab');
  await expect(ui.marker(CANNULA)).toHaveCount(0);

  // Without the 静脉输液 (row 3, deleted with its own button), the 输液器 and the 留置针 are
  // consumables charged without the item they belong to.
  await frame.locator('.el-table__fixed-body-wrapper tr.el-table__row').nth(2).locator('[data-action="delete"]').click();
  await expect(rows).toHaveCount(7);
  await expect(ui.marker(INFUSION_SET)).toBeVisible();
  await ui.marker(INFUSION_SET).click({ position: { x: 40, y: 1 } });
  // The page's full-width brackets read as half-width, as every name does.
  await expect(ui.popover).toContainText('一次性使用输液器(带针) 须与静脉输液或小儿头皮静脉输液配套收费，当日未见该项目');
  await expect(ui.popover).toContainText('耗材与项目不符');
  await expect(ui.popover).toContainText('已在其他单据收取');
  await expect(ui.marker(CANNULA)).toBeVisible();
  await expect(ui.marker(PEN_NEEDLE)).toHaveCount(0);
  await screenshot(page, 'consumable-item-flagged');
  expect(errors).toEqual([]);
});

test('the 医保办 downloads the 医用耗材 templates and imports a list: the broken row is named, the good one merged', async ({ context, extensionId }) => {
  test.setTimeout(120_000);
  const page = await openImportTab(context, extensionId);

  // Both empty templates are offered beside the local rules template, as UTF-8 CSV with their header.
  await expectTemplates(page, [
    ['#import-template-consumable-items', '项目与耗材对照模板.csv', '耗材医保编码,耗材名称,诊疗项目医保编码,诊疗项目名称,关系'],
    ['#import-template-consumable-limits', '耗材限定模板.csv', '耗材医保编码,耗材编码前缀,耗材名称,数量上限,限性别,限年龄,限科室,限疾病'],
  ]);

  const { report, fileRow } = await importCsv(page, '本院耗材限定.csv', [
    '耗材医保编码,耗材编码前缀,耗材名称,数量上限,限性别,限年龄,限科室,限疾病',
    'C02030100701010000001000555,,一次性使用无菌导尿管,每日1根,,,,',
    'C02030100701010000001000556,,导尿管（另一规格）,2根,,,,',
  ]);
  await expect(fileRow).toContainText('耗材限定');
  await expect(report).toContainText('没有写明计数范围');
  await expect(report.locator('#import-plan-summary')).toContainText('新增 1 条');
  await screenshot(page, 'options-import-consumables');
  await mergeImport(report, 1);

  // The rule is a working rule like any other: its editor shows the limit in words.
  await page.locator('#tab-rules').click();
  await page.locator('#rule-search').fill('导尿管');
  const rule = page.locator('tr[data-rule-id="local-consumable-quantity-C02030100701010000001000555"]');
  await expect(rule).toContainText('耗材数量超标');
  await rule.locator('.op-rule-name').click();
  const editor = page.locator('.op-editor[data-rule-id="local-consumable-quantity-C02030100701010000001000555"]');
  await expect(editor).toContainText('数量上限');
  await expect(editor).toContainText('计数范围');
  await screenshot(page, 'options-consumable-rule');

  // 试算 with the built-in 留置针 example.
  const findings = await runTrialExample(page, 'golden-consumable-quantity-cannula-three-a-day');
  await expect(findings.locator('tr[data-rule-id="local-consumable-quantity-C14010300201010000001000456"]')).toContainText('不予支付');
  await screenshot(page, 'options-consumable-trial');
});
