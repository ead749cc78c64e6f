import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { launchRevealed } from '../../scripts/closed-shadow';
import type { DemoServer } from '../../scripts/serve-demo';
import { generateSigningKeys, serializeSignedPack, signPayload, type GeneratedKeys } from '../../rules/pack/signature';
import { LOCAL_DEPLOYMENT_KEY } from '../../settings/deployment-store';
import { PACK_CHECK_NOW_MESSAGE, PACK_STATUS_MESSAGE, type PackActionAnswer, type PackStatus } from '../../pack-updates/messages';
import { PACK_STATUS_KEY } from '../../pack-updates/status';
import { expect, repoRoot, test } from './fixtures';
import { openDemo, overlay } from './preflight-page';

/**
 * The background's pack service in a real browser: it polls a signed v2 from a plain HTTP
 * server, the demo page is then checked with v2, a tampered pack is refused, and after the browser
 * is closed and started again (same profile) v2 is still the active pack.
 *
 * v2 = the built-in demo pack + a 5-day 疗程 limit on 瑞舒伐他汀依折麦布片(I), line 2 of the
 * outpatient demo page (7 days). The built-in pack flags that line for its indication only.
 */

declare const chrome: typeof import('wxt/browser').browser;

const STATIN_LINE = '2';
const V2_RULE_ID = 'hospital-course-瑞舒伐他汀依折麦布片';
const V2_FINDING = '瑞舒伐他汀依折麦布片(I) 医保支付不超过 5 天，本次累计 7 天';

/** Line 2 of the outpatient demo page as the content script reads it (女 45岁, 高血压 + 高脂血症). */
const STATIN_ORDER = {
  id: 'RX202611220037-01',
  patient: { key: 'p-1', sex: 'F', ageYears: 45 },
  encounter: {
    visitType: 'outpatient',
    date: '2026-11-22',
    insuranceType: 'employee',
    institutionLevel: 3,
    diagnoses: [
      { code: 'I10.x03', name: '高血压1级', primary: true },
      { code: 'E78.500', name: '高脂血症', primary: false },
    ],
  },
  lines: [{ id: STATIN_LINE, code: 'XC10BAR128A001010100177', name: '瑞舒伐他汀依折麦布片(I)', kind: 'drug', days: 7, quantity: 1, unit: '盒', price: 38.5 }],
};

const BUILTIN_TEXT = readFileSync(path.join(repoRoot, 'rules/packs/demo-pack.json'), 'utf8');

function packVersion(version: string): string {
  const pack = JSON.parse(BUILTIN_TEXT);
  pack.version = version;
  pack.rules.push({
    id: V2_RULE_ID,
    kind: 'course',
    name: '瑞舒伐他汀依折麦布片(I)',
    basis: '本院医保办 测试规则：限支付疗程',
    text: '疗程限制：5天',
    match: { prefixes: ['XC10BAR128A0'] },
    params: { maxDays: 5 },
  });
  return JSON.stringify(pack);
}

async function signedPack(version: string, keys: GeneratedKeys): Promise<string> {
  return serializeSignedPack(await signPayload(packVersion(version), keys.privateJwk));
}

/** Changes the signed payload after signing, as a compromised mirror would. */
function tamper(envelopeText: string): string {
  const envelope = JSON.parse(envelopeText);
  envelope.payload = envelope.payload.replace('"maxDays":5}', '"maxDays":60}');
  return JSON.stringify(envelope);
}

