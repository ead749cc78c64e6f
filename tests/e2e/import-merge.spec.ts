import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot } from './fixtures';

/**
 * Issue #9, item 4: the 医保办's local edits survive a re-import. A 第三批 batch CSV (two 药品限
 * 工伤保险 rows) is imported, both rules are edited in the rule editor, the same file again keeps
 * the edits, a republished file with a new constraint text offers both as conflicts (one kept,
 * one taken), and the changelog suggested at publish time matches the published pack's diff.
 */

const shots = path.join(repoRoot, 'artifacts', 'e2e');
mkdirSync(shots, { recursive: true });

const FILE = '【第三批】药品限工伤保险.csv';
const SCAR = 'nhsa-r1-insurance-type-疤痕止痒软化膏';
const CREAM = 'nhsa-r1-insurance-type-疤痕止痒软化乳膏';
const NEW_TEXT = '限工伤保险参保人员';

/** The batch's header and first two rows; `constraint` rewrites their constraint text. */
function writeBatch(dir: string, constraint?: string): string {
  const [header, ...rows] = readFileSync(path.join(repoRoot, '..', 'shared', 'data', 'nhsa-kb-csv', FILE), 'utf8').trim().split(/\r?\n/);
  const lines = rows.slice(0, 2).map((line) => (constraint ? line.replace(',限工伤保险,', `,${constraint},`) : line));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, FILE);
  writeFileSync(file, `${[header, ...lines].join('\n')}\n`);
  return file;
}

async function importFile(page: Page, file: string) {
  await page.locator('#tab-import').click();
  await page.locator('#import-files').setInputFiles(file);
  await page.locator('#import-start').click();
  await expect(page.locator('.op-plan')).toBeVisible({ timeout: 20_000 });
}

async function mergePlan(page: Page) {
  await page.locator('#import-merge').click();
  await expect(page.locator('.op-import-report .op-notice')).toContainText('已合并');
}

async function editRule(page: Page, id: string, search: string, change: (editor: ReturnType<Page['locator']>) => Promise<void>) {
  await page.locator('#tab-rules').click();
  await page.locator('#rule-search').fill(search);
  await page.locator(`tr[data-rule-id="${id}"] .op-rule-name`).click();
  const editor = page.locator(`.op-editor[data-rule-id="${id}"]`);
  await expect(editor).toBeVisible();
  await change(editor);
  await editor.getByRole('button', { name: '保存规则' }).click();
  await expect(editor.locator('.op-notice')).toContainText('已保存');
}

