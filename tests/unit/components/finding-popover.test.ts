// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Action, Finding } from '../../../contract/findings';
import { FindingPopover } from '../../../components/FindingPopover';
import { language } from '../../../components/i18n';
import { HOSTILE, buttonByText, click, findingOf, mount, sampleFindings } from './fixtures';

const findings = sampleFindings();
const course = findingOf(findings, 'course');
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
  delete (globalThis as { __pfPwned?: unknown }).__pfPwned;
});

function popover(list: Finding[], canApply: (a: Action) => boolean = () => true) {
  const onAction = vi.fn();
  const onDismiss = vi.fn();
  const onClose = vi.fn();
  const view = mount(h(FindingPopover, { title: '丁苯酞软胶囊', findings: list, canApply, onAction, onDismiss, onClose }));
  cleanups.push(view.unmount);
  return { root: view.container, onAction, onDismiss, onClose };
}

describe('FindingPopover', () => {
  it('shows message, kind, basis and amount at risk in Chinese', () => {
    const { root } = popover([course]);
    const text = root.textContent!;
    expect(text).toContain('丁苯酞软胶囊 医保支付不超过 20 天，本次累计 21 天');
    expect(text).toContain('限支付疗程');
    expect(text).toContain('依据：国家医保药品目录 限支付疗程');
    expect(text).toContain(`涉及金额 ¥${course.amountAtRisk!.toFixed(2)}`);
  });

  it('keeps the detail collapsed until asked', () => {
    const { root } = popover([course]);
    expect(root.textContent).not.toContain('限脑卒中、脑梗死患者');
    click(buttonByText(root, '查看说明'));
    expect(root.querySelector('.pf-finding-detail')!.textContent).toBe('限脑卒中、脑梗死患者，支付不超过20天');
    click(buttonByText(root, '收起说明'));
    expect(root.querySelector('.pf-finding-detail')).toBeNull();
  });

  it('renders markup in pack texts as text and creates no element', () => {
    const hostile: Finding = { ...course, message: HOSTILE, basis: HOSTILE, detail: HOSTILE, actions: [{ type: 'confirm', label: HOSTILE }] };
    const { root } = popover([hostile]);
    click(buttonByText(root, '查看说明'));
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('.pf-finding-message')!.textContent).toBe(HOSTILE);
    expect(root.querySelector('.pf-finding-detail')!.textContent).toBe(HOSTILE);
    expect(root.querySelector('[data-action="confirm"]')!.textContent).toBe(HOSTILE);
    expect((globalThis as { __pfPwned?: unknown }).__pfPwned).toBeUndefined();
  });

  it('shows why a fix cannot be made, with the manual step, in place of its button', () => {
    const note = '无法自动修改（点击后未出现输入框），请在第 3 行「天数」中手动改为 20';
    const onAction = vi.fn();
    const fixNote = (a: Action) => (a.type === 'set-days' ? note : undefined);
    const view = mount(
      h(FindingPopover, { title: '丁苯酞软胶囊', findings: [course], canApply: (a: Action) => a.type !== 'set-days', onAction, fixNote, onDismiss: vi.fn(), onClose: vi.fn() }),
    );
    cleanups.push(view.unmount);
    const root = view.container;
    expect(root.querySelector('.pf-fix-note')!.textContent).toBe(note);
    expect(root.querySelector('[data-action="set-days"]')).toBeNull();
    expect(root.querySelector('.pf-action-hint')?.textContent ?? '').not.toContain('天');
  });

  it('calls onAction with the finding and the clicked action', () => {
    const { root, onAction } = popover([course]);
    click(buttonByText(root, '改为 20 天'));
    expect(onAction).toHaveBeenCalledWith(course, { type: 'set-days', value: 20, label: '改为 20 天' });
    click(buttonByText(root, '转自费'));
    expect(onAction).toHaveBeenLastCalledWith(course, { type: 'mark-self-pay', label: '转自费' });
  });

  it('shows actions the page cannot take as hints, not buttons', () => {
    const { root, onAction } = popover([course], (a) => a.type === 'set-days');
    expect(buttonByText(root, '改为 20 天')).toBeDefined();
    expect(buttonByText(root, '转自费')).toBeUndefined();
    expect(root.querySelector('.pf-action-hint')!.textContent).toBe('可手动处理：转自费');
    click(root.querySelector('.pf-action-hint'));
    expect(onAction).not.toHaveBeenCalled();
  });

  it('dismisses one finding for this order', () => {
    const sex = findingOf(findings, 'sex');
    const { root, onDismiss } = popover([course, sex]);
    const dismissButtons = Array.from(root.querySelectorAll('button')).filter((b) => b.textContent === '本次不再提示');
    expect(dismissButtons).toHaveLength(2);
    // The critical finding is listed first.
    click(dismissButtons[0]);
    expect(onDismiss).toHaveBeenCalledWith(sex);
  });

  it('closes on its button and on Escape', () => {
    const { root, onClose } = popover([course]);
    click(root.querySelector('.pf-close'));
    act(() => {
      root.querySelector('.pf-action')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('switches its own words to English and keeps the pack text', () => {
    const { root } = popover([course]);
    act(() => {
      language.value = 'en';
    });
    const text = root.textContent!;
    expect(text).toContain('Payable course limit');
    expect(text).toContain(`Amount at risk ¥${course.amountAtRisk!.toFixed(2)}`);
    expect(buttonByText(root, 'Set to 20 days')).toBeDefined();
    expect(text).toContain('丁苯酞软胶囊 医保支付不超过 20 天');
  });
});