/** A static server with an ETag per body, as any hospital web server would answer. */
async function startPackServer(initial: string) {
  const state = { body: initial, etag: '"p1"', requests: [] as { ifNoneMatch: string | undefined; status: number }[] };
  let n = 1;
  const server: Server = createServer((req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch === state.etag) {
      state.requests.push({ ifNoneMatch, status: 304 });
      res.writeHead(304, { etag: state.etag }).end();
      return;
    }
    state.requests.push({ ifNoneMatch, status: 200 });
    res.writeHead(200, { 'content-type': 'application/json', etag: state.etag }).end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/packs/latest.json`,
    state,
    serve(body: string) {
      state.body = body;
      state.etag = `"p${++n}"`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  const ours = (w: Worker) => w.url().startsWith('chrome-extension://');
  return context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours }));
}

/** An extension page to talk to the background from, as the options page and popup do. */
async function openExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  return page;
}

const send = <T>(page: Page, message: unknown): Promise<T> => page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;

/** Opens the outpatient demo page and returns the text of the statin line's popover. */
async function statinPopover(context: BrowserContext, demo: DemoServer): Promise<{ text: string; close: () => Promise<void>; errors: Error[] }> {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await ui.marker(STATIN_LINE).click();
  await expect(ui.popover).toBeVisible();
  return { text: (await ui.popover.textContent()) ?? '', close: () => page.close(), errors };
}

test('a signed v2 from the update URL becomes active, a tampered pack is refused, and v2 survives a browser restart', async ({ demo }) => {
  // Two browser starts in one test; about 15 s on an idle machine.
  test.setTimeout(120_000);
  const keys = await generateSigningKeys();
  const [v2, v3] = await Promise.all([signedPack('2026.11.2', keys), signedPack('2026.11.3', keys)]);
  const server = await startPackServer(v2);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'preflight-pack-updates-'));
  let context = await launchRevealed({ headless: true, userDataDir, viewport: { width: 1280, height: 720 } });
  try {
    const sw = await serviceWorkerOf(context);
    const extensionId = new URL(sw.url()).host;

    // The built-in pack has no 疗程 limit for the statin: asked the way the content script asks
    // (polled: the first call may come before the engine has finished its cold start).
    const builtinRules = async () => {
      const outcome = await sw.evaluate((order) => globalThis.preflightEngine!.check(order), STATIN_ORDER).catch(() => undefined);
      return outcome?.ok ? { version: outcome.result.packVersion, rules: outcome.result.findings.map((f) => f.ruleId) } : undefined;
    };
    await expect.poll(builtinRules, { timeout: 15_000 }).toMatchObject({ version: JSON.parse(BUILTIN_TEXT).version });
    expect((await builtinRules())?.rules).not.toContain(V2_RULE_ID);

    await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [LOCAL_DEPLOYMENT_KEY, { packUpdateUrl: server.url, trustedKeys: [keys.publicKey] }] as const);
    const page = await openExtensionPage(context, extensionId);

    // Configured, but the hospital's pack has not come yet: the demo rules are taken out, and the
    // page says 审核未完成 (无可用规则包) rather than checking with them.
    await expect
      .poll(async () => (await send<PackStatus>(page, { type: PACK_STATUS_MESSAGE })).configured, { timeout: 10_000 })
      .toBe(true);
    expect((await send<PackStatus>(page, { type: PACK_STATUS_MESSAGE })).active).toBeNull();
    await expect.poll(async () => (await sw.evaluate((order) => globalThis.preflightEngine!.check(order), STATIN_ORDER)).ok === false && 'no-pack').toBe('no-pack');
    const waiting = await openDemo(context, demo, 'outpatient.html');
    const waitingUi = overlay(waiting.page);
    await expect(waitingUi.badge).toHaveAttribute('data-state', 'incomplete');
    await expect(waitingUi.badge).toHaveAttribute('title', /无可用规则包/);
    await expect(waitingUi.markers).toHaveCount(0);
    expect(waiting.errors).toEqual([]);
    await waiting.page.close();

    const updated = await send<PackActionAnswer>(page, { type: PACK_CHECK_NOW_MESSAGE });
    expect(updated).toMatchObject({
      ok: true,
      status: {
        active: { id: 'demo-nhsa-2026', version: '2026.11.2', source: 'update-url', keyId: keys.publicKey.keyId },
        configured: true,
        expired: null,
        updateUrl: server.url,
        lastCheck: { outcome: 'updated' },
      },
    });
    expect(server.state.requests[0]).toEqual({ ifNoneMatch: undefined, status: 200 });
    // The popup's copy, readable without waking the background.
    expect((await sw.evaluate((key) => chrome.storage.local.get(key), PACK_STATUS_KEY))[PACK_STATUS_KEY]).toMatchObject({ active: { version: '2026.11.2' } });

    const after = await statinPopover(context, demo);
    expect(after.text).toContain(V2_FINDING);
    expect(after.errors).toEqual([]);
    await after.close();

    // Unchanged on the server: the stored ETag comes back as If-None-Match, the answer is 304.
    const again = await send<PackActionAnswer>(page, { type: PACK_CHECK_NOW_MESSAGE });
    expect(again.status.lastCheck?.outcome).toBe('not-modified');
    expect(server.state.requests.at(-1)).toEqual({ ifNoneMatch: '"p1"', status: 304 });

    // A newer version, altered after signing: refused, v2 stays.
    server.serve(tamper(v3));
    const refused = await send<PackActionAnswer>(page, { type: PACK_CHECK_NOW_MESSAGE });
    expect(refused).toMatchObject({ ok: false, rejection: { reason: 'bad-signature' }, status: { active: { version: '2026.11.2' }, lastCheck: { outcome: 'rejected' } } });
    expect(refused.rejection?.message).toContain('签名校验失败');

    // Close the browser and start it again on the same profile.
    await context.close();
    context = await launchRevealed({ headless: true, userDataDir, viewport: { width: 1280, height: 720 } });
    await serviceWorkerOf(context);
    const statusPage = await openExtensionPage(context, extensionId);
    const status = await send<PackStatus>(statusPage, { type: PACK_STATUS_MESSAGE });
    expect(status.active).toMatchObject({ version: '2026.11.2', source: 'update-url', keyId: keys.publicKey.keyId });
    await statusPage.close();
    // The engine started from the stored pack: the demo page is checked with v2's rule.
    const restarted = await statinPopover(context, demo);
    expect(restarted.text).toContain(V2_FINDING);
    expect(restarted.errors).toEqual([]);
  } finally {
    await context.close();
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
