import type { Locator, Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { openDemo, overlay, screenshot } from './preflight-page';

/**
 * The field picker on a page no built-in profile knows (demo/emr/picker-target.html): started the
 * way the options page starts it (inject content-scripts/picker.js, then preflight.picker.start),
 * fields assigned by clicking, the live preview read, the profile saved — and after a reload the
 * page is checked with it: typing an over-limit course flags the line.
 */

declare const chrome: typeof import('wxt/browser').browser;

const PROFILE_ID = 'picker-target-e2e';

/** What adapters/authoring/launch.ts does from an extension page, run in the service worker. */
async function startPicker(sw: Worker, pageUrl: string): Promise<unknown> {
  return sw.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
    await chrome.scripting.executeScript({ target: { tabId: tab.id, frameIds: [0] }, files: ['/content-scripts/picker.js'] });
    return chrome.tabs.sendMessage(tab.id, { type: 'preflight.picker.start' }, { frameId: 0 });
  }, pageUrl);
}

function picker(page: Page) {
  const panel = page.locator('pf-picker=.pk-panel');
  return {
    panel,
    field: (id: string) => panel.locator(`.pk-field[data-field="${id}"]`),
    hint: panel.locator('[data-role="hint"]'),
    notice: panel.locator('[data-role="notice"]'),
    preview: panel.locator('[data-role="preview"]'),
    hover: page.locator('pf-picker=[data-role="hover"]'),
  };
}

