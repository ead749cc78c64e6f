import type { Page, Worker } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FlagEvent } from '../../contract/flag-event';
import { UPLOAD_NOW_MESSAGE, type UploadNowAnswer } from '../../log/upload/upload-messages';
import { LOCAL_DEPLOYMENT_KEY } from '../../settings/deployment-store';
import { startSeededHub, type SeededHub } from './dashboard-hub';
import { expect, test } from './fixtures';
import { ARTIFACTS, flagEvents, gridInput, openDemo, overlay, storeSettings, submissions } from './preflight-page';

/**
 * The whole loop in one browser: the extension flags a line a doctor types on the outpatient demo
 * page, the doctor submits anyway with a preset reason, the background uploads the log to a real
 * hub (in this process, empty at the start), and 质控 finds the override on the hub's dashboard,
 * opens it and records 误报. Screenshots of each step go to artifacts/e2e/roundtrip-*.png.
 */

declare const chrome: typeof import('wxt/browser').browser;

const REASON = '患者同意自费';
const DEPARTMENT = '心血管内科';
const VERDICT_COMMENT = '患者为慢病长处方，符合长处方管理规定';

type DecisionEvent = Extract<FlagEvent, { type: 'decision' }>;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `roundtrip-${name}.png`), fullPage: true });

async function hubApi<T>(hub: SeededHub, route: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${hub.base}/api/v1${route}`, { ...init, headers: { Authorization: `Bearer ${hub.tokens.quality}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function hubEventIds(hub: SeededHub): Promise<string[]> {
  const page = await hubApi<{ events: { event: { id: string } }[] }>(hub, '/events?limit=500');
  return page.events.map((e) => e.event.id).sort();
}

function continuedDecisions(events: readonly FlagEvent[]): DecisionEvent[] {
  return events.filter((e): e is DecisionEvent => e.type === 'decision' && e.decision.decision === 'continued');
}

/** 立即上传 as the popup sends it: only extension pages may ask the background for a pass. */
async function uploadNow(page: Page): Promise<UploadNowAnswer> {
  return page.evaluate((type) => chrome.runtime.sendMessage({ type }) as Promise<UploadNowAnswer>, UPLOAD_NOW_MESSAGE);
}

async function configureHub(sw: Worker, hub: SeededHub): Promise<void> {
  // As the options page stores a local deployment: the hub and this workstation's upload token.
  await sw.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [LOCAL_DEPLOYMENT_KEY, { hubUrl: hub.base, hubToken: hub.workstationTokens[0] }] as const);
}