test('local edits survive a re-import; conflicts are decided per rule; the changelog is the pack diff', async ({ context, extensionId }) => {
  test.setTimeout(150_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'preflight-merge-'));
  try {
    const first = writeBatch(path.join(tmp, 'v1'));
    const republished = writeBatch(path.join(tmp, 'v2'), NEW_TEXT);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });

    // The built-in pack has both rules from the 第三批 workbook; nobody edited them, so they follow the CSV.
    await importFile(page, first);
    const summary = page.locator('#import-plan-summary');
    await expect(summary).toHaveText('新增 0 条，随新发布更新 2 条，保留本院修改 0 条，冲突待定 0 条，停用或删除 0 条，无变化 0 条');
    const updated = page.locator('.op-plan-updated');
    await updated.locator('summary').click();
    const scarUpdate = updated.locator(`li[data-rule-id="${SCAR}"]`);
    await expect(scarUpdate).toContainText('疤痕止痒软化膏');
    await expect(scarUpdate).toContainText('限险种');
    await expect(scarUpdate.locator('[data-path="text"]')).toContainText('工伤保险目录用药 → 限工伤保险');
    await mergePlan(page);

    // The 医保办 lowers one rule to 提示 and disables the other.
    await editRule(page, SCAR, '疤痕止痒软化膏', async (editor) => {
      await editor.locator('#rule-severity').selectOption('info');
    });
    await editRule(page, CREAM, '疤痕止痒软化乳膏', (editor) => editor.locator('#rule-enabled').uncheck());

    // The same file again keeps both edits.
    await importFile(page, first);
    await expect(summary).toHaveText('新增 0 条，随新发布更新 0 条，保留本院修改 2 条，冲突待定 0 条，停用或删除 0 条，无变化 0 条');
    const kept = page.locator('.op-plan-keptEdit');
    await kept.locator('summary').click();
    await expect(kept.locator(`li[data-rule-id="${SCAR}"] [data-path="severity"]`)).toContainText('级别 不予支付 → 提示');
    await expect(kept.locator(`li[data-rule-id="${CREAM}"] [data-path="enabled"]`)).toContainText('启用 → 停用');
    await mergePlan(page);

    // The republished file changes the constraint of both edited rules: two conflicts.
    await importFile(page, republished);
    await expect(summary).toHaveText('新增 0 条，随新发布更新 0 条，保留本院修改 0 条，冲突待定 2 条，停用或删除 0 条，无变化 0 条');
    const conflicts = page.locator('.op-plan-conflict');
    await expect(conflicts).toHaveAttribute('open', '');
    const scarConflict = conflicts.locator(`li[data-rule-id="${SCAR}"]`);
    const textRow = scarConflict.locator('tr[data-path="text"]');
    await expect(textRow.locator('td')).toHaveText(['限定支付范围原文', '限工伤保险', '限工伤保险', NEW_TEXT]);
    await expect(scarConflict.locator('tr[data-path="severity"] td')).toHaveText(['级别', '不予支付', '提示', '不予支付']);
    // Keeping the local edit is the default.
    await expect(scarConflict.locator('input[value="mine"]')).toBeChecked();
    await expect(scarConflict.getByRole('radiogroup')).toContainText('保留本院修改');
    await expect(scarConflict.getByRole('radiogroup')).toContainText('采用新发布');
    await conflicts.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(shots, 'import-merge-conflict.png') });

    await conflicts.locator(`li[data-rule-id="${CREAM}"] input[value="theirs"]`).check();
    await mergePlan(page);
    await expect(page.locator('.op-import-report .op-notice')).toContainText('冲突 2 条（保留本院 1 条、采用新发布 1 条）');

    // The same republished file once more: nothing to decide.
    await importFile(page, republished);
    await expect(summary).toHaveText('新增 0 条，随新发布更新 0 条，保留本院修改 1 条，冲突待定 0 条，停用或删除 0 条，无变化 1 条');

    // Publish with the suggested changelog: it describes the diff the published pack holds.
    await page.locator('#tab-versions').click();
    await expect(page.locator('.op-versions')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    const changelog = page.locator('#publish-changelog');
    await expect(changelog).toHaveValue(/^新增 0 条，删除 0 条，修改 2 条\n/);
    const suggested = await changelog.inputValue();
    expect(suggested).toMatch(/疤痕止痒软化膏（限险种）：[^；\n]*级别/);
    expect(suggested).toMatch(/疤痕止痒软化乳膏（限险种）：[^；\n]*限定支付范围原文/);
    await page.locator('#publish-button').click();
    await expect(page.locator('.op-notice')).toContainText('已发布 2026.11.2');
    await expect(page.locator('tr[data-version="2026.11.2"] .op-changelog')).toHaveText(suggested);

    const diff = page.locator('.op-diff').last();
    await expect(diff).toContainText('2026.11.1 → 2026.11.2');
    const shown = /新增 (\d+) 条，删除 (\d+) 条，修改 (\d+) 条/.exec((await diff.locator('.op-diff-summary').textContent()) ?? '');
    const written = /^新增 (\d+) 条，删除 (\d+) 条，修改 (\d+) 条/.exec(suggested);
    expect(shown?.slice(1)).toEqual(written?.slice(1));
    await expect(diff.locator('.op-diff-changed li[data-rule-id]')).toHaveCount(2);
    const scarDiff = diff.locator(`li[data-rule-id="${SCAR}"]`);
    await expect(scarDiff.locator('[data-path="severity"]')).toContainText('info');
    await expect(scarDiff.locator('[data-path="text"]')).toContainText('限工伤保险');
    await expect(scarDiff.locator('[data-path="text"]')).not.toContainText(NEW_TEXT);
    const creamDiff = diff.locator(`li[data-rule-id="${CREAM}"]`);
    await expect(creamDiff.locator('[data-path="text"]')).toContainText(NEW_TEXT);
    // Taking the publication brought the rule back enabled: no enabled change is published.
    await expect(creamDiff.locator('[data-path="enabled"]')).toHaveCount(0);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

/**
 * Issue #9: an official update publication imported on its own into the built-in working set.
 * 芬太尼透皮贴剂 (第十批) loses one code and gains one; 利那洛肽胶囊 (第十二批 限适应症) gets a new
 * text that no longer says 成人. 试算 then flags what the update restricts and nothing it released.
 */
test('an update file replaces the points it names: removed code released, added code restricted, new text in force', async ({ context, extensionId }) => {
  test.setTimeout(120_000);
  const shared = path.join(repoRoot, '..', 'shared', 'data', 'nhsa-two-libs');
  const rowOf = (file: string, item: string) => {
    const line = readFileSync(path.join(shared, file), 'utf8').split(/\r?\n/).find((l) => l.split(',')[4] === item);
    if (!line) throw new Error(`${item} not in ${file}`);
    return line.split(',');
  };
  const fentanyl = rowOf('【第十批】超互联网医院药品支付范围.csv', '芬太尼透皮贴剂');
  const [released, kept, ...others] = fentanyl[7]!.split(';');
  const added = `${kept!.slice(0, 17)}019999`;
  const linaclotide = rowOf('【第十二批】药品限适应症.csv', '利那洛肽胶囊');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'preflight-update-'));
  const update = path.join(tmp, '2026年第1次更新.csv');
  writeFileSync(
    update,
    [
      'batch,published_at,rule_class,gz_code,item_name,constraint,detect_logic,med_codes,attachment_file,row',
      `,2026-10-15,超互联网医院药品支付范围,,芬太尼透皮贴剂,${fentanyl[5]},${fentanyl[6]},${[kept, ...others, added].join(';')},更新.xlsx,1`,
      `,2026-10-15,药品限适应症,GZ10000101008000,利那洛肽胶囊,限便秘型肠易激综合征(IBS-C)。,${linaclotide[6]},${linaclotide[7]},更新.xlsx,2`,
    ].join('\n') + '\n',
  );
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(page.locator('.op-count')).toContainText(/工作规则集 \d{4} 条/, { timeout: 30_000 });
    const trial = async (order: object) => {
      await page.locator('#tab-trial').click();
      // A pasted order goes in the 高级：JSON tab; the 试算 tab opens on its form.
      await page.locator('#trial-mode-json').click();
      await page.locator('#trial-input').fill(JSON.stringify(order));
      await page.locator('#trial-run').click();
      await expect(page.locator('.op-timing')).toContainText('审核');
      return page.locator('.op-findings');
    };
    const order = (code: string, name: string, extra: object = {}) => ({
      id: 'upd-1',
      patient: { key: 'p1', sex: 'M', birthDate: '2010-03-01' },
      encounter: { visitType: 'outpatient', date: '2026-11-22', internet: true, diagnoses: [{ code: 'K58.200', name: '便秘型肠易激综合征[IBS-C]', primary: true }], ...extra },
      lines: [{ id: '1', code, name, kind: 'drug', quantity: 1, days: 3 }],
    });
    // Before the update: the 成人 of the first publication refuses a 16-year-old, and the released code is restricted.
    await expect((await trial(order(linaclotide[7]!.split(';')[0]!, '利那洛肽胶囊', { internet: false }))).locator('tr[data-rule-id="nhsa-r8-age-利那洛肽胶囊"]')).toHaveCount(1);
    await expect((await trial(order(released!, '芬太尼透皮贴剂'))).locator('tr[data-rule-id="nhsa-r47-visit-type-芬太尼透皮贴剂"]')).toHaveCount(1);

    await importFile(page, update);
    const report = page.locator('.op-import-report');
    await expect(report.locator('tr[data-file="2026年第1次更新.csv"]')).toContainText('更新（2026-10-15）');
    await expect(page.locator('#import-plan-summary')).toHaveText('新增 0 条，随新发布更新 2 条，保留本院修改 0 条，冲突待定 0 条，停用或删除 1 条，无变化 0 条');
    const removed = page.locator('.op-plan-removed');
    await removed.locator('summary').click();
    await expect(removed.locator('li[data-rule-id="nhsa-r8-age-利那洛肽胶囊"]')).toBeVisible();
    await expect(removed).toContainText('2026年第1次更新.csv 第3行');
    await page.screenshot({ path: path.join(shots, 'import-update-plan.png'), fullPage: false });
    await mergePlan(page);

    await expect((await trial(order(released!, '芬太尼透皮贴剂'))).locator('tr[data-rule-id="nhsa-r47-visit-type-芬太尼透皮贴剂"]')).toHaveCount(0);
    await expect((await trial(order(added, '芬太尼透皮贴剂'))).locator('tr[data-rule-id="nhsa-r47-visit-type-芬太尼透皮贴剂"]')).toHaveCount(1);
    // A 16-year-old with IBS-C: the new text pays it (no 成人), and the diagnosis fits.
    const linaclotideFindings = await trial(order(linaclotide[7]!.split(';')[0]!, '利那洛肽胶囊', { internet: false }));
    await expect(linaclotideFindings.locator('tr[data-rule-id^="nhsa-r8-"]')).toHaveCount(0);

    // Publishing: the changelog offered is the diff, and the diff names exactly these rules.
    await page.locator('#tab-versions').click();
    await expect(page.locator('#publish-changelog')).toHaveValue(/^新增 0 条，删除 1 条，修改 2 条/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
