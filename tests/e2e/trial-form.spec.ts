import path from 'node:path';
import type { Page } from '@playwright/test';
import { LATIN_ALLOWED } from '../unit/review/latin-words';
import { expect, test } from './fixtures';
import { ARTIFACTS } from './preflight-page';
import { tightenCourseAndPublish } from './profiles';

/**
 * Issue #11, 试算 by form: a 医保办 clerk builds a test order without typing JSON — a diagnosis
 * found by name, a drug by pinyin initials — runs it and saves it as a 试算用例; then tightens the
 * 丁苯酞软胶囊 payment course (20 → 5 days) and publishes that as a new version; 用例回归 against
 * the new version shows the case's changed result, finding by finding.
 */

const COURSE_RULE = 'cat-course-丁苯酞软胶囊';
const CASE_NAME = '脑梗死 丁苯酞软胶囊 10 天';
const V2 = '2026.11.2';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `trial-form-${name}.png`), fullPage: false });

/** Latin words in the 试算 tab's own text; codes, ids and frequency codes (in `code`, `option`) are data. */
function latinInTrial(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const found: string[] = [];
    const root = document.querySelector('.op-trial');
    if (!root) return ['(no 试算 tab)'];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('code, option, textarea, script, style')) continue;
      for (const token of (node.textContent ?? '').split(/[^A-Za-z0-9_.\-/:]+/)) if (/^[A-Za-z]{2,}$/.test(token) && !allowed.includes(token)) found.push(token);
    }
    return found;
  }, [...LATIN_ALLOWED, 'JSON']);
}

/** Types into a suggestion box and takes the suggestion whose key is `key`. */
async function pickSuggestion(page: Page, inputId: string, text: string, key: string, shotName?: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.pressSequentially(text, { delay: 20 });
  const option = page.locator(`#${inputId}-list [role="option"][data-key="${key}"]`);
  await expect(option).toBeVisible({ timeout: 15_000 });
  // The key is the match's; the list may hold others too. Arrow to it, then Enter, as a clerk would.
  const keys = await page.locator(`#${inputId}-list [role="option"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  for (let i = 0; i < keys.indexOf(key); i++) await input.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  if (shotName) await shot(page, shotName);
  await input.press('Enter');
  await expect(page.locator(`#${inputId}-list`)).toHaveCount(0);
}

test('a clerk builds a 试算 order in the form, saves it as a case and sees its result change in 用例回归 after a new version', async ({ context, extensionId }) => {
  test.setTimeout(180_000);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });

  await page.locator('#tab-trial').click();
  await expect(page.locator('#trial-mode-form')).toHaveAttribute('aria-selected', 'true');

  // Patient and encounter, all chosen or typed in fields.
  await page.locator('#trial-sex').selectOption('M');
  await page.locator('#trial-age').fill('70');
  await page.locator('#trial-department').fill('神经内科');
  await page.locator('#trial-date').fill('2026-11-22');

  // A diagnosis by name from the ICD-10 医保版 list.
  await page.locator('#trial-dx-add').click();
  await pickSuggestion(page, 'trial-dx-0', '脑梗死', 'I63.900');
  await expect(page.locator('#trial-dx-0-code')).toHaveValue('I63.900');
  await expect(page.locator('#trial-dx-0')).toHaveValue('脑梗死');

  // The drug by its pinyin initials: 丁苯酞软胶囊 → dbtrjn.
  await pickSuggestion(page, 'trial-line-0-name', 'dbtrjn', '丁苯酞软胶囊#XN07XXD130E0', 'drug-search');
  await expect(page.locator('#trial-line-0-name')).toHaveValue('丁苯酞软胶囊');
  await expect(page.locator('#trial-line-0-code')).toHaveValue('XN07XXD130E0');
  await page.locator('#trial-line-0-spec').fill('0.1g*24粒');
  await page.locator('#trial-line-0-dose').fill('0.2');
  await page.locator('#trial-line-0-doseUnit').fill('g');
  await page.locator('#trial-line-0-frequency').selectOption('tid');
  await page.locator('#trial-line-0-days').fill('10');
  await page.locator('#trial-line-0-quantity').fill('3');
  await page.locator('#trial-line-0-unit').fill('盒');

  // A mistake is named next to its field, in Chinese, and nothing runs.
  await page.locator('#trial-line-0-days').fill('十');
  await page.locator('#trial-run').click();
  await expect(page.locator('[data-error-path="line.0.days"]')).toContainText('须为不小于 0 的数字');
  await expect(page.locator('#trial-problem')).toContainText('表单有 1 处需要修改');
  await expect(page.locator('.op-trial-results')).toHaveCount(0);
  // Fixed, the field stops saying it is wrong at once.
  await page.locator('#trial-line-0-days').fill('10');
  await expect(page.locator('[data-error-path]')).toHaveCount(0);
  await expect(page.locator('#trial-problem')).toHaveCount(0);
  await shot(page, 'form');

  // Run: within the 20-day course, so no course finding; results as the doctor reads them.
  await page.locator('#trial-run').click();
  const results = page.locator('.op-trial-results');
  await expect(results).toBeVisible();
  await expect(results.locator(`tr[data-rule-id="${COURSE_RULE}"]`)).toHaveCount(0);
  // The 7-day outpatient limit of 处方管理办法 speaks, in the doctor's words, with its rule's name.
  await expect(results.locator('tr[data-rule-id="rx-day-limits"]')).toContainText('门诊处方 10 天，超过 7 天');
  await expect(results.locator('tr[data-rule-id="rx-day-limits"]')).toContainText('需确认');
  await results.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'results');

  // Save it as a 试算用例.
  await page.locator('#trial-save-name').fill(CASE_NAME);
  await page.locator('#trial-save').click();
  await expect(page.locator('.op-notice')).toContainText(`已保存用例“${CASE_NAME}”`);

  // 高级：JSON shows the order the form made; valid JSON edited there fills the form again.
  await page.locator('#trial-mode-json').click();
  const json = page.locator('#trial-input');
  await expect(json).toHaveValue(/"code": "XN07XXD130E0"/);
  await expect(json).toHaveValue(/"days": 10/);
  await expect(json).toHaveValue(/"code": "I63.900"/);
  await json.fill((await json.inputValue()).replace('"days": 10', '"days": 12'));
  await page.locator('#trial-json-to-form').click();
  await expect(page.locator('#trial-mode-form')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#trial-line-0-days')).toHaveValue('12');
  await expect(page.locator('#trial-dx-0-code')).toHaveValue('I63.900');
  expect(await latinInTrial(page)).toEqual([]);

  // The 医保办 tightens the course to 5 days and publishes it as a new version.
  await tightenCourseAndPublish(page, COURSE_RULE, V2);

  // 用例回归 against the new version: the saved case now has the course finding.
  await page.locator('#tab-trial').click();
  await page.locator('#trial-mode-cases').click();
  await page.locator('#case-target').selectOption(V2);
  await page.locator('#case-run').click();
  await expect(page.locator('#case-summary')).toContainText('共 1 个用例，1 个结果有变化');
  await expect(page.locator('#case-summary')).toContainText(`版本 ${V2}`);
  const row = page.locator(`tr[data-case="${CASE_NAME}"]`);
  await expect(row).toContainText('有变化');
  const added = row.locator(`.op-case-added li[data-rule-id="${COURSE_RULE}"]`);
  await expect(added).toContainText('丁苯酞软胶囊');
  await expect(added).toContainText('5 天');
  await expect(added).toContainText('不予支付');
  await expect(row.locator('.op-case-removed')).toContainText('—');
  expect(await latinInTrial(page)).toEqual([]);
  await shot(page, 'regression');

  // Against the baseline version the case is as saved; accepting the change makes it the expected result.
  await page.locator('#case-target').selectOption('2026.11.1');
  await page.locator('#case-run').click();
  await expect(page.locator('#case-summary')).toContainText('0 个结果有变化');
  await page.locator('#case-target').selectOption(V2);
  await page.locator('#case-run').click();
  await row.getByRole('button', { name: '接受新结果' }).click();
  await expect(page.locator('#case-summary')).toContainText('0 个结果有变化');

  // The case opens in the form as it was saved (10 days, not the 12 typed in JSON afterwards).
  await row.getByRole('button', { name: '在表单中打开' }).click();
  await expect(page.locator('#trial-mode-form')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#trial-line-0-days')).toHaveValue('10');
  await page.locator('#trial-run').click();
  await expect(page.locator(`.op-findings tr[data-rule-id="${COURSE_RULE}"]`)).toContainText('5 天');
});

