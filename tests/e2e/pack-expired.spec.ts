import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Worker } from '@playwright/test';
import { launchRevealed } from '../../scripts/closed-shadow';
import { generateSigningKeys, serializeSignedPack, signPayload } from '../../rules/pack/signature';
import { LOCAL_DEPLOYMENT_KEY } from '../../settings/deployment-store';
import { PACK_STORE_DB_NAME } from '../../pack-updates/pack-store';
import { PACK_STATUS_MESSAGE, type PackStatus } from '../../pack-updates/messages';
import { expect, repoRoot, test } from './fixtures';
import { flagEvents, openDemo, overlay, screenshot } from './preflight-page';

/**
 * A workstation whose stored, signed pack is past its `effective.to` (the 医保办 has not published
 * the next one yet): after a browser start the pack stays in force — the demo page is checked with
 * its rules, including on an order dated after the pack's end — the in-page badge says 规则包已过期,
 * and one pack-expired event is in the flag log.
 *
 * An expired pack cannot be installed (acceptance refuses it), so the test puts it in the pack
 * store directly, as a pack that was installed while still valid would be found after its end.
 */

declare const chrome: typeof import('wxt/browser').browser;

/** The demo page's visit is on 2026-11-22: the pack ends the day before. */
const EFFECTIVE_TO = '2026-11-21';
const STATIN_LINE = '2';
const EXPIRED_RULE_ID = 'hospital-course-瑞舒伐他汀依折麦布片';
const EXPIRED_RULE_FINDING = '瑞舒伐他汀依折麦布片(I) 医保支付不超过 5 天，本次累计 7 天';

function expiredPack(): { text: string; id: string; version: string; ruleCount: number } {
  const pack = JSON.parse(readFileSync(path.join(repoRoot, 'rules/packs/demo-pack.json'), 'utf8'));
  pack.version = '2026.6.1';
  pack.effective = { from: '2026-01-01', to: EFFECTIVE_TO };
  pack.rules.push({
    id: EXPIRED_RULE_ID,
    kind: 'course',
    name: '瑞舒伐他汀依折麦布片(I)',
    basis: '本院医保办 测试规则：限支付疗程',
    text: '疗程限制：5天',
    match: { prefixes: ['XC10BAR128A0'] },
    params: { maxDays: 5 },
  });
  return { text: JSON.stringify(pack), id: pack.id, version: pack.version, ruleCount: pack.rules.length };
}

async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  const ours = (w: Worker) => w.url().startsWith('chrome-extension://');
  return context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours }));
}

/**
 * Writes the active-pack record the way the pack store keeps it, into the database the background
 * has opened already (Dexie made its stores; opened here at whatever version it is).
 */
async function storeActivePack(sw: Worker, record: { envelope: string; meta: Record<string, unknown> }, dbName: string): Promise<void> {
  await sw.evaluate(async () => void (await globalThis.preflightPacks!.status()));
  await sw.evaluate(
    async ([name, value]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('packs', 'readwrite');
        tx.objectStore('packs').put({ slot: 'active', ...value });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    [dbName, record] as const,
  );
}

test('an expired signed pack stays in force after a browser start: still checks, the badge says 规则包已过期, the event is logged', async ({ demo }) => {
  test.setTimeout(120_000);
  const keys = await generateSigningKeys();
  const pack = expiredPack();
  const envelope = serializeSignedPack(await signPayload(pack.text, keys.privateJwk));
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'preflight-pack-expired-'));
  let context = await launchRevealed({ headless: true, userDataDir, viewport: { width: 1366, height: 768 } });
  try {
    const sw = await serviceWorkerOf(context);
    const extensionId = new URL(sw.url()).host;
    // A configured workstation (trusted keys, no update URL: nothing to poll), with the pack it installed in June.
    await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [LOCAL_DEPLOYMENT_KEY, { trustedKeys: [keys.publicKey] }] as const);
    const meta = { id: pack.id, version: pack.version, ruleCount: pack.ruleCount, source: 'installed', keyId: keys.publicKey.keyId, activatedAt: '2026-06-01T01:00:00.000Z', effectiveTo: EFFECTIVE_TO };
    await storeActivePack(sw, { envelope, meta }, PACK_STORE_DB_NAME);

    // The next morning's browser start.
    await context.close();
    context = await launchRevealed({ headless: true, userDataDir, viewport: { width: 1366, height: 768 } });
    const restarted = await serviceWorkerOf(context);

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const status = () => options.evaluate((m) => chrome.runtime.sendMessage(m), { type: PACK_STATUS_MESSAGE }) as Promise<PackStatus>;
    await expect.poll(async () => (await status()).expired?.on, { timeout: 15_000 }).toBe(EFFECTIVE_TO);
    expect((await status()).active).toMatchObject({ id: pack.id, version: pack.version, effectiveTo: EFFECTIVE_TO });
    await options.close();

    const { page, errors } = await openDemo(context, demo, 'outpatient.html');
    await page.setViewportSize({ width: 1366, height: 768 });
    const ui = overlay(page);
    await expect(ui.badge).toHaveAttribute('data-state', 'checked', { timeout: 15_000 });
    const expiredChip = page.locator('pf-overlay=.pf-badge-expired');
    await expect(expiredChip).toHaveText('规则包已过期');
    await expect(ui.badge).toHaveAttribute('title', /规则包已过期（有效期至 2026-11-21），仍按此规则包审核/);
    await expect(ui.badge).toContainText('2026.6.1');

    // Checked with the expired pack's own rule, on an order dated after its end.
    await ui.marker(STATIN_LINE).click();
    await expect(ui.popover).toContainText(EXPIRED_RULE_FINDING);
    await page.keyboard.press('Escape');
    const file = await screenshot(page, 'pack-expired-badge-1366x768');
    expect(file).toMatch(/\.png$/);

    await expect
      .poll(async () => (await flagEvents(restarted)).filter((e) => e.type === 'pack-expired'), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ type: 'pack-expired', packVersion: '2026.6.1', packId: pack.id, effectiveTo: EFFECTIVE_TO })]);
    const shown = (await flagEvents(restarted)).filter((e) => e.type === 'finding-shown' && e.finding.ruleId === EXPIRED_RULE_ID);
    expect(shown.length).toBeGreaterThan(0);

    // A reload is a new page session: one more record, not one per check.
    await page.reload();
    await expect(ui.badge).toHaveAttribute('data-state', 'checked', { timeout: 15_000 });
    await expect.poll(async () => (await flagEvents(restarted)).filter((e) => e.type === 'pack-expired').length, { timeout: 10_000 }).toBe(2);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
