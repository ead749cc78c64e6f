// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../entrypoints/popup/PopupApp';
import { INITIAL_SYNC_STATUS } from '../../../log/upload/sync-status';
import { mount, press } from '../options/support';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const base = { sync: INITIAL_SYNC_STATUS, pack: null, uploading: false, onUpload: vi.fn(), onOpenSettings: vi.fn() };

describe('popup', () => {
  it('offers the field picker for the page behind it and says why it could not open', async () => {
    const onPick = vi.fn();
    const view = mount(h(PopupApp, { ...base, onPick }));
    cleanups.push(view.unmount);
    await press(view.container.querySelector('[data-role="pick"]'));
    expect(onPick).toHaveBeenCalledTimes(1);
    view.unmount();
    const failed = mount(h(PopupApp, { ...base, onPick, pickError: '只能在 http/https 网页上选取字段' }));
    cleanups.push(failed.unmount);
    expect(failed.container.querySelector('[role="alert"]')!.textContent).toBe('无法打开字段选取器：只能在 http/https 网页上选取字段');
  });

  it('says 本页未启用审核 for a configured host’s page that no profile reads', () => {
    const view = mount(h(PopupApp, { ...base, coverage: 'uncovered' as const }));
    cleanups.push(view.unmount);
    expect(view.container.querySelector('[data-role="coverage"] h2')!.textContent).toBe('本页未启用审核');
    view.unmount();
    const covered = mount(h(PopupApp, { ...base, coverage: 'covered' as const }));
    cleanups.push(covered.unmount);
    expect(covered.container.querySelector('[data-role="coverage"]')).toBeNull();
  });

  it('shows no picker entry where none is wired', () => {
    const view = mount(h(PopupApp, base));
    cleanups.push(view.unmount);
    expect(view.container.querySelector('[data-role="pick"]')).toBeNull();
  });

  it('counts the records set aside after the hub kept refusing them, in Chinese', () => {
    const sync = { ...INITIAL_SYNC_STATUS, hubConfigured: true, hubOrigin: 'http://hub.hospital.local:8787', setAside: 2 };
    const view = mount(h(PopupApp, { ...base, sync }));
    cleanups.push(view.unmount);
    expect(view.container.querySelector('[data-role="set-aside"]')?.textContent).toBe('中心端多次拒收，已搁置 2 条');
    view.unmount();
    const none = mount(h(PopupApp, { ...base, sync: { ...sync, setAside: 0 } }));
    cleanups.push(none.unmount);
    expect(none.container.querySelector('[data-role="set-aside"]')).toBeNull();
  });

  it('says 规则包已过期 for an expired pack still in use, and 无可用规则包 for a configured workstation without one', () => {
    const active = { id: 'city-hospital', version: '2026.6.1', ruleCount: 812, source: 'update-url' as const, keyId: 'k1', activatedAt: '2026-06-01T01:00:00.000Z' };
    const pack = { active, updateUrl: 'https://packs.hospital.example/p.json', intervalMinutes: 30, lastCheck: null, nextCheckAt: null, configured: true };
    const expired = mount(h(PopupApp, { ...base, pack: { ...pack, expired: { on: '2026-11-30', noticedAt: '2026-12-01T00:10:00.000Z' } } }));
    cleanups.push(expired.unmount);
    const section = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-role="pack"]')!;
    expect(section(expired.container).getAttribute('data-state')).toBe('expired');
    expect(section(expired.container).querySelector('[data-role="pack-expired"]')!.textContent).toBe('规则包已过期（有效期至 2026-11-30），仍在使用');

    const none = mount(h(PopupApp, { ...base, pack: { ...pack, active: null } }));
    cleanups.push(none.unmount);
    expect(section(none.container).getAttribute('data-state')).toBe('no-pack');
    expect(section(none.container).textContent).toContain('审核未完成：无可用规则包');
    expect(section(none.container).textContent).not.toContain('内置规则包');

    const fresh = mount(h(PopupApp, { ...base, pack: { ...pack, active: null, configured: false } }));
    cleanups.push(fresh.unmount);
    expect(section(fresh.container).getAttribute('data-state')).toBe('ok');
    expect(section(fresh.container).textContent).toContain('内置规则包');
  });
});
