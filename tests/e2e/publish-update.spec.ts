import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { DemoServer } from '../../scripts/serve-demo';
import { generateSigningKeys, SignedPackSchema } from '../../rules/pack/signature';
import { expect, test } from './fixtures';
import { ARTIFACTS, flagEvents, gridInput, openDemo, overlay, screenshot } from './preflight-page';
import { closeProfile, launchProfile, lineFindings, openOptions, tightenCourseAndPublish, type Profile } from './profiles';

/**
 * Issue #4, "done means": the 医保办 publishes v2 in the options page of one browser, signs it
 * there and puts the file on a plain HTTP server; a second browser profile, configured with the
 * update URL and the public key in its 部署与更新 tab, picks v2 up and flags an order line that
 * v1 let through.
 *
 * The change: the 丁苯酞软胶囊 payment course (cat-course-丁苯酞软胶囊, 20 days in the built-in
 * pack) tightened to 5 days. On the outpatient demo page (丁苯酞软胶囊 is line 3) 6 days is within
 * both v1 limits (20-day course, 7-day outpatient prescription) and over v2's.
 */

const COURSE_RULE = 'cat-course-丁苯酞软胶囊';
const COURSE_LINE = '3';
const V2 = '2026.11.2';
const SIGNED_FILE = `demo-nhsa-2026-${V2}.signed.json`;

