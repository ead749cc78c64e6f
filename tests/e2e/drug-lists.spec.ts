import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ARTIFACTS, openDemo, overlay } from './preflight-page';

/**
 * The hospital's drug lists on the outpatient demo page with the built extension and its demo
 * pack: the 药品相互作用表 example pairs the PDE5 inhibitors (他达拉非) with 利奥西呱 as 禁用.
 */

/**
 * Adds a line through the page's own drug search (Enter takes the highlighted suggestion) and
 * returns its row id. The suggestion list closes on any blur, which a loaded machine sometimes
 * lands between typing and choosing: type again then, never wait on a list that is gone.
 */
async function addDrug(page: Page, search: string, code: string): Promise<string> {
  await page.click('#btnAddRow', { timeout: 10_000 });
  const row = page.locator('#rxGrid tr.jqgrow').last();
  const rowId = (await row.getAttribute('id'))!;
  const name = row.locator('input.drug-name');
  const cell = row.locator('td[aria-describedby="rxGrid_insCode"]');
  for (let attempt = 0; attempt < 3 && !(await cell.textContent())?.trim(); attempt++) {
    await name.fill('');
    await name.pressSequentially(search);
    await expect(page.locator('#drugSuggest li').first()).toBeVisible();
    await name.press('Enter');
    await page.waitForTimeout(100);
  }
  await expect(cell).toHaveText(code);
  return rowId;
}

const TADALAFIL = 'XG04BET001A001010100299';
const RIOCIGUAT = 'XC02KXL363A001010104021';

test('a drug–drug interaction pair is flagged on the later line with the Chinese message, and goes away with it', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const ui = overlay(page);
  await ui.firstCheck();

  const first = await addDrug(page, '他达拉非', TADALAFIL);
  const later = await addDrug(page, '利奥西呱', RIOCIGUAT);
  await expect(ui.marker(later)).toBeVisible();
  await ui.marker(later).click({ timeout: 10_000 });
  await expect(ui.popover).toBeVisible();
  await expect(ui.popover).toContainText(
    '利奥西呱片 与 他达拉非片 禁止合用（与西地那非、他达拉非等PDE5抑制剂合用可致症状性低血压）：请删除或换用其中一种，医保不予支付',
  );
  await expect(ui.popover).toContainText('药物相互作用');
  await expect(ui.popover).toContainText('本院药品相互作用表（示例）');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'drug-interaction-pair.png') });
  await page.keyboard.press('Escape');

  await expect(ui.popover).toHaveCount(0);

  // Deleting the earlier line clears the pair; 利奥西呱片 stays flagged for its own 两库 restriction.
  await page.locator(`#rxGrid tr[id="${first}"] td[aria-describedby="rxGrid_cb"] input`).check({ timeout: 10_000 });
  await page.click('#btnDelRow', { timeout: 10_000 });
  await expect(page.locator(`#rxGrid tr[id="${first}"]`)).toHaveCount(0);
  await ui.badge.click({ timeout: 10_000 });
  await expect(ui.panel).toBeVisible();
  await expect(ui.panel).toContainText('利奥西呱片');
  await expect(ui.panel).not.toContainText('禁止合用');
  expect(errors).toEqual([]);
});
