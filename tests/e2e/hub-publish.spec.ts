import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startSeededHub, type SeededHub } from './dashboard-hub';
import { expect, test } from './fixtures';
import { ARTIFACTS, gridInput, openDemo, overlay } from './preflight-page';
import { closeProfile, launchProfile, lineFindings, openOptions, tightenCourseAndPublish, type Profile } from './profiles';

/**
 * Issue #11, publishing in one place: the 医保办 tightens a rule in the options page, exports the
 * version and publishes it through the hub's 规则发布 view — no key file, no command line; the hub
 * signs it. A second browser configured as a workstation (update URL on the hub, its token, the
 * hub's public key from that view) picks it up and flags what the built-in pack let through.
 * Restoring the first content under a new version brings the old behaviour back.
 *
 * The change, as in publish-update.spec.ts: the 丁苯酞软胶囊 payment course (20 days built in)
 * tightened to 5; on the outpatient demo page (line 3) 6 days is then over it.
 */

const COURSE_RULE = 'cat-course-丁苯酞软胶囊';
const COURSE_LINE = '3';
const V1 = '2026.11.1';
const V2 = '2026.11.2';
const RESTORED = '2026.11.3';
const COURSE_FLAG = '丁苯酞软胶囊 医保支付不超过 5 天，本次累计 6 天';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `hub-publish-${name}.png`), fullPage: true });

/** 导出 JSON of one version in the options page's 版本 tab: the file the 医保办 hands to the hub. */
async function exportVersion(options: Page, version: string): Promise<string> {
  const download = options.waitForEvent('download');
  await options.locator(`tr[data-version="${version}"]`).getByRole('button', { name: '导出 JSON' }).click();
  return readFile((await (await download).path())!, 'utf8');
}

/** The 医保办's options page: export the first version, tighten the course rule, publish V2 there and export it. */
async function editAndExport(office: Profile): Promise<{ v1: string; v2: string }> {
  const options = await openOptions(office);
  await options.locator('#tab-versions').click();
  await expect(options.locator(`tr[data-version="${V1}"]`)).toBeVisible({ timeout: 20_000 });
  const v1 = await exportVersion(options, V1);

  await tightenCourseAndPublish(options, COURSE_RULE, V2);
  const v2 = await exportVersion(options, V2);
  await options.close();
  return { v1, v2 };
}

