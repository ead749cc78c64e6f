// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusBadge, sameStatus, statusNotice, type OverlayStatus } from '../../../components/StatusBadge';
import { language } from '../../../components/i18n';
import { click, findingOf, mount, sampleFindings } from './fixtures';

const findings = sampleFindings();
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
});

function badge(status: OverlayStatus, list = findings, onToggle = vi.fn()) {
  const view = mount(h(StatusBadge, { status, packVersion: '2026.11-1', findings: list, onToggle }));
  cleanups.push(view.unmount);
  const el = view.container.querySelector<HTMLElement>('.pf-badge')!;
  return { el, onToggle, view };
}

describe('StatusBadge', () => {
  it('shows the name, pack version and 审核中 while checking', () => {
    const { el } = badge({ state: 'checking' });
    expect(el.textContent).toContain('医保审核');
    expect(el.textContent).not.toMatch(/[A-Za-z]{3,}/);
    expect(el.textContent).toContain('2026.11-1');
    expect(el.textContent).toContain('审核中');
  });

  it('says 规则包已过期 beside the check state when the pack is past its end date', () => {
    const view = mount(h(StatusBadge, { status: { state: 'checked' }, packVersion: '2026.6.1', packExpiredOn: '2026-11-30', findings, onToggle: vi.fn() }));
    cleanups.push(view.unmount);
    const el = view.container.querySelector<HTMLElement>('.pf-badge')!;
    expect(el.querySelector('.pf-badge-expired')?.textContent).toBe('规则包已过期');
    expect(el.textContent).toContain('已审核 · 1 项不予支付');
    expect(el.title).toContain('规则包已过期（有效期至 2026-11-30），仍按此规则包审核');
    expect(el.getAttribute('aria-label')).toContain('规则包已过期');
    expect(el.dataset.packExpired).toBe('2026-11-30');
    expect(el.textContent).not.toMatch(/[A-Za-z]{3,}/);
    // Not expired: no trace of it.
    const fresh = badge({ state: 'checked' }).el;
    expect(fresh.querySelector('.pf-badge-expired')).toBeNull();
    expect(fresh.title).not.toContain('过期');
  });

  it('says 审核已停止 and how to get checking back once the page’s copy is cut off, with no counts', () => {
    const { el } = badge({ state: 'stopped' });
    expect(el.dataset.state).toBe('stopped');
    expect(el.textContent).toContain('审核已停止 · 保存后刷新本页可恢复');
    expect(el.textContent).not.toContain('项');
    expect(el.title).toContain('请在保存或提交当前医嘱后刷新本页');
    expect(statusNotice({ state: 'stopped' })).toBe(el.title);
    expect(el.textContent).not.toMatch(/[A-Za-z]{3,}/);
    language.value = 'en';
    expect(badge({ state: 'stopped' }).el.textContent).toContain('Checking stopped');
  });

  it('counts what needs attention once checked, with the breakdown in the tooltip', () => {
    const { el } = badge({ state: 'checked' });
    expect(el.textContent).toContain('已审核 · 1 项不予支付 · 1 项需确认');
    expect(el.title).toBe('1 项不予支付 · 1 项需确认 · 1 项提示');
    expect(el.classList.contains('pf-sev-critical')).toBe(true);
  });

  it('reports info-only and clean results without alarm', () => {
    expect(badge({ state: 'checked' }, [findingOf(findings, 'data')]).el.textContent).toContain('已审核 · 1 项提示');
    const clean = badge({ state: 'checked' }, []).el;
    expect(clean.textContent).toContain('已审核 · 未发现问题');
    expect(clean.className).not.toMatch(/pf-sev-/);
  });

  it('says why a check is incomplete and that submission is not affected', () => {
    const { el } = badge({ state: 'incomplete', reason: '审核引擎 1 秒内未响应' });
    expect(el.textContent).toContain('审核未完成');
    expect(el.title).toContain('审核引擎 1 秒内未响应');
    expect(el.title).toContain('本次提交不受影响');
    expect(badge({ state: 'incomplete' }).el.title).toContain('审核引擎未及时响应');
  });

  it('names what the page adapter could not find', () => {
    const { el } = badge({ state: 'adapter-broken', missing: ['医嘱表格', '列“天数”'] });
    expect(el.textContent).toContain('页面适配失效');
    expect(el.title).toContain('医嘱表格、列“天数”');
    expect(badge({ state: 'adapter-broken', missing: [] }).el.title).toContain('未找到医嘱表格');
  });

  it('names the fields a partly read page lacks, in Chinese, after the counts', () => {
    const { el } = badge({ state: 'checked', unread: ['频次', '天数'] }, []);
    expect(el.querySelector('.pf-badge-state')!.textContent).toBe('已审核 · 未发现问题 · 未读取：频次、天数');
    expect(el.title).toBe('未发现问题。页面上未能读取「频次」「天数」，相关规则未核对，其余照常审核。请联系医保办或信息科更新站点配置。');
    expect(statusNotice({ state: 'checked', unread: ['频次'] })).toContain('未能读取「频次」');
    expect(statusNotice({ state: 'checked' })).toBeUndefined();
    expect(badge({ state: 'checked', unread: [] }, []).el.textContent).not.toContain('未读取');
  });

  it('is a small inert mark in silent mode', () => {
    const { el, onToggle } = badge({ state: 'silent' });
    expect(el.tagName).toBe('DIV');
    expect(el.classList.contains('pf-badge-silent')).toBe(true);
    expect(el.textContent).not.toContain('需注意');
    click(el);
    expect(onToggle).not.toHaveBeenCalled();
  });

  it('toggles the panel on click', () => {
    const { el, onToggle } = badge({ state: 'checked' });
    click(el);
    expect(onToggle).toHaveBeenCalledTimes(1);
  });

  it('follows the language switch', () => {
    const { el } = badge({ state: 'checked' });
    act(() => {
      language.value = 'en';
    });
    expect(el.textContent).toContain('Checked · 1 not payable · 1 to confirm');
  });

  it('compares statuses by what they say', () => {
    expect(sameStatus({ state: 'checked' }, { state: 'checked' })).toBe(true);
    expect(sameStatus({ state: 'checked' }, { state: 'checking' })).toBe(false);
    expect(sameStatus({ state: 'incomplete', reason: '超时' }, { state: 'incomplete', reason: '超时' })).toBe(true);
    expect(sameStatus({ state: 'incomplete', reason: '超时' }, { state: 'incomplete' })).toBe(false);
    expect(sameStatus({ state: 'adapter-broken', missing: ['列“天数”'] }, { state: 'adapter-broken', missing: ['列“天数”'] })).toBe(true);
    expect(sameStatus({ state: 'adapter-broken', missing: ['列“天数”'] }, { state: 'adapter-broken', missing: ['医嘱表格'] })).toBe(false);
    expect(sameStatus({ state: 'checked', unread: ['频次'] }, { state: 'checked', unread: ['频次'] })).toBe(true);
    expect(sameStatus({ state: 'checked', unread: ['频次'] }, { state: 'checked' })).toBe(false);
  });
});
