import type { FrameLocator, Locator, Page } from '@playwright/test';
import { rowKeyOf } from '../../adapters/row-key';
import { test, expect } from './fixtures';
import { openDemo, overlay, screenshot } from './preflight-page';

/**
 * The field picker on a HIS built of frames (demo/emr/frames-his.html): the patient and the
 * admission diagnoses in the upper frame, the order grid in the lower one. Started from the options
 * page as the 医保办 would, the panel opens in the grid's frame; the patient's values and diagnoses
 * are clicked where the page shows them, in the other frame; a click on a label there gets the
 * hint instead of a wrong value. Saved and reloaded, the order frame is checked with the sex and
 * diagnoses the upper frame reads — and follows a diagnosis deleted there.
 */

declare const chrome: typeof import('wxt/browser').browser;

const PROFILE_ID = 'frames-his-e2e';
const UP = '/frames-patient.html';
const LABEL_HINT = '请点击数值本身，而不是标签';
const KEY_FIELDS = ['code', 'name', 'group'] as const;
const FINASTERIDE = rowKeyOf({ code: 'XG04CBF019A001010100030', name: '非那雄胺片', group: '1' }, KEY_FIELDS)!;
const DYDROGESTERONE = rowKeyOf({ code: 'XG03DBD084A001010102180', name: '地屈孕酮片', group: '3' }, KEY_FIELDS)!;

function panelOf(frame: FrameLocator) {
  const panel = frame.locator('pf-picker=.pk-panel');
  return {
    panel,
    field: (id: string) => panel.locator(`.pk-field[data-field="${id}"]`),
    notice: panel.locator('[data-role="notice"]'),
    preview: panel.locator('[data-role="preview"]'),
  };
}

async function pointAt(page: Page, target: Locator): Promise<{ x: number; y: number }> {
  const box = await target.boundingBox();
  if (!box) throw new Error('target not visible');
  const point = { x: box.x + Math.min(box.width / 2, 20), y: box.y + box.height / 2 };
  // In steps, as a hand moves: a single jump into another frame may reach it without a mousemove.
  await page.mouse.move(point.x, point.y, { steps: 3 });
  return point;
}

/** Arms a field in the panel and waits until the picker in `frame` takes the pointer there. */
async function arm(ui: ReturnType<typeof panelOf>, fieldId: string, frame: FrameLocator): Promise<void> {
  await ui.field(fieldId).locator('[data-role="pick"]').click();
  await expect(frame.locator('pf-picker=[data-role="catcher"]')).toBeVisible();
}

/** Arms a field in the panel, then clicks the element in `frame`, whichever frame shows it. */
async function assign(page: Page, ui: ReturnType<typeof panelOf>, fieldId: string, frame: FrameLocator, target: Locator): Promise<void> {
  await arm(ui, fieldId, frame);
  const { x, y } = await pointAt(page, target);
  await page.mouse.click(x, y);
  await expect(ui.field(fieldId).locator('.pk-dot')).toHaveClass(/pk-set/);
}

