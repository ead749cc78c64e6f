import { expect, test } from './fixtures';
import { flagEvents, gridInput, openDemo, overlay, screenshot } from './preflight-page';

/**
 * Offline review: with no hub configured, a finding on the outpatient demo page and the doctor's
 * decision on it show up in the options page's 审核记录 tab, read from the extension's own flag log.
 */

test('a decision on the outpatient page shows in the local 审核记录 tab with its rule', async ({ context, demo, extensionId, serviceWorker }) => {
  const sw = await serviceWorker();
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();

  // 12 days on row 2: over the outpatient day limit; the doctor takes the suggested correction.
  await gridInput(page, '2', 'days').fill('12');
  await expect(ui.marker('2')).toBeVisible();
  await ui.marker('2').click();
  await ui.popover.locator('.pf-action[data-action="set-days"]').click();
  await expect(gridInput(page, '2', 'days')).toHaveValue('7');
  await expect.poll(async () => (await flagEvents(sw)).some((e) => e.type === 'decision' && e.finding.lineId === '2')).toBe(true);
  const decided = (await flagEvents(sw)).find((e) => e.type === 'decision' && e.finding.lineId === '2')!;
  if (decided.type !== 'decision') throw new Error('not a decision');
  expect(decided.decision.decision).toBe('modified');
  expect(errors).toEqual([]);
  await page.close();

  const options = await context.newPage();
  await options.setViewportSize({ width: 1366, height: 768 });
  await options.goto(`chrome-extension://${extensionId}/options.html#review`);
  await expect(options.locator('#tab-review')).toHaveAttribute('aria-selected', 'true');
  await expect(options.locator('[data-role="review-banner"]')).toContainText('未配置中心端：仅显示本机记录');

  // It opens on the prescriptions: the order just written, with its lines and the message as shown.
  const shown = (await flagEvents(sw)).find((e) => e.type === 'finding-shown' && e.finding.lineId === '2' && e.finding.ruleId === decided.finding.ruleId)!;
  if (shown.type !== 'finding-shown') throw new Error('not a shown finding');
  expect(shown.finding.message).toBeTruthy();
  expect(shown.order?.lines.length).toBeGreaterThan(1);
  await options.locator(`tr.rv-row[data-order-id="${decided.orderId}"]`).first().click();
  const prescription = options.locator('.rv-order-detail');
  await expect(prescription.locator('.rv-lines tbody tr')).toHaveCount(shown.order!.lines.length);
  for (const line of shown.order!.lines) await expect(prescription.locator(`.rv-lines tr[data-line-id="${line.id}"]`)).toContainText(line.name);
  const card = prescription.locator(`article.rv-finding[data-line-id="2"][data-rule-id="${decided.finding.ruleId}"]`);
  await expect(card.locator('.rv-finding-message')).toHaveText(shown.finding.message!);
  await expect(card.locator('.rv-finding-decision')).toContainText('已修改医嘱');
  // Named from the packs this browser holds, the id beside it.
  await expect(card.locator('.rv-finding-head .rv-id')).toHaveText(decided.finding.ruleId);
  await expect(card.locator('.rv-finding-head .rv-name')).not.toHaveText(decided.finding.ruleId);
  await expect(prescription.locator('.rv-verdict-form')).toHaveCount(0);
  await screenshot(options, 'local-review-prescription');

  await options.locator('[data-view="events"]').click();
  const row = options.locator(`tr.rv-row[data-event-id="${decided.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('.rv-rule .rv-id')).toHaveText(decided.finding.ruleId);
  await expect(row).toContainText('已修改医嘱');
  await expect(row).toContainText('心血管内科');
  await expect(options.locator('thead')).not.toContainText('复核结论');

  await row.click();
  const detail = options.locator('.rv-detail');
  await expect(detail.locator('.rv-facts')).toContainText(decided.finding.ruleId);
  await expect(detail.locator('.rv-facts')).toContainText(decided.finding.lineCode!);
  await expect(detail.locator('.rv-verdict-form')).toHaveCount(0);
  await screenshot(options, 'local-review');

  // The overview counts the same log: this decision is one of the corrected ones.
  await options.locator('[data-view="overview"]').click();
  await expect(options.locator('.rv-headline')).toBeVisible();
  await expect(options.locator('.rv-card').first()).toBeVisible();
  await screenshot(options, 'local-review-overview');

  // The popup links to the same tab.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('[data-role="review-log"]')).toHaveText('查看本机审核记录');
  await expect(popup.locator('[data-role="review-log"]')).toHaveAttribute('href', `chrome-extension://${extensionId}/options.html#review`);
});
