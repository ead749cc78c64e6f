// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countBySeverity } from '../../../components/finding-list';
import { markerPlacement } from '../../../components/geometry';
import { lineDisplayName } from '../../../components/line-name';
import { DecisionSchema } from '../../../contract/decision';
import type { Action, Finding } from '../../../contract/findings';
import { Overlay, type OverlayProps, type OverlayState } from '../../../components/Overlay';
import { language } from '../../../components/i18n';
import { LINE_NAMES, buttonByText, click, findingOf, mount, sampleFindings, withGate } from './fixtures';

// Each of these runs once per render of one component (marker, badge, panel group), so their
// call counts tell which components re-rendered.
vi.mock('../../../components/geometry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../components/geometry')>();
  return { ...original, markerPlacement: vi.fn(original.markerPlacement) };
});
vi.mock('../../../components/finding-list', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../components/finding-list')>();
  return { ...original, countBySeverity: vi.fn(original.countBySeverity) };
});
vi.mock('../../../components/line-name', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../components/line-name')>();
  return { ...original, lineDisplayName: vi.fn(original.lineDisplayName) };
});

const findings = sampleFindings();
const rects = {
  '1': { top: 300, left: 100, width: 900, height: 24 },
  '2': { top: 324, left: 100, width: 900, height: 24 },
  '3': { top: 348, left: 100, width: 900, height: 24 },
};
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
  vi.useRealTimers();
});

function overlay(state: Partial<OverlayState> = {}) {
  const callbacks = {
    canApply: vi.fn((action: Action) => action.type !== 'remove-line'),
    onAction: vi.fn(),
    onDismiss: vi.fn(),
    onFocusLine: vi.fn(),
    onReturn: vi.fn(),
    onContinue: vi.fn(),
  };
  const props = (over: Partial<OverlayState>): OverlayProps => ({
    status: { state: 'checked' },
    packVersion: '2026.11-1',
    findings,
    lineNames: LINE_NAMES,
    rowRects: rects,
    ...state,
    ...over,
    ...callbacks,
    now: () => new Date('2026-11-22T01:00:00Z'),
  });
  const view = mount(h(Overlay, props({})));
  cleanups.push(view.unmount);
  const root = view.container;
  return {
    root,
    ...callbacks,
    update: (over: Partial<OverlayState>) => view.rerender(h(Overlay, props(over))),
    marker: (lineId: string) => root.querySelector<HTMLElement>(`.pf-marker[data-line-id="${lineId}"]`),
    popover: () => root.querySelector<HTMLElement>('.pf-popover'),
  };
}