test('pick the patient and diagnoses in one frame and the grid in another; the saved profile checks the order across both', async ({ context, demo, extensionId, serviceWorker }) => {
  test.setTimeout(120_000);
  const sw = await serviceWorker();
  const { page, errors } = await openDemo(context, demo, 'frames-his.html');
  await page.setViewportSize({ width: 1366, height: 768 });
  const upper = page.frameLocator('#patientFrame');
  const lower = page.frameLocator('#orderFrame');
  await expect(lower.locator('tr.og-row')).toHaveCount(3);
  await expect(upper.locator('li.fh-tag')).toHaveCount(2);
  await expect(overlay(lower).host).toHaveCount(0);

  // 站点配置 → 在页面上选取字段… → this tab → 开始选取: the launcher puts the picker in every frame.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#tab-profiles').click({ timeout: 30_000 });
  await options.locator('#profile-pick').click();
  const target = await options.locator('#picker-target option', { hasText: 'frames-his.html' }).getAttribute('value');
  await options.locator('#picker-target').selectOption(target!);
  await options.locator('#picker-start').click();
  await expect(options.locator('.op-notice[role="status"]')).toContainText('已在页面');
  await page.bringToFront();

  // The panel opens in the frame with the order grid.
  const ui = panelOf(lower);
  await expect(ui.panel).toBeVisible();
  await expect(upper.locator('pf-picker=.pk-panel')).toHaveCount(0);

  const cell = (label: string) => upper.locator('#ptBar td.lbl', { hasText: new RegExp(`^${label}$`) });
  const value = (label: string) => cell(label).locator('xpath=following-sibling::td[1]');

  // 性别 is clicked in the upper frame: its picker shows what a click takes, the panel records the frame.
  await arm(ui, 'patient.sex', upper);
  await pointAt(page, value('性别'));
  await expect(upper.locator('pf-picker=[data-role="hover"]')).toContainText('性别 ← 「性别」旁边的值');
  await page.mouse.click(...Object.values(await pointAt(page, value('性别'))) as [number, number]);
  await expect(ui.field('patient.sex').locator('[data-role="value"]')).toHaveText('男 → M');
  await expect(ui.field('patient.sex').locator('.pk-sub')).toContainText(`（框架 ${UP}）`);

  // A click on the label 年龄 instead of its value: the hint, in the frame and in the panel; nothing assigned.
  await arm(ui, 'patient.age', upper);
  await pointAt(page, cell('年龄'));
  await expect(upper.locator('pf-picker=[data-role="hover"]')).toHaveText(LABEL_HINT);
  const labelPoint = await pointAt(page, cell('年龄'));
  await page.mouse.click(labelPoint.x, labelPoint.y);
  await expect(ui.notice).toHaveText(`年龄：${LABEL_HINT}`);
  await expect(ui.field('patient.age').locator('.pk-dot')).not.toHaveClass(/pk-set/);
  await screenshot(page, 'picker-label-hint');
  await page.mouse.click(...Object.values(await pointAt(page, value('年龄'))) as [number, number]);
  await expect(ui.field('patient.age').locator('[data-role="value"]')).toHaveText('71岁 → 71 岁');

  await assign(page, ui, 'patient.key', upper, value('住院号'));
  await assign(page, ui, 'encounter.insuranceType', upper, value('费别'));
  await assign(page, ui, 'encounter.department', upper, value('科室'));
  await assign(page, ui, 'diagnoses.code', upper, upper.locator('.dx-code').first());
  await assign(page, ui, 'diagnoses.name', upper, upper.locator('.dx-name').first());
  await ui.field('encounter.visitType').locator('select').selectOption('inpatient');

  // The grid, in the panel's own frame; its header is a label too.
  const row = lower.locator('tr.og-row').first();
  const td = (n: number) => row.locator('td').nth(n);
  await assign(page, ui, 'lines', lower, td(2));
  await arm(ui, 'lines.days', lower);
  const header = await pointAt(page, lower.locator('tr.og-head th', { hasText: '天数' }));
  await page.mouse.click(header.x, header.y);
  await expect(ui.notice).toContainText(`天数：${LABEL_HINT}：这是表头`);
  await page.keyboard.press('Escape');
  for (const [id, n] of [['lines.group', 0], ['lines.name', 1], ['lines.code', 2], ['lines.spec', 3], ['lines.dose', 4], ['lines.doseUnit', 5], ['lines.route', 6], ['lines.frequency', 7], ['lines.unit', 10]] as const) {
    await assign(page, ui, id, lower, td(n));
  }
  await assign(page, ui, 'lines.days', lower, td(8).locator('input'));
  await assign(page, ui, 'lines.quantity', lower, td(9).locator('input'));
  await assign(page, ui, 'submit.controls', lower, lower.locator('#btnSave'));

  // The preview reads the order as the content script will: the patient and diagnoses from above.
  await expect(ui.preview.locator('[data-role="patient"]')).toContainText('性别 男');
  await expect(ui.preview.locator('[data-role="patient"]')).toContainText('71 岁');
  await expect(ui.preview.locator('[data-role="diagnoses"]')).toContainText('N40.x00 前列腺增生（主）');
  await expect(ui.preview.locator('[data-role="lines"] tbody tr')).toHaveCount(3);
  await screenshot(page, 'picker-frames-build');

  await ui.panel.locator('#pk-profile-id').fill(PROFILE_ID);
  await ui.panel.locator('#pk-save').click();
  await expect(ui.panel.locator('[data-role="saved"]')).toContainText(`已保存「${PROFILE_ID}」`);
  type Stored = { id: string; patient: { sex: { frame?: string } }; diagnoses: { frame?: string }; orders: { rowKey?: string[]; table: string } };
  const stored = await sw.evaluate(async () => (await chrome.storage.local.get('preflight.deployment'))['preflight.deployment'] as { siteProfiles?: Stored[] });
  const saved = stored.siteProfiles?.find((p) => p.id === PROFILE_ID);
  expect(saved?.patient.sex.frame).toBe(UP);
  expect(saved?.diagnoses.frame).toBe(UP);
  expect(saved?.orders).toMatchObject({ table: '#orderGrid', rowKey: [...KEY_FIELDS] });

  // Reloaded, the order frame is checked with the upper frame's patient: 地屈孕酮片 is for women.
  await page.reload();
  const checked = overlay(lower);
  await expect(checked.badge).toHaveAttribute('data-state', 'checked', { timeout: 15_000 });
  await expect(checked.marker(DYDROGESTERONE)).toBeVisible();
  // 前列腺增生 above is what 非那雄胺片 is paid for: nothing to say about it.
  await expect(checked.marker(FINASTERIDE)).toHaveCount(0);
  await expect(checked.badge).not.toHaveAttribute('title', /未读取/);
  await checked.marker(DYDROGESTERONE).click();
  await expect(checked.popover).toContainText('地屈孕酮片');
  await screenshot(page, 'picker-frames-checked');
  await page.keyboard.press('Escape');

  // The doctor deletes 前列腺增生 in the upper frame: the lower frame's check follows at once.
  await upper.locator('li.fh-tag', { hasText: '前列腺增生' }).locator('.dx-del').click();
  await expect(checked.marker(FINASTERIDE)).toBeVisible();
  await checked.marker(FINASTERIDE).click();
  await expect(checked.popover).toContainText('前列腺增生');
  expect(errors).toEqual([]);
});
