// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { dashboardUrl, ruleNameLookup, rulesOfPackText, type ReviewTabServices } from '../../../components/options/review/review-services';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlagEvent } from '../../../contract/flag-event';
import { FlagLogDb, storeFlagEvents } from '../../../log/flag-log-db';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../../../log/upload/sync-status';
import { decision, findingShown, realRules, REPO_ROOT } from '../../hub/support/events';
import { mount, press, typeInto, waitFor } from './support';

const cleanups: (() => void)[] = [];
const dbs: FlagLogDb[] = [];
afterEach(async () => {
  cleanups.splice(0).forEach((f) => f());
  for (const db of dbs.splice(0)) await db.delete();
});

const [ruleA, ruleB] = realRules();
const CARDIOLOGY = { department: '心血管内科', prescriberId: '1024', patientKey: 'a'.repeat(64) };
const ENDOCRINOLOGY = { department: '内分泌科', prescriberId: '2048' };

/** A morning on one workstation: two findings, the doctor continued on one and corrected the other. */
function morning(): FlagEvent[] {
  return [
    findingShown(ruleA!, { at: '2026-11-22T01:10:00.000Z', context: CARDIOLOGY }),
    decision(ruleA!, 'continued', { at: '2026-11-22T01:10:30.000Z', context: CARDIOLOGY, reasonCode: '患者同意自费' }),
    findingShown(ruleB!, { at: '2026-11-22T02:00:00.000Z', context: ENDOCRINOLOGY }),
    decision(ruleB!, 'modified', { at: '2026-11-22T02:00:20.000Z', context: ENDOCRINOLOGY }),
  ];
}

async function services(sync: Partial<SyncStatus> = {}, hubUrl?: string): Promise<{ services: ReviewTabServices; events: FlagEvent[] }> {
  const db = new FlagLogDb(`review-tab-${crypto.randomUUID()}`);
  dbs.push(db);
  const events = morning();
  await storeFlagEvents(db, events);
  return {
    events,
    services: {
      db,
      timeZone: 'Asia/Shanghai',
      readSync: async () => ({ ...INITIAL_SYNC_STATUS, ...sync }),
      hubUrl: async () => hubUrl,
      // The names the options page reads from the packs this browser holds (the demo pack here).
      ruleNames: ruleNameLookup(async () => rulesOfPackText(readFileSync(path.join(REPO_ROOT, 'rules/packs/demo-pack.json'), 'utf8'))),
    },
  };
}

function open(review: ReviewTabServices) {
  const view = mount(h(OptionsApp, { store: { kind: 'loading' }, initialTab: 'review', review }));
  cleanups.push(view.unmount);
  return view.container;
}

const rows = (root: HTMLElement) => [...root.querySelectorAll<HTMLTableRowElement>('tr.rv-row')];