async function openPublishView(office: Profile, hub: SeededHub): Promise<Page> {
  const page = await office.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${hub.base}/?view=publish`);
  await page.getByLabel('访问令牌').fill(hub.tokens['insurance-office']);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '发布新版本' })).toBeVisible();
  return page;
}

/** Chooses an exported file in 规则发布, checks the preview, writes the changelog and publishes. */
async function publishFile(page: Page, name: string, text: string, changelog: string, expectPreview: (preview: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  await page.locator('#publish-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const preview = page.locator('.db-preview');
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expectPreview(preview);
  await page.locator('#publish-text').fill(changelog);
  await page.locator('#publish-submit').click();
}

async function checkForUpdate(deploy: Page, version: string): Promise<void> {
  await deploy.locator('#pack-check-now').click();
  await expect(deploy.locator('.op-pack-status [data-field="active-version"]')).toHaveText(version, { timeout: 20_000 });
}

/**
 * Types 6 days of 丁苯酞软胶囊 on the demo page and returns what the line's popover says. 8 days
 * first: the outpatient 7-day limit flags it under any version, which shows the check follows the
 * typing before 6 days is read.
 */
async function sixDays(workstation: Profile, demo: Parameters<typeof openDemo>[1], version: string, name: string): Promise<string> {
  const { page, errors } = await openDemo(workstation.context, demo, 'outpatient.html');
  await expect(overlay(page).badge).toHaveAttribute('data-state', 'checked');
  await expect(overlay(page).badge).toContainText(version);
  await gridInput(page, COURSE_LINE, 'days').fill('8');
  await expect.poll(() => lineFindings(page, COURSE_LINE), { timeout: 10_000 }).toContain('超过 7 天上限');
  await gridInput(page, COURSE_LINE, 'days').fill('6');
  await expect.poll(() => lineFindings(page, COURSE_LINE), { timeout: 10_000 }).not.toContain('超过 7 天上限');
  const text = await lineFindings(page, COURSE_LINE);
  if (text) await overlay(page).marker(COURSE_LINE).click();
  await shot(page, name);
  expect(errors).toEqual([]);
  await page.close();
  return text;
}

test('the 医保办 publishes through the hub, a workstation takes it, and restoring an earlier content undoes it', async ({ demo }) => {
  test.setTimeout(240_000);
  const starting = startSeededHub({ seed: false });
  let office: Profile | undefined;
  let workstation: Profile | undefined;
  let hub: SeededHub | undefined;
  try {
    [office, workstation] = await Promise.all([launchProfile('office'), launchProfile('workstation')]);
    const [files, before] = await Promise.all([editAndExport(office), sixDays(workstation, demo, V1, 'built-in')]);
    expect(before).not.toContain('医保支付不超过');
    hub = await starting;

    // 规则发布: the first content, then the tightened one with its one changed rule listed by name.
    const dashboard = await openPublishView(office, hub);
    await expect(dashboard.locator('.db-key')).toContainText(hub.signingKey.keyId);
    await publishFile(dashboard, `demo-nhsa-2026-${V1}.json`, files.v1, '中心端首次发布：与扩展内置规则相同', async (preview) => {
      await expect(preview).toContainText('这是中心端发布的第一个规则包');
    });
    await expect(dashboard.locator('.db-notice')).toContainText(`已发布 ${V1}`, { timeout: 20_000 });
    await publishFile(dashboard, `demo-nhsa-2026-${V2}.json`, files.v2, '丁苯酞软胶囊 本院医保支付疗程收紧为 5 天', async (preview) => {
      await expect(preview.locator('.db-counts')).toHaveText(/新增 0 条，删除 0 条，修改 1 条，未变 \d+ 条/);
      const changed = preview.locator(`[data-change="changed"] li[data-rule-id="${COURSE_RULE}"]`);
      await expect(changed).toContainText('限支付疗程');
      await expect(changed).toContainText('医保支付最多天数：20 → 5');
      await shot(dashboard, 'preview');
    });
    await expect(dashboard.locator('.db-notice')).toContainText(`已发布 ${V2}`, { timeout: 20_000 });
    await expect(dashboard.locator(`.db-history tr[data-version="${V2}"]`)).toContainText('生效中');
    const publicKey = (await dashboard.locator('#hub-public-key').textContent())!;

    // The workstation: the hub as update URL and upload target, its token, and the hub's public key.
    const deploy = await openOptions(workstation);
    await deploy.locator('#tab-deployment').click();
    await deploy.locator('#deploy-packUpdateUrl').fill(`${hub.base}/api/v1/packs/latest`);
    await deploy.locator('#deploy-hubUrl').fill(hub.base);
    await deploy.locator('#deploy-hubToken').fill(hub.workstationTokens[0]!);
    await deploy.locator('#deploy-trustedKeys-paste').fill(publicKey);
    await deploy.locator('#deploy-trustedKeys-add').click();
    await expect(deploy.locator(`.op-key[data-key-id="${hub.signingKey.keyId}"]`)).toBeVisible();
    await deploy.locator('#deploy-save').click();
    await expect(deploy.locator('.op-deploy-form')).toContainText('已保存');
    await checkForUpdate(deploy, V2);
    await expect(deploy.locator('.op-pack-status [data-field="key"]')).toHaveText(hub.signingKey.keyId);
    expect(await sixDays(workstation, demo, V2, 'flagged')).toContain(COURSE_FLAG);

    // Restore the first content: published again as 2026.11.3, and 6 days passes again.
    await dashboard.locator(`.db-history tr[data-version="${V1}"]`).getByRole('button', { name: '恢复为此版本内容' }).click();
    await expect(dashboard.locator('#restore-version')).toHaveValue(RESTORED);
    await dashboard.locator('#restore-text').fill('5 天疗程误报多，待医保局答复前恢复');
    await dashboard.getByRole('button', { name: '以新版本号发布' }).click();
    await expect(dashboard.locator('.db-notice')).toContainText(`已将 ${V1} 的内容发布为 ${RESTORED}`, { timeout: 20_000 });
    await expect(dashboard.locator(`.db-history tr[data-version="${RESTORED}"]`)).toContainText(`恢复为 ${V1} 的内容`);
    await shot(dashboard, 'history');
    await checkForUpdate(deploy, RESTORED);
    expect(await sixDays(workstation, demo, RESTORED, 'restored')).not.toContain('医保支付不超过');
  } finally {
    await closeProfile(office);
    await closeProfile(workstation);
    await (hub ?? (await starting.catch(() => undefined)))?.close();
  }
});