/** Arms a field in the panel, then clicks the page element (our transparent layer takes the click). */
async function assign(page: Page, fieldId: string, target: Locator): Promise<void> {
  const ui = picker(page);
  await ui.field(fieldId).locator('[data-role="pick"]').click();
  const box = await target.boundingBox();
  if (!box) throw new Error(`${fieldId}: target not visible`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(ui.field(fieldId).locator('.pk-dot')).toHaveClass(/pk-set/);
}

test('build a site profile by clicking, see the preview, save it, and the reloaded page is checked with it', async ({ context, demo, serviceWorker }) => {
  test.setTimeout(60_000);
  const sw = await serviceWorker();
  const { page, errors } = await openDemo(context, demo, 'picker-target.html');
  // No profile knows this page: Preflight stays out of it.
  await page.waitForTimeout(300);
  await expect(overlay(page).host).toHaveCount(0);

  expect(await startPicker(sw, `${demo.url}/picker-target.html`)).toEqual({ ok: true, active: true });
  const ui = picker(page);
  await expect(ui.panel).toBeVisible();

  const value = (label: string) => page.locator('.ky-info td.k', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::td[1]');
  const line1 = page.locator('tr.rx-line[data-line="a1"]');
  const cell = (n: number) => line1.locator('td').nth(n);

  // While armed, the page does not react to clicks: its send button stays unsent, Esc disarms.
  await ui.field('submit.controls').locator('[data-role="pick"]').click();
  await page.keyboard.press('Escape');
  await expect(ui.hint).not.toContainText('请在页面上点击');

  // The label instead of the value: a hint, not a locator that would read 性别 as the patient's sex.
  await ui.field('patient.sex').locator('[data-role="pick"]').click();
  const labelCell = page.locator('.ky-info td.k', { hasText: /^性别$/ });
  const labelBox = (await labelCell.boundingBox())!;
  await page.mouse.move(labelBox.x + labelBox.width / 2, labelBox.y + labelBox.height / 2);
  await expect(ui.hover).toHaveText('请点击数值本身，而不是标签');
  await page.mouse.click(labelBox.x + labelBox.width / 2, labelBox.y + labelBox.height / 2);
  await expect(ui.notice).toHaveText('性别：请点击数值本身，而不是标签');
  await expect(ui.field('patient.sex').locator('.pk-dot')).not.toHaveClass(/pk-set/);
  await page.keyboard.press('Escape');
  await assign(page, 'patient.sex', value('性别'));
  await expect(ui.field('patient.sex')).toContainText('女 → F');
  await assign(page, 'patient.age', value('年龄'));
  await assign(page, 'encounter.insuranceType', value('费别'));
  await expect(ui.field('encounter.insuranceType')).toContainText('城镇职工 → employee');
  await assign(page, 'encounter.visitType', value('就诊类型'));
  await assign(page, 'encounter.department', value('科室'));
  await assign(page, 'patient.key', value('就诊卡号'));
  await assign(page, 'diagnoses.code', page.locator('.dx-item .icd').first());
  await assign(page, 'diagnoses.name', page.locator('.dx-item .dx-name').first());
  // The 手术操作 table and 妊娠哺乳, like the diagnoses and the patient's values.
  const opRow = page.locator('#opCard tbody tr').first();
  await assign(page, 'operations.code', opRow.locator('td').nth(0));
  await expect(ui.notice).toContainText('1 项手术操作');
  await assign(page, 'operations.name', opRow.locator('td').nth(1));
  await assign(page, 'operations.date', opRow.locator('td').nth(2));
  await expect(ui.field('operations.date')).toContainText('2026-11-20');
  await assign(page, 'patient.maternity', value('妊娠哺乳'));

  // Hovering a cell while 天数 is armed says what a click would assign.
  await ui.field('lines.days').locator('[data-role="pick"]').click();
  const daysBox = (await cell(8).boundingBox())!;
  await page.mouse.move(daysBox.x + daysBox.width / 2, daysBox.y + daysBox.height / 2);
  await expect(ui.hover).toContainText('天数 ← 医嘱表格');
  await screenshot(page, 'picker-hover');
  await page.mouse.click(daysBox.x + daysBox.width / 2, daysBox.y + daysBox.height / 2);
  await expect(ui.notice).toContainText('列「疗程(天)」');

  await assign(page, 'lines.code', cell(1));
  await assign(page, 'lines.name', cell(2));
  await assign(page, 'lines.spec', cell(3));
  await assign(page, 'lines.dose', cell(4));
  await assign(page, 'lines.doseUnit', cell(5));
  await assign(page, 'lines.route', cell(6));
  await assign(page, 'lines.frequency', cell(7));
  await assign(page, 'lines.quantity', cell(9).locator('input'));
  await assign(page, 'lines.unit', cell(10));
  await assign(page, 'submit.controls', page.locator('.ky-send'));
  expect(await page.evaluate(() => (window as unknown as { __submitted: unknown[] }).__submitted.length)).toBe(0);

  // The live preview: the canonical order as the content script will read it.
  await expect(ui.preview.locator('[data-role="lines"] tbody tr')).toHaveCount(2);
  await expect(ui.preview.locator('tr[data-line-id="a1"]')).toContainText('XC09CAA284A001010100553');
  await expect(ui.preview.locator('[data-role="patient"]')).toContainText('性别 女');
  await expect(ui.preview.locator('[data-role="patient"]')).toContainText('45 岁');
  await expect(ui.preview.locator('[data-role="diagnoses"]')).toContainText('I10.x03 高血压1级（主）');
  await expect(ui.preview.locator('[data-role="operations"]')).toContainText('88.5500 单根导管冠状动脉造影 2026-11-20');
  await expect(ui.preview.locator('[data-role="patient"]')).toContainText('非妊娠哺乳期');
  await expect(ui.preview.locator('[data-role="no-problems"]')).toBeVisible();

  // It follows the page: the doctor's edit shows at once.
  await cell(8).locator('input').fill('5');
  await expect(ui.preview.locator('tr[data-line-id="a1"] td').nth(6)).toHaveText('5');
  await cell(8).locator('input').fill('7');
  await screenshot(page, 'picker-build');

  // An invalid id is refused with its path; a good one saves.
  await ui.panel.locator('#pk-profile-id').fill('Bad Id');
  await ui.panel.locator('#pk-save').click();
  await expect(ui.panel.locator('[data-role="issues"]')).toContainText('id');
  await ui.panel.locator('#pk-profile-id').fill(PROFILE_ID);
  await ui.panel.locator('#pk-save').click();
  await expect(ui.panel.locator('[data-role="saved"]')).toContainText(`已保存「${PROFILE_ID}」`);
  await screenshot(page, 'picker-saved');

  type StoredProfile = { id: string; orders: { fields: Record<string, unknown> }; operations?: { within: string; rows: string; date?: unknown } };
  const stored = await sw.evaluate(async () => (await chrome.storage.local.get('preflight.deployment'))['preflight.deployment'] as { siteProfiles?: StoredProfile[] });
  const saved = stored.siteProfiles?.find((p) => p.id === PROFILE_ID);
  expect(saved?.orders.fields['days']).toEqual({ column: '疗程(天)', transform: ['days'] });
  expect(saved?.operations).toMatchObject({ within: '#opCard', date: { transform: ['date'] } });

  // Reloaded, the page is checked with the new profile: 10 days on an outpatient prescription is flagged.
  await ui.panel.locator('#pk-reload').click();
  await page.waitForLoadState('domcontentloaded');
  const checked = overlay(page);
  await expect(checked.badge).toHaveAttribute('data-state', 'checked', { timeout: 15_000 });
  await expect(page.locator('preflight-picker')).toHaveCount(0);
  await expect(checked.marker('a1')).toHaveCount(0);
  await line1.locator('input.days').fill('10');
  await expect(checked.marker('a1')).toBeVisible();
  await checked.marker('a1').click();
  await expect(checked.popover).toContainText('门诊处方 10 天，超过 7 天');
  await screenshot(page, 'picker-profile-in-use');
  // The profile lets one-click fixes write 天数 back into the page's input.
  await checked.popover.locator('.pf-action[data-action="set-days"]').click();
  await expect(line1.locator('input.days')).toHaveValue('7');
  await expect(checked.marker('a1')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('repair mode marks the fields a changed page no longer has', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  const { page } = await openDemo(context, demo, 'picker-target.html');
  // A profile written for an older version of the page: its 天数 column was called 天数 then.
  const profile = {
    profileVersion: 1,
    id: 'picker-target-old',
    name: '康源（旧版）',
    match: { urls: [`${demo.url}/*`], paths: ['/nowhere.html'] },
    patient: { sex: { label: '性别', within: '#visitCard', transform: ['sex'] } },
    orders: {
      table: '.ky-rx',
      rows: 'tr.rx-line',
      headerRow: 'thead tr',
      fields: { code: { column: '国家医保编码' }, days: { column: '天数', transform: ['days'] } },
    },
  };
  const reply = await sw.evaluate(
    async ([url, p]) => {
      const [tab] = await chrome.tabs.query({ url });
      await chrome.scripting.executeScript({ target: { tabId: tab!.id!, frameIds: [0] }, files: ['/content-scripts/picker.js'] });
      return chrome.tabs.sendMessage(tab!.id!, { type: 'preflight.picker.start', profile: p }, { frameId: 0 });
    },
    [`${demo.url}/picker-target.html`, profile] as const,
  );
  expect(reply).toEqual({ ok: true, active: true });
  const ui = picker(page);
  await expect(ui.panel).toContainText('修复站点配置：picker-target-old');
  await expect(ui.hint).toContainText('1 个字段在此页面上已失效');
  await expect(ui.field('lines.days').locator('.pk-badge')).toHaveText('失效');
  await expect(ui.field('patient.sex').locator('.pk-badge')).toHaveCount(0);
  // An optional column gone leaves the order checkable (#14): reported, not 页面适配失效.
  await expect(ui.preview).toContainText('天数：表头中没有「天数」列');
  await expect(ui.preview).not.toContainText('页面适配失效');
  await screenshot(page, 'picker-repair');

  await assign(page, 'lines.days', page.locator('tr.rx-line').first().locator('td').nth(8));
  await expect(ui.field('lines.days').locator('.pk-badge')).toHaveCount(0);
  await expect(ui.preview.locator('[data-role="no-problems"]')).toBeVisible();

  await ui.panel.locator('[data-role="close"]').click();
  await expect(page.locator('preflight-picker')).toHaveCount(0);
  // Closed, the page works as before: its own button sends.
  await page.locator('.ky-send').click();
  expect(await page.evaluate(() => (window as unknown as { __submitted: unknown[] }).__submitted.length)).toBe(1);
});