/** A static file server, as a hospital would put the signed pack on any web server. */
async function servePack(body: string): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.split('?')[0] === `/packs/${SIGNED_FILE}`) {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/packs/${SIGNED_FILE}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Types the days of the 丁苯酞软胶囊 line, as the doctor does. */
async function typeCourseDays(page: Page, days: string): Promise<void> {
  await gridInput(page, COURSE_LINE, 'days').fill(days);
}

/** Profile A, the 医保办: tighten the rule, publish v2, sign it with the private key file, keep the download. */
async function publishSignedV2(publisher: Profile, privateKeyFile: string, keyId: string): Promise<string> {
  const options = await openOptions(publisher);
  await tightenCourseAndPublish(options, COURSE_RULE, V2);

  // 签名并导出 asks for the key file first, then downloads the signed pack.
  const version = options.locator(`tr[data-version="${V2}"]`);
  const chooser = options.waitForEvent('filechooser');
  await version.getByRole('button', { name: '签名并导出' }).click();
  const download = options.waitForEvent('download');
  await (await chooser).setFiles({ name: 'key.private.jwk', mimeType: 'application/json', buffer: Buffer.from(privateKeyFile) });
  const signed = await download;
  expect(signed.suggestedFilename()).toBe(SIGNED_FILE);
  await expect(version.locator('.op-sign-done')).toContainText(keyId);
  await expect(options.locator('.op-signing-key')).toContainText(`已载入签名私钥 ${keyId}`);
  await screenshot(options, 'publish-signed');
  return readFile((await signed.path())!, 'utf8');
}

/** Profile B on the built-in pack (v1): 6 days of 丁苯酞软胶囊 is not flagged. Leaves its 部署与更新 tab open. */
async function workstationBeforeUpdate(workstation: Profile, demo: DemoServer): Promise<Page> {
  const before = await openDemo(workstation.context, demo, 'outpatient.html');
  await expect(overlay(before.page).badge).toHaveAttribute('data-state', 'checked');
  await expect(overlay(before.page).badge).toContainText('2026.11.1');
  // 8 days: v1 flags the 7-day outpatient limit, which shows the check follows the typing …
  await typeCourseDays(before.page, '8');
  await expect.poll(() => lineFindings(before.page, COURSE_LINE), { timeout: 10_000 }).toContain('超过 7 天上限');
  // … 6 days clears it, and v1 has nothing against 6 days of the course.
  await typeCourseDays(before.page, '6');
  await expect.poll(() => lineFindings(before.page, COURSE_LINE), { timeout: 10_000 }).not.toContain('超过 7 天上限');
  expect(await lineFindings(before.page, COURSE_LINE)).not.toContain('医保支付不超过');
  await overlay(before.page).marker(COURSE_LINE).click();
  await screenshot(before.page, 'publish-update-v1-not-flagged');
  expect(before.errors).toEqual([]);
  await before.page.close();

  const deploy = await openOptions(workstation);
  await deploy.locator('#tab-deployment').click();
  await expect(deploy.locator('.op-pack-status [data-field="active-version"]')).toHaveText('2026.11.1', { timeout: 15_000 });
  await expect(deploy.locator('.op-pack-status [data-field="source"]')).toHaveText('扩展内置');
  return deploy;
}

test('a version published and signed in one browser is picked up over HTTP by another and flags what v1 did not', async ({ demo }) => {
  test.setTimeout(120_000);
  const keys = await generateSigningKeys();
  let publisher: Profile | undefined;
  let workstation: Profile | undefined;
  let server: Awaited<ReturnType<typeof servePack>> | undefined;
  try {
    // Two browsers with their own profiles; they share nothing but the HTTP server, so they start side by side.
    [publisher, workstation] = await Promise.all([launchProfile('publisher'), launchProfile('workstation')]);
    const [envelopeText, deploy] = await Promise.all([
      publishSignedV2(publisher, JSON.stringify(keys.privateJwk, null, 1), keys.publicKey.keyId),
      workstationBeforeUpdate(workstation, demo),
    ]);
    await closeProfile(publisher);
    publisher = undefined;
    const envelope = SignedPackSchema.parse(JSON.parse(envelopeText));
    expect(envelope.keyId).toBe(keys.publicKey.keyId);
    const payload = JSON.parse(envelope.payload) as { version: string; rules: { id: string; params: unknown }[] };
    expect(payload.version).toBe(V2);
    expect(payload.rules.find((r) => r.id === COURSE_RULE)?.params).toEqual({ maxDays: 5 });
    server = await servePack(envelopeText);

    // The workstation's 部署与更新 tab: update URL and the public key, saved; then 立即检查更新.
    const status = deploy.locator('.op-pack-status');
    await deploy.locator('#deploy-packUpdateUrl').fill(server.url);
    await deploy.locator('#deploy-trustedKeys-paste').fill(JSON.stringify(keys.publicKey, null, 1));
    await deploy.locator('#deploy-trustedKeys-add').click();
    await expect(deploy.locator(`.op-key[data-key-id="${keys.publicKey.keyId}"]`)).toBeVisible();
    await deploy.locator('#deploy-save').click();
    await expect(deploy.locator('.op-deploy-form')).toContainText('已保存');
    await deploy.locator('#pack-check-now').click();
    await expect(status.locator('[data-field="active-version"]')).toHaveText(V2, { timeout: 20_000 });
    await expect(status.locator('[data-field="source"]')).toHaveText('更新地址');
    await expect(status.locator('[data-field="key"]')).toHaveText(keys.publicKey.keyId);
    expect(server.requests()).toBeGreaterThan(0);
    await deploy.screenshot({ path: path.join(ARTIFACTS, 'publish-update-deployment-tab.png'), fullPage: true });

    // The same typing now flags the line, with v2's limit.
    const after = await openDemo(workstation.context, demo, 'outpatient.html');
    await expect(overlay(after.page).badge).toHaveAttribute('data-state', 'checked');
    await expect(overlay(after.page).badge).toContainText(V2);
    await typeCourseDays(after.page, '6');
    await expect.poll(() => lineFindings(after.page, COURSE_LINE), { timeout: 10_000 }).toContain('丁苯酞软胶囊 医保支付不超过 5 天，本次累计 6 天');
    // The content script sends its flag events in batches after painting: wait for the record.
    const worker = workstation.worker;
    const shownVersions = async () =>
      (await flagEvents(worker)).filter((e) => e.type === 'finding-shown' && e.finding.ruleId === COURSE_RULE).map((e) => e.packVersion);
    await expect.poll(shownVersions, { timeout: 10_000 }).toEqual([V2]);
    await overlay(after.page).marker(COURSE_LINE).click();
    await screenshot(after.page, 'publish-update-v2-flagged');
    expect(after.errors).toEqual([]);
  } finally {
    await closeProfile(publisher);
    await closeProfile(workstation);
    await server?.close();
  }
});