test('a flag overridden on the demo page reaches the hub, and 质控 reviews it on the dashboard', async ({ context, demo, extensionId, serviceWorker }) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The hub (PGlite from a cached template) starts while the browser works; the global setup built the dashboard.
  const starting = startSeededHub({ seed: false });
  try {
    const sw = await serviceWorker();
    // The demo pack has warnings only; this hospital reviews warnings before submitting.
    await storeSettings(sw, { warningBlocksSubmit: true });
    const hub = await starting;
    await configureHub(sw, hub);

    // The doctor types 12 days on row 2 (瑞舒伐他汀依折麦布片): over the outpatient limit of 7.
    const { page, errors } = await openDemo(context, demo, 'outpatient.html');
    const ui = overlay(page);
    await ui.firstCheck();
    await gridInput(page, '2', 'days').fill('12');
    await expect(ui.marker('2')).toBeVisible();

    // Submitting stops at the review; every finding is continued with the same preset reason.
    await page.click('#btnSubmitRx');
    await expect(ui.dialog).toBeVisible();
    const typed = ui.dialog.locator('.pf-review-item', { hasText: '瑞舒伐他汀依折麦布片(I) 门诊处方 12 天，超过 7 天' });
    await expect(typed).toHaveCount(1);
    const ruleId = (await typed.getAttribute('data-rule-id'))!;
    expect(ruleId).toBeTruthy();
    const items = ui.dialog.locator('.pf-review-item');
    for (let i = 0; i < (await items.count()); i++) {
      await items.nth(i).locator('[data-choice="continue"]').click();
      // A chosen preset folds the picker to one line at once, so click rather than check.
      await items.nth(i).locator(`input[type="radio"][value="${REASON}"]`).click();
      await expect(items.nth(i).locator('[data-role="answered"]')).toBeVisible();
    }
    await shot(page, 'review-dialog');
    await ui.dialog.locator('[data-role="continue"]').click();
    await expect(ui.dialog).toHaveCount(0);
    await expect.poll(() => submissions(page)).toBe(1);
    expect(errors).toEqual([]);

    // The decision on the typed line is in the local log, with the rule that fired and the reason.
    const typedDecision = (events: readonly FlagEvent[]) => continuedDecisions(events).find((e) => e.finding.lineId === '2' && e.finding.ruleId === ruleId);
    await expect.poll(async () => typedDecision(await flagEvents(sw)) !== undefined).toBe(true);
    const local = await flagEvents(sw);
    const decision = typedDecision(local)!;
    expect(decision.decision).toMatchObject({ reason: REASON, reasonCode: REASON });
    expect(decision.context?.department).toBe(DEPARTMENT);
    const continued = continuedDecisions(local).length;

    // 立即上传 from an extension page, then the hub holds exactly the local log, each record once.
    const extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/popup.html`);
    const answer = await uploadNow(extensionPage);
    expect(answer).toMatchObject({ ok: true, status: { hubConfigured: true } });
    const localIds = async () => (await flagEvents(sw)).map((e) => e.id).sort();
    await expect
      .poll(async () => {
        const [mine, theirs] = await Promise.all([localIds(), hubEventIds(hub)]);
        if (mine.some((id) => !theirs.includes(id))) await uploadNow(extensionPage);
        return { missing: mine.filter((id) => !theirs.includes(id)), extra: theirs.filter((id) => !mine.includes(id)) };
      }, { timeout: 15_000 })
      .toEqual({ missing: [], extra: [] });
    await extensionPage.close();
    const uploaded = (await localIds()).length;

    // 质控 opens the dashboard in a tab of the same browser and signs in.
    const dashboard = await context.newPage();
    await dashboard.setViewportSize({ width: 1366, height: 768 });
    const problems: string[] = [];
    dashboard.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    dashboard.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    await dashboard.goto(`${hub.base}/`);
    await dashboard.getByLabel('访问令牌').fill(hub.tokens.quality);
    await dashboard.getByRole('button', { name: '登录' }).click();
    await expect(dashboard.locator('.db-role')).toHaveText('质控');

    // 质控 lands on the prescriptions: the order the doctor continued, with its lines as the page showed them.
    await expect(dashboard.getByRole('link', { name: '处方复核' })).toHaveAttribute('aria-current', 'page');
    const order = dashboard.locator(`tr.rv-row[data-order-id="${decision.orderId}"]`);
    await expect(order).toContainText('继续提交');
    await expect(order).toContainText('门诊3诊室');
    await order.click();
    const prescription = dashboard.locator('aside.rv-order-detail');
    const shown = local.find((e) => e.type === 'finding-shown' && e.orderId === decision.orderId && e.finding.ruleId === ruleId && e.finding.lineId === decision.finding.lineId)!;
    if (shown.type !== 'finding-shown') throw new Error('not a shown finding');
    for (const line of shown.order!.lines) await expect(prescription.locator(`.rv-lines tr[data-line-id="${line.id}"]`)).toContainText(line.name);
    const card = prescription.locator(`article.rv-finding[data-rule-id="${ruleId}"][data-line-id="${decision.finding.lineId}"]`);
    await expect(card.locator('.rv-finding-message')).toHaveText(shown.finding.message!);
    await expect(card.locator('.rv-finding-decision')).toContainText('继续提交');
    await expect(card.locator('.rv-finding-reason')).toContainText(REASON);
    // Judged on the finding: recorded against the record where it was first shown.
    await card.getByLabel('误报').check();
    await card.getByLabel('意见（可选）').fill(VERDICT_COMMENT);
    await card.getByRole('button', { name: '保存结论' }).click();
    await expect(card.getByText('已保存：误报')).toBeVisible();
    await expect(card.locator('.rv-history-current')).toContainText('误报');
    await expect(card.locator('.rv-history-current')).toContainText('质控科 王医生');
    await shot(dashboard, 'prescription');
    const firstShown = local
      .filter((e) => e.type === 'finding-shown' && e.orderId === decision.orderId && e.finding.ruleId === ruleId && e.finding.lineId === decision.finding.lineId)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1))[0]!;
    const reviewed = await hubApi<{ events: { event: { id: string }; verdict: { verdict: string; comment: string | null } | null }[] }>(hub, '/events?verdict=误报');
    expect(reviewed.events.map((e) => [e.event.id, e.verdict?.verdict, e.verdict?.comment])).toEqual([[firstShown.id, '误报', VERDICT_COMMENT]]);

    // Every uploaded record in 全部事件; the override names the rule, 继续提交, the reason, the department.
    await dashboard.getByRole('link', { name: '全部事件' }).click();
    await expect(dashboard.locator('tr.rv-row')).toHaveCount(uploaded);
    const row = dashboard.locator(`tr.rv-row[data-event-id="${decision.id}"]`);
    await expect(row.locator('.rv-rule .rv-id')).toHaveText(ruleId);
    // This hub holds no packs and no 医师目录: the rule goes by its kind and the drug (taken, for a
    // decision, from the finding shown on the same line), the doctor by 工号 — no bare id as a name.
    await expect(row.locator('.rv-rule .rv-name')).toHaveText(/^超量 · 瑞舒伐他汀依折麦布片/);
    await expect(row).toContainText('医师（工号 1024）');
    await expect(row).toContainText('继续提交');
    await expect(row).toContainText(REASON);
    await expect(row).toContainText(DEPARTMENT);
    await expect(row).toContainText('门诊3诊室');
    await row.click();
    const detail = dashboard.locator('aside.rv-detail');
    await expect(detail.getByRole('heading', { name: '事件详情' })).toBeVisible();
    await expect(dashboard).toHaveURL(new RegExp(`event=${decision.id}`));
    await expect(detail.locator('.rv-facts')).toContainText(ruleId);
    await expect(detail.locator('.rv-facts')).toContainText(REASON);
    await expect(detail.locator('.rv-facts')).toContainText(decision.orderId);
    await expect(detail.locator('.rv-facts .rv-name').first()).toHaveText(/^超量 · 瑞舒伐他汀依折麦布片/);
    await expect(detail.locator('.rv-facts')).toContainText('医师（工号 1024）');
    await shot(dashboard, 'events');
    await dashboard.screenshot({ path: path.join(ARTIFACTS, 'roundtrip-event-detail.png') });

    // The overview counts the uploaded records and the overrides, and names the reason.
    await dashboard.getByRole('link', { name: '概览' }).click();
    const figure = (label: string) => dashboard.locator('.rv-figure', { has: dashboard.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    await expect(figure('事件总数')).toHaveText(String(uploaded));
    await expect(figure('继续提交')).toHaveText(String(continued));
    await expect(dashboard.locator('.rv-card', { hasText: '继续提交的理由' })).toContainText(REASON);
    await shot(dashboard, 'overview');

    expect(problems).toEqual([]);
  } finally {
    await (await starting).close();
  }
});