describe('Overlay', () => {
  it('renders the badge and one marker per flagged line that has a rect', () => {
    const { root, marker } = overlay({ rowRects: { '1': rects['1'], '2': rects['2'] } });
    expect(root.querySelector('.pf-badge')!.textContent).toContain('已审核 · 1 项不予支付 · 1 项需确认');
    expect(marker('1')!.classList.contains('pf-sev-warning')).toBe(true);
    expect(marker('2')!.classList.contains('pf-sev-critical')).toBe(true);
    expect(marker('3')).toBeNull();
  });

  it('marks every line a duplicate finding names', () => {
    const duplicate: Finding = {
      ruleId: 'dup-丁苯酞', kind: 'duplicate-drug', lineId: '3', relatedLineIds: ['1', '3'],
      severity: 'warning', message: '丁苯酞软胶囊 同一医嘱重复开具，重复部分医保不予支付', actions: [],
    };
    const { marker } = overlay({ findings: [findingOf(findings, 'course'), duplicate] });
    expect(marker('1')!.textContent).toBe('需确认2');
    expect(marker('3')!.textContent).toBe('需确认');
  });

  it('opens the popover on hover and closes it shortly after the pointer leaves', () => {
    vi.useFakeTimers();
    const { marker, popover } = overlay();
    act(() => {
      marker('2')!.dispatchEvent(new MouseEvent('mouseenter'));
    });
    expect(popover()!.textContent).toContain('阿帕他胺片 限男性使用');
    expect(popover()!.style.top).toBe('350px');
    act(() => {
      marker('2')!.dispatchEvent(new MouseEvent('mouseleave'));
    });
    // The pointer reaches the popover in time: it stays.
    act(() => {
      vi.advanceTimersByTime(100);
      popover()!.dispatchEvent(new MouseEvent('mouseenter'));
      vi.advanceTimersByTime(500);
    });
    expect(popover()).not.toBeNull();
    act(() => {
      popover()!.dispatchEvent(new MouseEvent('mouseleave'));
      vi.advanceTimersByTime(250);
    });
    expect(popover()).toBeNull();
  });

  it('pins the popover on click and passes actions, write-back checks and dismissals through', () => {
    vi.useFakeTimers();
    const { root, marker, popover, onAction, onDismiss, canApply } = overlay();
    click(marker('2'));
    act(() => {
      marker('2')!.dispatchEvent(new MouseEvent('mouseleave'));
      vi.advanceTimersByTime(1000);
    });
    expect(popover()).not.toBeNull();
    const sex = findingOf(findings, 'sex');
    click(buttonByText(popover()!, '转自费'));
    expect(onAction).toHaveBeenCalledWith(sex, { type: 'mark-self-pay', label: '转自费' });
    expect(canApply).toHaveBeenCalledWith({ type: 'remove-line', label: '删除此行' }, sex);
    expect(buttonByText(popover()!, '删除此行')).toBeUndefined();
    click(buttonByText(popover()!, '本次不再提示'));
    expect(onDismiss).toHaveBeenCalledWith(sex);
    click(marker('2'));
    expect(root.querySelector('.pf-popover')).toBeNull();
  });

  it('toggles the panel from the badge and focuses a line from it', () => {
    const { root, popover, onFocusLine } = overlay();
    click(root.querySelector('.pf-badge'));
    const panel = root.querySelector('.pf-panel')!;
    expect(panel.textContent).toContain('医保支付审核');
    click(panel.querySelector('.pf-panel-item[data-line-id="1"]'));
    expect(onFocusLine).toHaveBeenCalledWith('1');
    expect(popover()!.textContent).toContain('丁苯酞软胶囊 医保支付不超过 20 天');
    click(root.querySelector('.pf-badge'));
    expect(root.querySelector('.pf-panel')).toBeNull();
  });

  it('moves markers on new rects without re-rendering the panel or the badge', () => {
    const { root, update, marker } = overlay();
    click(root.querySelector('.pf-badge'));
    const markerRenders = vi.mocked(markerPlacement);
    const badgeRenders = vi.mocked(countBySeverity);
    const panelRenders = vi.mocked(lineDisplayName);
    for (const spy of [markerRenders, badgeRenders, panelRenders]) spy.mockClear();

    update({ rowRects: { ...rects, '1': { ...rects['1'], top: 600 } } });
    expect(marker('1')!.style.top).toBe('603px');
    // Only the moved row's marker rendered again.
    expect(markerRenders).toHaveBeenCalledTimes(1);
    expect(badgeRenders).not.toHaveBeenCalled();
    expect(panelRenders).not.toHaveBeenCalled();

    // A rebuilt but equal status and name map count as unchanged too.
    update({ status: { state: 'checked' }, lineNames: { ...LINE_NAMES } });
    expect(badgeRenders).not.toHaveBeenCalled();
    expect(panelRenders).not.toHaveBeenCalled();

    update({ rowRects: rects, findings: [findingOf(findings, 'course')] });
    expect(badgeRenders).toHaveBeenCalled();
    expect(root.querySelector('.pf-badge-state')!.textContent).toBe('已审核 · 1 项需确认');
    expect(marker('2')).toBeNull();
  });

  it('hides markers when the page adapter is broken or the check incomplete, and shows nothing in silent mode', () => {
    const broken = overlay({ status: { state: 'adapter-broken', missing: ['医嘱表格'] } });
    expect(broken.root.querySelector('.pf-marker')).toBeNull();
    expect(broken.root.querySelector('.pf-badge')!.textContent).toContain('页面适配失效');
    click(broken.root.querySelector('.pf-badge'));
    // Not checked is not "no problems": the panel says why instead of the empty state.
    expect(broken.root.querySelector('.pf-panel-empty')).toBeNull();
    expect(broken.root.querySelector('.pf-panel-notice')!.textContent).toContain('无法读取医嘱：医嘱表格');

    const incomplete = overlay({ status: { state: 'incomplete', reason: '审核引擎 1 秒内未响应' } });
    expect(incomplete.root.querySelector('.pf-marker')).toBeNull();
    click(incomplete.root.querySelector('.pf-badge'));
    expect(incomplete.root.querySelector('.pf-panel-notice')!.textContent).toContain('审核引擎 1 秒内未响应');

    const silent = overlay({ status: { state: 'silent' } });
    expect(silent.root.querySelector('.pf-marker')).toBeNull();
    click(silent.root.querySelector('.pf-badge'));
    expect(silent.root.querySelector('.pf-panel')).toBeNull();
  });

  it('keeps markers while a re-check runs', () => {
    const { root } = overlay({ status: { state: 'checking' } });
    expect(root.querySelectorAll('.pf-marker')).toHaveLength(3);
  });

  it('opens the review and reports the doctor’s decisions', () => {
    const sex = findingOf(findings, 'sex');
    const { root, onContinue, onReturn, update } = overlay({ review: { orderId: 'rx-ui-1', findings: [sex] } });
    expect(root.querySelector('.pf-dialog-title')!.textContent).toBe('提交前医保审核');
    click(root.querySelector('[data-choice="continue"]'));
    click(root.querySelector('input[value="已获审批"]'));
    click(root.querySelector('[data-role="continue"]'));
    expect(onReturn).not.toHaveBeenCalled();
    const [decision] = onContinue.mock.calls[0]![0] as unknown[];
    expect(DecisionSchema.parse(decision)).toMatchObject({
      findingRef: { orderId: 'rx-ui-1', ruleId: sex.ruleId, lineId: '2' },
      decision: 'continued',
      reasonCode: '已获审批',
    });
    update({ review: undefined });
    expect(root.querySelector('.pf-dialog')).toBeNull();
  });

  it('works inside a shadow root: text stays text, Esc and Tab stay in the dialog', () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    shadow.appendChild(container);
    const onReturn = vi.fn();
    const sex = findingOf(findings, 'sex');
    const props: OverlayProps = {
      status: { state: 'checked' },
      findings: [{ ...sex, message: '<img src=x onerror="globalThis.__pfPwned=1">' }],
      rowRects: rects,
      review: { orderId: 'rx-ui-1', findings: [sex] },
      canApply: () => true,
      onAction: vi.fn(),
      onDismiss: vi.fn(),
      onFocusLine: vi.fn(),
      onReturn,
      onContinue: vi.fn(),
    };
    act(() => render(withGate(h(Overlay, props)), container));
    cleanups.push(() => {
      act(() => render(null, container));
      host.remove();
    });
    click(shadow.querySelector('.pf-marker'));
    expect(shadow.querySelector('.pf-popover img')).toBeNull();
    const dialog = shadow.querySelector('[role="dialog"][aria-modal="true"]')!;
    const firstItem = dialog.querySelector('.pf-review-item');
    expect(shadow.activeElement).toBe(firstItem);
    const last = dialog.querySelector<HTMLButtonElement>('[data-role="return"]')!;
    act(() => last.focus());
    act(() => {
      last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true, composed: true }));
    });
    // Tab wraps to the first stop: the first item's first fix.
    expect(shadow.activeElement).toBe(dialog.querySelector('.pf-review-item [data-action="mark-self-pay"]'));
    act(() => {
      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    });
    expect(onReturn).toHaveBeenCalledTimes(1);
  });
});