describe('the 审核记录 tab', () => {
  it('lists this computer’s findings and decisions with no hub, and offers nothing that needs one', async () => {
    const { services: review, events } = await services();
    const root = open(review);
    expect(root.querySelector('#tab-review')!.textContent).toBe('审核记录');
    expect(root.querySelector('#tab-review')!.getAttribute('aria-selected')).toBe('true');

    const banner = await waitFor(() => root.querySelector('[data-role="review-banner"]'));
    expect(banner.getAttribute('data-hub')).toBe('local');
    expect(banner.textContent).toContain('未配置中心端：仅显示本机记录');

    // It opens on the prescriptions: one order number, two patients — two rows, rules by name.
    await waitFor(() => rows(root).length === 2 && root.textContent!.includes(`${ruleA!.name}（`));
    const orders = rows(root);
    expect(orders.map((r) => r.dataset.orderId)).toEqual(['rx-20261122-001', 'rx-20261122-001']);
    expect(orders[0]!.textContent).toContain(ruleB!.name);
    expect([...root.querySelectorAll('thead th')].map((th) => th.textContent)).not.toContain('复核');
    await press(orders[1]);
    const card = await waitFor(() => root.querySelector('.rv-order-detail article.rv-finding'));
    expect(card.textContent).toContain(ruleA!.name);
    expect(card.querySelector('.rv-id')!.textContent).toBe(ruleA!.id);
    expect(card.textContent).toContain('继续提交');
    expect(root.querySelector('.rv-verdict-form')).toBeNull();

    await press(root.querySelector('[data-view="events"]'));
    await waitFor(() => rows(root).length === 4);
    const listed = rows(root);
    expect(listed.map((r) => r.dataset.eventId)).toEqual(events.map((e) => e.id).reverse());
    expect(listed[0]!.textContent).toContain(ruleB!.id);
    expect(listed[0]!.textContent).toContain('已修改医嘱');
    expect(listed[2]!.textContent).toContain(ruleA!.id);
    expect(listed[2]!.textContent).toContain('继续提交');
    expect(listed[2]!.textContent).toContain('心血管内科');

    // No verdict or workstation columns, filters or forms: the local log has neither.
    const headers = [...root.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).not.toContain('复核结论');
    expect(headers).not.toContain('工作站');
    expect(root.querySelector('select[name="verdict"]')).toBeNull();
    expect(root.querySelector('input[name="workstation"]')).toBeNull();

    await press(listed[2]);
    const detail = await waitFor(() => root.querySelector('.rv-detail .rv-facts'));
    expect(detail.textContent).toContain(ruleA!.id);
    expect(detail.textContent).toContain(ruleA!.code);
    expect(detail.textContent).toContain('继续提交');
    expect(detail.textContent).not.toContain('中心端接收时间');
    expect(root.querySelector('.rv-verdict-form')).toBeNull();
    expect(root.querySelector('.rv-report-form')).toBeNull();
    expect(root.querySelector('.rv-history')).toBeNull();
    // The only patient datum on the page is the salted digest the log keeps.
    expect(detail.closest('.rv-detail')!.textContent).toContain(`context.patientKey${'a'.repeat(64)}`);
  });

  it('filters by department and shows the overview and rule figures of the local log', async () => {
    const { services: review } = await services();
    const root = open(review);
    await waitFor(() => rows(root).length === 2);
    await press(root.querySelector('[data-view="events"]'));
    await waitFor(() => rows(root).length === 4);

    const department = root.querySelector<HTMLInputElement>('input[name="department"]')!;
    await typeInto(department, '内分泌科');
    department.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => rows(root).length === 2);
    expect(rows(root).every((r) => r.textContent!.includes('内分泌科'))).toBe(true);

    await press(root.querySelector('[data-view="overview"]'));
    const headline = await waitFor(() => root.querySelector('.rv-headline'));
    // 内分泌科 only: one finding, one decision, nobody continued.
    expect([...headline.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['2', '1', '1', '0', '0%']);
    const dimensions = [...root.querySelectorAll('.rv-card .rv-switch button')].map((b) => b.textContent);
    expect(dimensions).not.toContain('工作站');

    await press(root.querySelector('.rv-filter-clear'));
    await press(root.querySelector('[data-view="rules"]'));
    const table = await waitFor(() => root.querySelector('.rv-rule-table'));
    await waitFor(() => table.querySelectorAll('tr.rv-row').length === 2);
    const ruleHeaders = [...table.querySelectorAll('th')].map((th) => th.textContent);
    expect(ruleHeaders).toContain('继续提交率');
    expect(ruleHeaders).not.toContain('误报率');
    expect(ruleHeaders).not.toContain('规则有误');
    const continuedRow = table.querySelector<HTMLTableRowElement>(`tr[data-rule-id="${ruleA!.id}"]`)!;
    expect(continuedRow.textContent).toContain('100%');
  });

  it('with a hub configured, says the records are this computer’s and shows the upload queue', async () => {
    const { services: review } = await services(
      { hubConfigured: true, hubOrigin: 'https://hub.example.cn', queued: 3, lastSuccessAt: '2026-11-22T02:05:00.000Z' },
      'https://hub.example.cn/preflight',
    );
    const root = open(review);
    const banner = await waitFor(() => root.querySelector('[data-role="review-banner"]'));
    expect(banner.getAttribute('data-hub')).toBe('connected');
    expect(banner.textContent).toContain('已连接中心端 https://hub.example.cn：此处仅显示本机记录');
    expect(banner.querySelector('[data-role="review-queue"]')!.textContent).toBe('待上传 3 条 · 上次上传 2026-11-22 10:05:00');
    const link = await waitFor(() => banner.querySelector<HTMLAnchorElement>('a'));
    expect(link.getAttribute('href')).toBe('https://hub.example.cn/preflight/');
  });

  it('says so when uploads fail', async () => {
    const { services: review } = await services({
      hubConfigured: true,
      hubOrigin: 'https://hub.example.cn',
      queued: 9,
      lastError: { kind: 'network', message: 'timed out', at: '2026-11-22T02:05:00.000Z' },
    });
    const root = open(review);
    const banner = await waitFor(() => root.querySelector('[data-role="review-banner"]'));
    expect(banner.getAttribute('data-hub')).toBe('failing');
    expect(banner.textContent).toContain('最近错误：timed out');
    expect(banner.textContent).toContain('尚未上传');
  });
});

describe('the hub dashboard address', () => {
  it('is the hub URL’s root, and only for http(s)', () => {
    expect(dashboardUrl('https://hub.example.cn')).toBe('https://hub.example.cn/');
    expect(dashboardUrl('http://10.0.0.5:8787/pf')).toBe('http://10.0.0.5:8787/pf/');
    expect(dashboardUrl('javascript:alert(1)')).toBeUndefined();
    expect(dashboardUrl(undefined)).toBeUndefined();
  });
});
