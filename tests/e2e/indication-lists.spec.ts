import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowKeyOf } from '../../adapters/row-key';
import type { SiteProfile } from '../../adapters/profile-schema';
import { repoRoot, test, expect } from './fixtures';
import { expectTemplates, importCsv, mergeImport, openImportTab, openInpatient, runTrialExample } from './hospital-lists';
import { screenshot } from './preflight-page';

/**
 * The indication lists on the inpatient screen (demo/emr/inpatient-data.js, 临时医嘱): the demo
 * pack's 诊疗项目指征表 example judges the 诊疗 rows against the admission diagnoses (脑梗死, 高血压3级,
 * 2型糖尿病).
 */

const inpatientProfile = JSON.parse(readFileSync(path.join(repoRoot, 'adapters/profiles/demo-inpatient.json'), 'utf8')) as SiteProfile;
const lineKey = (code: string, name: string, group: string) => rowKeyOf({ code, name, group }, inpatientProfile.orders.rowKey!)!;
const HBA1C = lineKey('002503020030000', '糖化血红蛋白测定', '5');
const DIALYSIS = lineKey('003110000060000', '血液透析', '6');

test('an item without its indication: 血液透析 with no 肾衰竭 diagnosis is a payment warning in Chinese, gone once marked 自费; 糖化血红蛋白 with 2型糖尿病 is not flagged', async ({ context, demo }) => {
  const { page, errors, frame, ui } = await openInpatient(context, demo);

  await frame.locator('.el-tabs__item', { hasText: '临时医嘱' }).click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  const dialysisRow = rows.filter({ hasText: '血液透析' });
  await expect(dialysisRow).toHaveCount(1);
  await expect(dialysisRow).toContainText('诊疗');

  await ui.firstCheck();
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

test('the 医保办 downloads the 诊疗项目 templates and imports a 指征表: the broken row is named, the good one merged and judged in 试算', async ({ context, extensionId }) => {
  test.setTimeout(120_000);
  const page = await openImportTab(context, extensionId);

  await expectTemplates(page, [
    ['#import-template-item-indications', '诊疗项目指征表模板.csv', '项目医保编码,项目编码前缀,项目名称,指征类别,适应症诊断编码,适应症名称'],
    ['#import-template-item-contraindications', '诊疗项目禁忌症表模板.csv', '项目医保编码,项目编码前缀,项目名称,禁忌诊断编码,禁忌诊断名称,禁忌程度'],
    ['#import-template-drug-label-indications', '药品说明书适应症表模板.csv', '药品医保编码,药品编码前缀,药品 ATC分类,药品名称,适应症诊断编码,适应症名称'],
  ]);

  const { report, fileRow } = await importCsv(page, '本院诊疗项目指征.csv', [
    '项目医保编码,项目编码前缀,项目名称,指征类别,适应症诊断编码,适应症名称',
    '002503100410000,,血清C肽测定,检验检查,E10-E14;E16,糖尿病、低血糖症',
    '003106020010000,,床边简易肺功能测定,体检,J40-J47,慢性下呼吸道疾病',
  ]);
  await expect(fileRow).toContainText('诊疗项目指征表');
  await expect(report).toContainText('指征类别“体检”应为 检验检查、治疗 或 项目适应症');
  await expect(report.locator('#import-plan-summary')).toContainText('新增 1 条');
  await screenshot(page, 'options-import-item-indications');
  await mergeImport(report, 1);

  // 试算 with the built-in 糖化血红蛋白 example: 无指征检验检查, a warning, not 不予支付 outright.
  const findings = await runTrialExample(page, 'golden-indication-list-hba1c-upper-respiratory');
  const finding = findings.locator('tr[data-rule-id="itemind-00250302003"]');
  await expect(finding).toContainText('无指征检验检查医保不予支付');
  await expect(finding).toContainText('超适应症或无指征');
  await finding.scrollIntoViewIfNeeded();
  await screenshot(page, 'options-indication-list-trial');
});