test('a clerk registers the test visit under a 门诊慢特病病种 and sees the 病种用药范围 rule judge the drug', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });
  await page.locator('#tab-trial').click();
  await page.locator('#trial-date').fill('2026-11-22');

  // No 病种 yet: an ordinary outpatient visit, which the 病种 rule leaves alone.
  const chronic = page.locator('.op-trial-chronic');
  await expect(chronic).toContainText('未登记病种');
  await page.locator('#trial-chronic-add').click();
  await chronic.evaluate((el) => el.closest('fieldset')!.scrollIntoView({ block: 'start' }));
  // Found by name among the working set's 病种用药范围, code and name both taken.
  await pickSuggestion(page, 'trial-chronic-0', '高血压', 'M03900 高血压病', 'chronic-search');
  await expect(page.locator('#trial-chronic-0')).toHaveValue('高血压病');
  await expect(page.locator('#trial-chronic-0-code')).toHaveValue('M03900');

  // 丁苯酞软胶囊 is in no 高血压病 drug list.
  await pickSuggestion(page, 'trial-line-0-name', 'dbtrjn', '丁苯酞软胶囊#XN07XXD130E0');
  await page.locator('#trial-line-0-days').fill('5');
  await shot(page, 'chronic-form');
  await page.locator('#trial-run').click();
  const finding = page.locator('.op-trial-results tr[data-rule-id="chronic-drugs"]');
  await expect(finding).toContainText('不在门诊慢特病「高血压病」的用药范围内');
  await expect(finding).toContainText('不予支付');
  await finding.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'chronic-results');

  // The order the form made carries the 病种 as the contract has it.
  await page.locator('#trial-mode-json').click();
  await expect(page.locator('#trial-input')).toHaveValue(/"chronicDiseases": \[\s*\{\s*"code": "M03900",\s*"name": "高血压病"\s*\}\s*\]/);
  await page.locator('#trial-mode-form').click();
  // Removed again, the visit is an ordinary one and the finding goes.
  await page.locator('[data-chronic="0"] .op-link').click();
  await page.locator('#trial-run').click();
  await expect(page.locator('.op-trial-results')).toBeVisible();
  await expect(page.locator('.op-trial-results tr[data-rule-id="chronic-drugs"]')).toHaveCount(0);
  expect(await latinInTrial(page)).toEqual([]);
});
