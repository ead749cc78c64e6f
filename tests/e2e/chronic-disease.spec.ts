import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { ARTIFACTS, openDemo, overlay } from './preflight-page';

/**
 * 门诊慢特病 on the outpatient demo page: ?mtb=M03900 registers the visit under 高血压病, as a HIS
 * banner shows it after 门特 registration. The demo pack's 病种用药范围表 (chronic-drugs-example.csv)
 * lists 高血压病's drugs; the profile reads the 病种 from the banner.
 *
 * Rows of the page: 1 阿利沙坦酯片 14 天 (a 高血压病 drug), 2 瑞舒伐他汀依折麦布片(I), 3 丁苯酞软胶囊.
 */

async function popoverOf(ui: ReturnType<typeof overlay>, rowId: string): Promise<Locator> {
  await expect(ui.marker(rowId)).toBeVisible();
  await ui.marker(rowId).click();
  await expect(ui.popover).toBeVisible();
  return ui.popover;
}

test('a visit under 门诊慢特病 高血压病: its drug may run 30 days, drugs outside its 用药范围 are not paid under it', async ({ context, demo }) => {
  // An ordinary visit first: 14 days of 阿利沙坦酯 asks for a stated reason (门诊 7 天).
  const plain = await openDemo(context, demo, 'outpatient.html');
  const plainUi = overlay(plain.page);
  await expect(plain.page.locator('#chronicDisease')).toHaveText('无');
  await expect(plainUi.badge).toHaveAttribute('data-state', 'checked');
  await expect(await popoverOf(plainUi, '1')).toContainText('阿利沙坦酯片 门诊处方 14 天，超过 7 天');
  await plainUi.badge.click();
  await expect(plainUi.panel).toBeVisible();
  await expect(plainUi.panel).not.toContainText('用药范围');
  expect(plain.errors).toEqual([]);

  const { page, errors } = await openDemo(context, demo, 'outpatient.html?mtb=M03900');
  await page.setViewportSize({ width: 1366, height: 768 });
  const ui = overlay(page);
  await expect(page.locator('#chronicDisease')).toHaveText('高血压病(M03900)');
  await ui.firstCheck();

  // The 病种's own drug: 14 days are within the 慢特病 30, so the line carries nothing.
  await expect(ui.marker('2')).toBeVisible();
  await expect(ui.marker('1')).toHaveCount(0);

  const statin = await popoverOf(ui, '2');
  await expect(statin).toContainText(
    '瑞舒伐他汀依折麦布片(I) 不在门诊慢特病「高血压病」的用药范围内，医保不予支付（超出该慢特病病种用药范围）：请改为自费，或更换为目录内药品',
  );
  await expect(statin).toContainText('依据：某统筹区门诊慢特病病种用药范围（示例）');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'chronic-disease-outside-range.png') });

  await ui.badge.click();
  await expect(ui.panel).toBeVisible();
  await expect(ui.panel).toContainText('丁苯酞软胶囊 不在门诊慢特病「高血压病」的用药范围内');
  await expect(ui.panel).not.toContainText('阿利沙坦酯片 门诊处方');
  expect(errors).toEqual([]);
});
