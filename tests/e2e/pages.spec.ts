import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { rowKeyOf } from '../../adapters/row-key';
import type { SiteProfile } from '../../adapters/profile-schema';
import { repoRoot, test, expect } from './fixtures';
import { flagEvents, gridInput, openDemo, overlay, screenshot, storeSettings, submissions } from './preflight-page';

/** The inpatient SPA's rows carry no id: the demo profile keys each line by code, name and group. */
const inpatientProfile = JSON.parse(readFileSync(path.join(repoRoot, 'adapters/profiles/demo-inpatient.json'), 'utf8')) as SiteProfile;
const inpatientKey = (code: string, name: string, group: string) => rowKeyOf({ code, name, group }, inpatientProfile.orders.rowKey!)!;
const ALISARTAN = inpatientKey('XC09CAA284A001010100553', '阿利沙坦酯片', '2');
const HENGGLIFLOZIN = inpatientKey('XA10BKH120A001010101445', '脯氨酸恒格列净片', '3');

/** The content script on the other demo EMRs: an SPA in an iframe, a strict CSP, a hostile page. */

test('the inpatient SPA inside an iframe: markers follow re-rendered rows and the save goes through', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  // This ward reviews warnings before saving too (by default only critical findings interrupt).
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  // Only the frame has an order screen: the shell page gets no overlay.
  await ui.firstCheck();
  await expect(page.locator('preflight-overlay')).toHaveCount(0);

  // 出院带药: the SPA replaces every row. 45 days of 阿利沙坦酯片 is over the 30-day discharge limit.
  await frame.locator('.el-tabs__item', { hasText: '出院带药' }).click();
  const days = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row').nth(1).locator('input[data-field="days"]');
  await expect(days).toHaveValue('30');
  await days.fill('45');
  await days.press('Tab');
  await expect(ui.marker(ALISARTAN)).toBeVisible();
  // The table fills its frame, so the row is outlined (no gutter): the frame's top edge takes the click.
  await expect(ui.marker(ALISARTAN)).toHaveClass(/pf-marker-outline/);
  await ui.marker(ALISARTAN).click({ position: { x: 40, y: 1 } });
  await expect(ui.popover).toContainText('45 天');
  await expect(ui.popover).toContainText('30 天上限');
  await screenshot(page, 'iframe-spa-flagged');

  // Switching tabs re-renders the table again; the markers are rebuilt for the new rows.
  await frame.locator('.el-tabs__item', { hasText: '长期医嘱' }).click();
  // The popover of the replaced row closes (the 长期医嘱 rows have no day questions to show).
  await expect(ui.popover.filter({ hasText: '45 天' })).toHaveCount(0);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
  const longTermLines = await frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row').count();
  expect(longTermLines).toBe(4);

  // Warnings are reviewed before saving here: the dialog opens inside the frame, and
  // continuing with one preset reason lets the SPA's own save go through once.
  const inner = page.frame({ name: 'mainFrame' })!;
  await frame.locator('#btnSaveOrders').click();
  await expect(ui.dialog).toBeVisible();
  expect(await submissions(inner)).toBe(0);
  await ui.dialog.locator('[data-role="continue-all"]').click();
  await ui.dialog.locator('[data-role="continue"]').click();
  await expect(ui.dialog).toHaveCount(0);
  await expect.poll(() => submissions(inner)).toBe(1);
  await expect
    .poll(async () => (await flagEvents(sw)).some((e) => e.type === 'finding-shown' && e.profileId === 'demo-inpatient'))
    .toBe(true);
  expect(errors).toEqual([]);
});

/** Whether the outline drawn for a flagged row sits on that row (its vertical middle inside the row). */
async function outlines(marker: Locator, row: Locator): Promise<boolean> {
  const [m, r] = [await marker.boundingBox(), await row.boundingBox()];
  if (!m || !r) return false;
  const middle = m.y + m.height / 2;
  return middle > r.y && middle < r.y + r.height;
}

