import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { createToken } from '../../hub/src/auth/tokens';
import type { Db } from '../../hub/src/db/db';
import { migrate } from '../../hub/src/db/migrate';
import { openPglite } from '../../hub/src/db/pglite';
import { createApp } from '../../hub/src/http/app';
import { SYNC_STATUS_KEY, type SyncStatus } from '../../log/upload/sync-status';
import { LOCAL_DEPLOYMENT_KEY } from '../../settings/deployment-store';
import { PACK_STATUS_KEY } from '../../pack-updates/status';
import { expect, repoRoot, test } from './fixtures';
import { ARTIFACTS, flagEvents, gridInput, openDemo, overlay } from './preflight-page';

/**
 * The toolbar popup: the rule pack in use and how the review log reaches the hub, after a doctor's
 * order was flagged on the outpatient demo page — first with no hub (local only), then with a
 * real hub in this process that the background uploads to.
 */

declare const chrome: typeof import('wxt/browser').browser;

/** Flags 12 days on row 2 of the outpatient prescription and waits for its record in the log. */
async function flagAnOrder(context: Parameters<typeof openDemo>[0], demo: Parameters<typeof openDemo>[1], sw: Worker): Promise<void> {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  // The first page of a fresh browser also starts the engine (the 2 MB pack is parsed once).
  await ui.firstCheck();
  await gridInput(page, '2', 'days').fill('12');
  await expect(ui.marker('2')).toBeVisible();
  await expect.poll(async () => (await flagEvents(sw)).some((e) => e.type === 'finding-shown' && e.finding.lineId === '2')).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
}

async function openPopup(context: Parameters<typeof openDemo>[0], extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 340, height: 420 });
  mkdirSync(ARTIFACTS, { recursive: true });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

function syncStatus(sw: Worker): Promise<SyncStatus | undefined> {
  return sw.evaluate(async (key) => (await chrome.storage.local.get(key))[key] as SyncStatus | undefined, SYNC_STATUS_KEY);
}

test('with no hub the popup shows the pack, 未配置 and the records kept locally', async ({ context, demo, extensionId, serviceWorker }) => {
  const sw = await serviceWorker();
  await flagAnOrder(context, demo, sw);

  // The content script's records carry the order's context, the patient only as a digest.
  const shown = (await flagEvents(sw)).find((e) => e.type === 'finding-shown' && e.finding.lineId === '2')!;
  expect(shown.context).toMatchObject({ department: '心血管内科', prescriberId: '1024' });
  expect(shown.context!.patientKey).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(await flagEvents(sw))).not.toContain('MZ202611220037');

  const total = await sw.evaluate(() => globalThis.preflightFlagLog!.count());
  await expect.poll(async () => (await syncStatus(sw))?.queued).toBe(total);

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('h1')).toHaveText('医保事前审核助手');
  await expect(popup.locator('[data-role="hub-state"]')).toHaveText('未配置');
  await expect(popup.locator('[data-role="queued"]')).toHaveText(`待上传 ${total} 条`);
  await expect(popup.locator('[data-role="upload"]')).toBeDisabled();
  const pack = await sw.evaluate(async (key) => (await chrome.storage.local.get(key))[key] as { active: { version: string } | null } | undefined, PACK_STATUS_KEY);
  if (pack?.active) await expect(popup.locator('[data-role="pack-version"]')).toHaveText(pack.active.version);
  else await expect(popup.locator('[data-role="pack"]')).toContainText('内置规则包');
  await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-local.png') });

  // English on request; the numbers stay.
  await popup.locator('.pp-lang').click();
  await expect(popup.locator('[data-role="hub-state"]')).toHaveText('Not configured');
  await expect(popup.locator('[data-role="queued"]')).toHaveText(`${total} waiting to upload`);
});

/** A hub like `npm run hub`, in memory (from the hub tests' cached empty cluster when there is one). */
async function startHub(): Promise<{ base: string; db: Db; token: string; close(): Promise<void> }> {
  const cacheDir = path.join(repoRoot, 'node_modules/.cache/preflight-hub-tests');
  const cached = existsSync(cacheDir) ? readdirSync(cacheDir).find((f) => f.endsWith('.tar')) : undefined;
  const db = await openPglite(undefined, cached ? { template: new Blob([readFileSync(path.join(cacheDir, cached))]) } : {});
  await migrate(db);
  const pepper = randomBytes(32);
  const token = (await createToken(db, pepper, { role: 'workstation', label: '门诊3诊室' })).token;
  const app = createApp({ db, pepper, trustedKeys: [], config: { corsOrigins: [], timeZone: 'Asia/Shanghai', maxBodyBytes: 1024 * 1024, maxPackBytes: 64 * 1024 * 1024 } });
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        db,
        token,
        close: async () => {
          await new Promise<void>((done) => server.close(() => done()));
          await db.close();
        },
      });
    });
  });
}

test('with a hub configured the log is uploaded and the popup shows 已连接', async ({ context, demo, extensionId, serviceWorker }) => {
  const starting = startHub();
  try {
    const sw = await serviceWorker();
    await flagAnOrder(context, demo, sw);
    const hub = await starting;
    const popup = await openPopup(context, extensionId);
    await expect(popup.locator('[data-role="hub-state"]')).toHaveText('未配置');

    // Configuring the hub (as the options page does) starts an upload without waiting for the alarm.
    await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [LOCAL_DEPLOYMENT_KEY, { hubUrl: hub.base, hubToken: hub.token }] as const);
    await expect(popup.locator('[data-role="hub-state"]')).toHaveText('已连接', { timeout: 15_000 });
    await expect(popup.locator('[data-role="queued"]')).toHaveText('待上传 0 条');
    await expect(popup.locator('[data-role="last-upload"]')).not.toHaveText('从未');

    const total = await sw.evaluate(() => globalThis.preflightFlagLog!.count());
    const stored = await hub.db.query<{ n: number; department: string | null; prescriber_id: string | null; patient_key: string | null }>(
      "SELECT count(*)::int AS n, max(department) AS department, max(prescriber_id) AS prescriber_id, max(patient_key) AS patient_key FROM events WHERE type = 'finding-shown'",
    );
    const all = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(all.rows[0]!.n).toBe(total);
    expect(stored.rows[0]).toMatchObject({ department: '心血管内科', prescriber_id: '1024' });
    expect(stored.rows[0]!.patient_key).toMatch(/^[0-9a-f]{64}$/);

    // More flags, then 立即上传: they go at once, and the hub still holds each record once.
    await flagAnOrder(context, demo, sw);
    await popup.bringToFront();
    await popup.locator('[data-role="upload"]').click();
    await expect(popup.locator('[data-role="queued"]')).toHaveText('待上传 0 条');
    const after = await sw.evaluate(() => globalThis.preflightFlagLog!.count());
    await expect.poll(async () => (await hub.db.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM events')).rows[0]).toEqual({ n: after, d: after });
    await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-connected.png') });
  } finally {
    await (await starting).close();
  }
});
