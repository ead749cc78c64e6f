import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ARTIFACTS, openDemo, overlay } from './preflight-page';

/**
 * 抗菌药物分级使用管理 on the outpatient demo page with the built extension and its demo pack (the
 * 抗菌药物分级目录 example grades 甲磺酸吉米沙星片 限制使用级 and 注射用替考拉宁 特殊使用级). The header
 * shows the doctor logged in — 工号, 职称 and 处方权 — and the profile reads the privilege from it.
 */

/** Adds a line from the page's own drug search and returns its row id. */
async function addDrug(page: Page, search: string, code: string): Promise<string> {
  await page.click('#btnAddRow');
  const row = page.locator('#rxGrid tr.jqgrow').last();
  await row.locator('input.drug-name').pressSequentially(search);
  await page.locator('#drugSuggest li').first().click();
  await expect(row.locator('td[aria-describedby="rxGrid_insCode"]')).toHaveText(code);
  return (await row.getAttribute('id'))!;
}

/** The popover of a flagged line, opened from its marker. */
async function popoverOf(ui: ReturnType<typeof overlay>, rowId: string): Promise<Locator> {
  await expect(ui.marker(rowId)).toBeVisible();
  await ui.marker(rowId).click();
  await expect(ui.popover).toBeVisible();
  return ui.popover;
}

const GEMIFLOXACIN = 'XJ01MAJ009A001010100453';
const TEICOPLANIN = 'XJ01XAT037B001010101066';

test('an antibiotic above the doctor’s 抗菌药物处方权 is flagged; the same one by a doctor holding that level is not', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const ui = overlay(page);
  await expect(page.locator('#doctorAbx')).toHaveText('非限制使用级');
  await ui.firstCheck();

  const rowId = await addDrug(page, '吉米沙星', GEMIFLOXACIN);
  const popover = await popoverOf(ui, rowId);
  await expect(popover).toContainText(
    '甲磺酸吉米沙星片 为限制使用级抗菌药物，开单医生（工号 1024）仅有非限制使用级处方权，属越级使用，医保不予支付：请由具有限制使用级处方权的医师开具，或改用非限制使用级抗菌药物',
  );
  await expect(popover).toContainText('抗菌药物分级管理');
  await expect(popover).toContainText('本院抗菌药物分级管理目录');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'antibiotic-above-privilege.png') });
  expect(errors).toEqual([]);

  // Another doctor logged in, with 限制使用级: the same line is within the privilege. It stays
  // marked for 限二线用药 (a 两库 第九批 rule of its own), never for the privilege.
  const other = await openDemo(context, demo, 'outpatient.html?doctor=2050');
  const otherUi = overlay(other.page);
  await expect(other.page.locator('#doctorAbx')).toHaveText('限制使用级');
  await expect(otherUi.badge).toHaveAttribute('data-state', 'checked');
  const sameLine = await addDrug(other.page, '吉米沙星', GEMIFLOXACIN);
  const clean = await popoverOf(otherUi, sameLine);
  await expect(clean).toContainText('甲磺酸吉米沙星片 限二线用药');
  await expect(clean).not.toContainText('抗菌药物');
  await otherUi.badge.click();
  await expect(otherUi.panel).toBeVisible();
  await expect(otherUi.panel).not.toContainText('越级');
  expect(other.errors).toEqual([]);
});

test('a 特殊使用级 antibiotic in 门诊 is flagged even for a doctor with 特殊使用级 privilege', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html?doctor=2048');
  const ui = overlay(page);
  await expect(page.locator('#doctorAbx')).toHaveText('特殊使用级');
  await ui.firstCheck();
  const rowId = await addDrug(page, '替考拉宁', TEICOPLANIN);
  const popover = await popoverOf(ui, rowId);
  await expect(popover).toContainText('注射用替考拉宁 为特殊使用级抗菌药物，门诊不得使用，医保不予支付：请改用限制或非限制使用级抗菌药物，或收入院治疗');
  await expect(popover).not.toContainText('越级');
  expect(errors).toEqual([]);
});
