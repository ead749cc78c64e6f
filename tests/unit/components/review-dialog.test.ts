// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionSchema, OVERRIDE_REASONS, type Decision } from '../../../contract/decision';
import type { Action, Finding } from '../../../contract/findings';
import { ReviewDialog } from '../../../components/ReviewDialog';
import { language } from '../../../components/i18n';
import { onlyTrusted, type EventGate } from '../../../components/trusted-event';
import { HOSTILE, LINE_NAMES, buttonByText, click, findingOf, mount, sampleFindings } from './fixtures';

const findings = sampleFindings();
const sex = findingOf(findings, 'sex');
const course = findingOf(findings, 'course');
const AT = new Date('2026-11-22T09:30:00+08:00');
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
});

const LINE_LABELS = { '1': '序号 1', '2': '序号 2', '3': '序号 3' };

interface Extra {
  resolved?: boolean[];
  canApply?: (action: Action, finding: Finding) => boolean;
  selfPayCount?: number;
}

function dialog(list: Finding[] = [sex, course], gate?: EventGate, extra: Extra = {}) {
  const onReturn = vi.fn<(d: Decision[]) => void>();
  const onContinue = vi.fn<(d: Decision[]) => void>();
  const onAction = vi.fn<(f: Finding, a: Action) => void>();
  const onAddDiagnosis = vi.fn<(f: Finding, d: Decision[]) => void>();
  const onReport = vi.fn<(f: Finding, reason: string | undefined) => void>();
  const onFocusFinding = vi.fn<(f: Finding | undefined) => void>();
  const onConsent = vi.fn<() => void>();
  const props = (more: Extra) => ({
    orderId: 'rx-ui-1',
    findings: list,
    lineNames: LINE_NAMES,
    lineLabels: LINE_LABELS,
    onReturn,
    onContinue,
    onAction,
    onAddDiagnosis,
    onReport,
    onFocusFinding,
    onConsent,
    now: () => AT,
    ...more,
  });
  const view = mount(h(ReviewDialog, props(extra)), gate);
  cleanups.push(view.unmount);
  const root = view.container;
  const items = () => Array.from(root.querySelectorAll<HTMLElement>('.pf-review-item'));
  /** A choice button (`continue`, `return`) or a reason radio of an item. */
  const radio = (item: number, value: string) =>
    (items()[item]!.querySelector<HTMLElement>(`[data-choice="${value}"]`) ??
      items()[item]!.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`))! as HTMLInputElement;
  const primary = () => root.querySelector<HTMLButtonElement>('.pf-button-primary')!;
  const key = (target: Element, init: KeyboardEventInit) =>
    act(() => {
      target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    });
  const rerender = (more: Extra) => view.rerender(h(ReviewDialog, props(more)));
  return { root, items, radio, primary, key, rerender, onReturn, onContinue, onAction, onAddDiagnosis, onReport, onFocusFinding, onConsent };
}

function typeInto(input: HTMLInputElement, text: string) {
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Decisions must satisfy the contract schema as they are, not just look right. */
function parsed(decisions: Decision[]) {
  return decisions.map((d) => DecisionSchema.parse(d));
}

const canWrite = (action: Action) => action.type === 'set-days' || action.type === 'mark-self-pay';
const indication: Finding = {
  ...course,
  ruleId: 'r-indication',
  kind: 'indication',
  severity: 'warning',
  message: '丁苯酞软胶囊 限脑卒中，诊断中未见',
  actions: [
    { type: 'add-diagnosis', label: '补录诊断' },
    { type: 'mark-self-pay', label: '转自费' },
  ],
};
const secondLine: Finding = {
  ...course,
  ruleId: 'r-second-line',
  lineId: '3',
  kind: 'second-line',
  severity: 'warning',
  message: '限二线用药',
  actions: [{ type: 'confirm', label: '已有一线治疗无效/不耐受记录' }],
};

describe('ReviewDialog', () => {
  it('is a titled modal grouping items by row, each with its level word, kind, field and the total at risk', () => {
    const { root, items } = dialog();
    const box = root.querySelector('[role="dialog"]')!;
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(root.querySelector('.pf-dialog-title')!.textContent).toBe('提交前医保审核');
    expect(root.textContent).toContain('以下 2 项需处理');
    const rows = Array.from(root.querySelectorAll('.pf-review-row')).map((r) => r.textContent);
    expect(rows).toEqual(['序号 2阿帕他胺片', '序号 1丁苯酞软胶囊']);
    expect(items()[0]!.textContent).toContain('不予支付');
    expect(items()[0]!.textContent).toContain('限性别');
    expect(items()[0]!.querySelector('.pf-field')!.textContent).toBe('性别');
    expect(items()[1]!.textContent).toContain('需确认');
    expect(items()[1]!.querySelector('.pf-field')!.textContent).toBe('天数');
    const total = (1200 + course.amountAtRisk!).toFixed(2);
    expect(root.querySelector('.pf-dialog-total')!.textContent).toBe(`涉及金额合计 ¥${total}`);
  });

  it('keeps 继续提交 disabled until every continued item has a reason', () => {
    const { root, radio, primary, items, onContinue } = dialog();
    expect(primary().textContent).toBe('继续提交');
    expect(primary().disabled).toBe(true);
    expect(root.querySelector('.pf-dialog-pending')!.textContent).toBe('还有 2 项未选择处理方式或未填写理由');

    click(radio(0, 'continue'));
    expect(items()[0]!.textContent).toContain('请选择或填写理由');
    click(radio(0, '患者同意自费'));
    expect(primary().disabled).toBe(true);
    click(radio(1, 'continue'));
    click(radio(1, 'other'));
    expect(primary().disabled).toBe(true);
    const other = items()[1]!.querySelector<HTMLInputElement>('.pf-reasons input[type="text"]')!;
    typeInto(other, '   ');
    expect(primary().disabled).toBe(true);
    typeInto(other, '已电话告知患者自费金额');
    expect(primary().disabled).toBe(false);

    click(primary());
    expect(onContinue).toHaveBeenCalledTimes(1);
    expect(parsed(onContinue.mock.calls[0]![0])).toEqual([
      { findingRef: { orderId: 'rx-ui-1', ruleId: sex.ruleId, lineId: '2' }, decision: 'continued', reason: '患者同意自费', reasonCode: '患者同意自费', at: AT.toISOString() },
      { findingRef: { orderId: 'rx-ui-1', ruleId: course.ruleId, lineId: '1' }, decision: 'continued', reason: '已电话告知患者自费金额', at: AT.toISOString() },
    ]);
  });

  it('shows the row with a critical item first; decisions come back in the order given', () => {
    const { items, root, onReturn } = dialog([course, sex]);
    expect(items().map((i) => i.getAttribute('data-rule-id'))).toEqual([sex.ruleId, course.ruleId]);
    click(root.querySelector('[data-role="return"]'));
    expect(parsed(onReturn.mock.calls[0]![0]).map((d) => d.findingRef.ruleId)).toEqual([course.ruleId, sex.ruleId]);
  });

  it('offers every preset reason from the decision contract', () => {
    const { radio, items } = dialog();
    click(radio(0, 'continue'));
    const labels = Array.from(items()[0]!.querySelectorAll('.pf-reasons label')).map((l) => l.textContent);
    expect(labels).toEqual([...OVERRIDE_REASONS.map((r) => r.display), '其他原因']);
  });

  it('continues all non-critical items with one reason; a critical item needs a reason of its own', () => {
    const { root, primary, radio, items, onContinue } = dialog([sex, course, secondLine]);
    expect(root.querySelector('.pf-bulk')!.textContent).toContain('不含不予支付项');
    const select = root.querySelector<HTMLSelectElement>('.pf-bulk select')!;
    act(() => {
      select.value = '已获审批';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click(root.querySelector('[data-role="continue-all"]'));
    // The critical 阿帕他胺片 is untouched: still open, 继续提交 still disabled.
    expect(items()[0]!.getAttribute('data-state')).toBe('open');
    expect(primary().disabled).toBe(true);
    click(radio(0, 'continue'));
    click(radio(0, '临床必需且已告知患者'));
    expect(primary().disabled).toBe(false);
    click(primary());
    expect(parsed(onContinue.mock.calls[0]![0]).map((d) => [d.findingRef.ruleId, d.decision, d.reasonCode])).toEqual([
      [sex.ruleId, 'continued', '临床必需且已告知患者'],
      [course.ruleId, 'continued', '已获审批'],
      [secondLine.ruleId, 'continued', '已获审批'],
    ]);
  });

  it('offers no blanket reason when only one non-critical item is open', () => {
    const { root } = dialog([sex, course]);
    expect(root.querySelector('.pf-bulk')).toBeNull();
  });

  it('turns the primary action into 返回修改 once an item is marked for editing', () => {
    const { radio, primary, onReturn, onContinue } = dialog();
    click(radio(0, 'continue'));
    click(radio(0, '临床必需且已告知患者'));
    click(radio(1, 'return'));
    expect(primary().textContent).toBe('返回修改');
    expect(primary().disabled).toBe(false);
    click(primary());
    expect(onContinue).not.toHaveBeenCalled();
    expect(parsed(onReturn.mock.calls[0]![0]).map((d) => [d.findingRef.ruleId, d.decision, d.reason])).toEqual([
      [sex.ruleId, 'continued', '临床必需且已告知患者'],
      [course.ruleId, 'modified', undefined],
    ]);
  });

  it('goes back on Escape, every undecided item reported as modified', () => {
    const { root, key, onReturn } = dialog();
    key(root.querySelector('[role="dialog"]')!, { key: 'Escape' });
    expect(onReturn).toHaveBeenCalledTimes(1);
    expect(parsed(onReturn.mock.calls[0]![0]).map((d) => d.decision)).toEqual(['modified', 'modified']);
  });

  it('applies a fix from the dialog and settles the item once its finding is gone', () => {
    const { items, primary, rerender, onAction, radio } = dialog([sex, course], undefined, { canApply: canWrite });
    const setDays = items()[1]!.querySelector<HTMLButtonElement>('[data-action="set-days"]')!;
    expect(setDays.textContent).toBe(course.actions.find((a) => a.type === 'set-days')!.label);
    click(setDays);
    expect(onAction).toHaveBeenCalledWith(course, course.actions.find((a) => a.type === 'set-days'));
    rerender({ canApply: canWrite, resolved: [false, true] });
    expect(items()[1]!.getAttribute('data-state')).toBe('resolved');
    expect(items()[1]!.textContent).toContain('已修改');
    expect(items()[1]!.querySelector('[data-action]')).toBeNull();
    click(radio(0, 'continue'));
    click(radio(0, '患者同意自费'));
    expect(primary().disabled).toBe(false);
  });

  it('moves between items with ↑/↓, applies the first fix on Enter and goes back on Esc', () => {
    const { root, items, key, onAction, onFocusFinding, onReturn } = dialog([sex, course], undefined, { canApply: canWrite });
    expect(document.activeElement).toBe(items()[0]);
    expect(onFocusFinding).toHaveBeenLastCalledWith(sex);
    key(items()[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[1]);
    expect(onFocusFinding).toHaveBeenLastCalledWith(course);
    key(items()[1]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[1]);
    key(items()[1]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items()[0]);
    key(items()[0]!, { key: 'Enter' });
    expect(onAction).toHaveBeenCalledWith(sex, sex.actions[0]);
    key(root.querySelector('[role="dialog"]')!, { key: 'Escape' });
    expect(onReturn).toHaveBeenCalledTimes(1);
  });

  it('answers an item by its attestation, recorded with the action', () => {
    const { items, primary, onContinue } = dialog([secondLine]);
    click(items()[0]!.querySelector('[data-action="confirm"]'));
    expect(items()[0]!.textContent).toContain('理由：已有一线治疗无效/不耐受记录');
    expect(primary().disabled).toBe(false);
    click(primary());
    expect(parsed(onContinue.mock.calls[0]![0])[0]).toMatchObject({ decision: 'continued', reason: '已有一线治疗无效/不耐受记录', action: 'confirm' });
  });

  it('补录诊断 goes back to editing with the decisions so far', () => {
    const { items, onAddDiagnosis } = dialog([indication]);
    click(items()[0]!.querySelector('[data-action="add-diagnosis"]'));
    expect(onAddDiagnosis).toHaveBeenCalledTimes(1);
    expect(onAddDiagnosis.mock.calls[0]![0]).toBe(indication);
  });

  it('报告误报 records the objection and continues the item as 规则不适用', () => {
    const { items, primary, onReport, onContinue } = dialog([sex]);
    click(items()[0]!.querySelector('[data-role="report"]'));
    const note = items()[0]!.querySelector<HTMLInputElement>('[data-role="report-form"] input')!;
    typeInto(note, '患者为男性，页面性别录入错误');
    click(items()[0]!.querySelector('[data-role="report-send"]'));
    expect(onReport).toHaveBeenCalledWith(sex, '患者为男性，页面性别录入错误');
    expect(items()[0]!.textContent).toContain('已报告误报');
    expect(primary().disabled).toBe(false);
    click(primary());
    expect(parsed(onContinue.mock.calls[0]![0])[0]).toMatchObject({ decision: 'continued', reasonCode: '规则不适用(反馈医保办)' });
  });

  it('offers the consent sheet when lines are marked 自费', () => {
    expect(dialog([sex]).root.querySelector('[data-role="consent"]')).toBeNull();
    const { root, onConsent } = dialog([sex], undefined, { selfPayCount: 2 });
    const button = root.querySelector('[data-role="consent"]')!;
    expect(button.textContent).toBe('打印自费知情同意书（2 项）');
    click(button);
    expect(onConsent).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab cycling within the dialog', () => {
    const { root, radio, key } = dialog([sex, course, secondLine]);
    const first = root.querySelector('.pf-bulk select');
    click(radio(0, 'continue'));
    const last = root.querySelector<HTMLButtonElement>('[data-role="return"]')!;
    // 继续提交 is disabled, so 返回修改 is the last stop.
    act(() => last.focus());
    key(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    key(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('gives focus back to what was focused before it opened', () => {
    const before = document.createElement('button');
    document.body.appendChild(before);
    before.focus();
    const { root } = dialog();
    expect(document.activeElement).not.toBe(before);
    cleanups.pop()!();
    expect(document.activeElement).toBe(before);
    expect(root.isConnected).toBe(false);
    before.remove();
  });

  it('renders hostile messages as text', () => {
    const { root } = dialog([{ ...sex, message: HOSTILE, basis: HOSTILE }]);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.pf-review-message')!.textContent).toBe(HOSTILE);
  });

  it('speaks English when switched, still recording the Chinese preset', () => {
    const { root, radio, primary, onContinue } = dialog([sex]);
    act(() => {
      language.value = 'en';
    });
    expect(root.querySelector('.pf-dialog-title')!.textContent).toBe('Insurance review before submitting');
    expect(root.querySelector('.pf-sev-word')!.textContent).toBe('Not payable');
    click(radio(0, 'continue'));
    const label = radio(0, '患者同意自费').parentElement!;
    expect(label.textContent).toBe('Patient agrees to pay');
    click(radio(0, '患者同意自费'));
    expect(primary().textContent).toBe('Submit anyway');
    click(primary());
    expect(parsed(onContinue.mock.calls[0]![0])[0]).toMatchObject({ reason: '患者同意自费', reasonCode: '患者同意自费' });
  });

  it('in the page, ignores events a page script makes: no answer, no decision, Esc does not close', () => {
    // The production gate: happy-dom's events, like a page's click()/dispatchEvent, are not trusted.
    const { root, items, radio, primary, key, onReturn, onContinue, onAction } = dialog([sex], onlyTrusted, { canApply: canWrite });
    click(radio(0, 'continue'));
    expect(items()[0]!.querySelector('.pf-reasons')).toBeNull();
    click(items()[0]!.querySelector('[data-action="mark-self-pay"]'));
    key(items()[0]!, { key: 'Enter' });
    // Even with the button forced on, a synthetic click records nothing.
    primary().disabled = false;
    click(primary());
    click(root.querySelector('[data-role="return"]'));
    key(root.querySelector('[role="dialog"]')!, { key: 'Escape' });
    expect(onContinue).not.toHaveBeenCalled();
    expect(onReturn).not.toHaveBeenCalled();
    expect(onAction).not.toHaveBeenCalled();
  });
});