test('rows without ids: a sort and a delete redraw them, and markers and the doctor’s dismissal stay on their lines', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await ui.firstCheck();
  await frame.locator('.el-tabs__item', { hasText: '出院带药' }).click();
  const rows = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row');
  const row = (name: string) => rows.filter({ hasText: name });
  // Over the 30-day discharge limit: 阿利沙坦酯片 (row 2) and 脯氨酸恒格列净片 (row 3).
  for (const [name, days] of [['阿利沙坦酯片', '45'], ['脯氨酸恒格列净片', '40']] as const) {
    const input = row(name).locator('input[data-field="days"]');
    await input.fill(days);
    await input.press('Tab');
  }
  await expect(ui.marker(ALISARTAN)).toBeVisible();
  await expect(ui.marker(HENGGLIFLOZIN)).toBeVisible();

  // The doctor dismisses the finding on 恒格列净 (row 3); 阿利沙坦酯片 stays flagged.
  await ui.marker(HENGGLIFLOZIN).click({ position: { x: 40, y: 1 } });
  await ui.popover.locator('.pf-dismiss').first().click();
  await expect(ui.marker(HENGGLIFLOZIN)).toHaveCount(0);

  // Sorted by 开始时间, descending: every row drawn anew, 恒格列净 now first. By position its
  // finding would come back as the first row's; keyed by content it stays dismissed.
  const sortHeader = frame.locator('.el-table__header-wrapper th.is-sortable');
  await sortHeader.click();
  await sortHeader.click();
  await expect(rows.first()).toContainText('脯氨酸恒格列净片');
  await expect(ui.marker(ALISARTAN)).toBeVisible();
  await expect.poll(() => outlines(ui.marker(ALISARTAN), row('阿利沙坦酯片'))).toBe(true);
  await expect(ui.marker(HENGGLIFLOZIN)).toHaveCount(0);

  // The line above 阿利沙坦酯片 deleted: it moves up a row and keeps its marker.
  await frame.locator('.el-table__fixed-right tr.el-table__row [data-action="delete"]').first().click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('阿利沙坦酯片');
  await expect.poll(() => outlines(ui.marker(ALISARTAN), row('阿利沙坦酯片'))).toBe(true);
  await expect(ui.markers).toHaveCount(1);
  await screenshot(page, 'iframe-spa-row-keys');

  // Each finding was shown once: redrawn rows were never taken for new lines.
  const shown = (await flagEvents(sw)).filter((e) => e.type === 'finding-shown' && e.profileId === 'demo-inpatient');
  const identities = shown.map((e) => (e.type === 'finding-shown' ? `${e.finding.lineId}|${e.finding.ruleId}|${e.finding.kind}` : ''));
  expect(new Set(identities).size).toBe(identities.length);
  expect(identities.some((i) => i.startsWith(`${ALISARTAN}|`))).toBe(true);
  expect(identities.some((i) => i.startsWith(`${HENGGLIFLOZIN}|`))).toBe(true);
  expect(errors).toEqual([]);
});

test('a missing order table in the iframe shows 页面适配失效', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await ui.firstCheck();
  await page.frame({ name: 'mainFrame' })!.evaluate(() => document.getElementById('orderTable')!.remove());
  await expect(ui.badge).toHaveAttribute('data-state', 'adapter-broken');
  await expect(ui.badge).toHaveAttribute('title', /未找到医嘱表格/);
  expect(errors).toEqual([]);
});

test('a page with a strict CSP and Trusted Types', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'csp.html');
  const served = await context.request.get(`${demo.url}/csp.html`);
  expect(served.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
  // The policy is really in force: an inline script the page would add does not run.
  const inlineRan = await page.evaluate(() => {
    try {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
    } catch {
      // Trusted Types refuse the assignment outright.
    }
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  const ui = overlay(page);
  await ui.firstCheck();
  await gridInput(page, '2', 'days').fill('12');
  await expect(ui.marker('2')).toBeVisible();
  await ui.marker('2').click();
  await expect(ui.popover).toContainText('门诊处方 12 天');
  // Our styles apply inside the shadow root despite the policy.
  const badgeRadius = await ui.badge.evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  expect(badgeRadius).toBe('14px');
  await screenshot(page, 'csp-page');
  expect(errors).toEqual([]);
});

test('a hostile page that restyles and removes our host element', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'hostile.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.badge).toBeVisible();
  // Its stylesheet hides anything with "preflight" in it and unsets unknown body children.
  const hostStyle = await ui.host.evaluate((el) => {
    const style = getComputedStyle(el);
    return { display: style.display, visibility: style.visibility, position: style.position };
  });
  expect(hostStyle).toEqual({ display: 'block', visibility: 'visible', position: 'absolute' });
  const badgeFont = await ui.badge.evaluate((el) => getComputedStyle(el).fontSize);
  expect(badgeFont).toBe('12px'); // not the page's 22px root size

  // The page sweeps unknown elements out of <body> every second; the overlay comes back at once.
  await page.evaluate(() => (window as unknown as { __hostileSweep(): void }).__hostileSweep());
  const removals = () => page.evaluate(() => (window as unknown as { __hostileRemoved: number }).__hostileRemoved);
  // Each sweep removes our host again: waiting for the count to move is waiting for one more sweep.
  const nextSweep = async () => {
    const before = await removals();
    await expect.poll(removals).toBeGreaterThan(before);
  };
  await expect.poll(removals).toBeGreaterThan(0);
  await expect(ui.host).toHaveCount(1);
  await expect(ui.badge).toBeVisible();

  await gridInput(page, '2', 'days').fill('15');
  await expect(ui.marker('2')).toBeVisible();
  await nextSweep();
  await expect(ui.marker('2')).toBeVisible();
  await screenshot(page, 'hostile-page');

  // The review still works across sweeps, and the page's submission goes through once.
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  await ui.dialog.locator('[data-role="continue-all"]').click();
  await nextSweep();
  await ui.dialog.locator('[data-role="continue"]').click();
  await expect.poll(() => submissions(page)).toBe(1);
  expect(errors).toEqual([]);
});
