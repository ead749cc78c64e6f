import { test, expect } from './fixtures';
import { flagEvents, gridInput, openDemo, overlay, screenshot, storeSettings, submissions } from './preflight-page';

/** The content script on the other demo EMRs: an SPA in an iframe, a strict CSP, a hostile page. */

test('the inpatient SPA inside an iframe: markers follow re-rendered rows and the save goes through', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  // This ward reviews warnings before saving too (by default only critical findings interrupt).
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  // Only the frame has an order screen: the shell page gets no overlay.
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
  await expect(page.locator('preflight-overlay')).toHaveCount(0);

  // 出院带药: the SPA replaces every row. 45 days of 阿利沙坦酯片 is over the 30-day discharge limit.
  await frame.locator('.el-tabs__item', { hasText: '出院带药' }).click();
  const days = frame.locator('#orderTable .el-table__body-wrapper tr.el-table__row').nth(1).locator('input[data-field="days"]');
  await expect(days).toHaveValue('30');
  await days.fill('45');
  await days.press('Tab');
  await expect(ui.marker('2')).toBeVisible();
  // The table fills its frame, so the row is outlined (no gutter): the frame's top edge takes the click.
  await expect(ui.marker('2')).toHaveClass(/pf-marker-outline/);
  await ui.marker('2').click({ position: { x: 40, y: 1 } });
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

test('a missing order table in the iframe shows 页面适配失效', async ({ context, demo }) => {
  const { page, errors } = await openDemo(context, demo, 'inpatient.html');
  const frame = page.frameLocator('#mainFrame');
  const ui = overlay(frame);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
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
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
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
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
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
  await expect.poll(() => page.evaluate(() => (window as unknown as { __hostileRemoved: number }).__hostileRemoved)).toBeGreaterThan(0);
  await expect(ui.host).toHaveCount(1);
  await expect(ui.badge).toBeVisible();

  await gridInput(page, '2', 'days').fill('15');
  await expect(ui.marker('2')).toBeVisible();
  await page.waitForTimeout(1200); // at least one more sweep
  await expect(ui.marker('2')).toBeVisible();
  await screenshot(page, 'hostile-page');

  // The review still works across sweeps, and the page's submission goes through once.
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  await ui.dialog.locator('[data-role="continue-all"]').click();
  await page.waitForTimeout(1100);
  await ui.dialog.locator('[data-role="continue"]').click();
  await expect.poll(() => submissions(page)).toBe(1);
  expect(errors).toEqual([]);
});
