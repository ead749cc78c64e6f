// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionSchema, OVERRIDE_REASONS, type Decision } from '../../../contract/decision';
import type { Finding } from '../../../contract/findings';
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

function dialog(list: Finding[] = [sex, course], gate?: EventGate) {
  const onReturn = vi.fn<(d: Decision[]) => void>();
  const onContinue = vi.fn<(d: Decision[]) => void>();
  const view = mount(h(ReviewDialog, { orderId: 'rx-ui-1', findings: list, lineNames: LINE_NAMES, onReturn, onContinue, now: () => AT }), gate);
  cleanups.push(view.unmount);
  const root = view.container;
  const items = () => Array.from(root.querySelectorAll<HTMLElement>('.pf-review-item'));
  const radio = (item: number, value: string) =>
    items()[item]!.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`)!;
  const primary = () => root.querySelector<HTMLButtonElement>('.pf-button-primary')!;
  const key = (target: Element, init: KeyboardEventInit) =>
    act(() => {
      target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    });
  return { root, items, radio, primary, key, onReturn, onContinue };
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

describe('ReviewDialog', () => {
  it('is a titled modal listing each finding with its line, kind and the total at risk', () => {
    const { root, items } = dialog();
    const box = root.querySelector('[role="dialog"]')!;
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(root.querySelector('.pf-dialog-title')!.textContent).toBe('提交前医保审核');
    expect(root.textContent).toContain('以下 2 项可能导致医保不予支付');
    expect(items()[0]!.textContent).toContain('阿帕他胺片');
    expect(items()[0]!.textContent).toContain('限性别');
    expect(items()[1]!.textContent).toContain('限支付疗程');
    const total = (1200 + course.amountAtRisk!).toFixed(2);
    expect(root.querySelector('.pf-dialog-total')!.textContent).toBe(`涉及金额合计 ¥${total}`);
  });

  it('keeps 继续提交 disabled until every continued finding has a reason', () => {
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
    const other = items()[1]!.querySelector<HTMLInputElement>('input[type="text"]')!;
    typeInto(other, '   ');
    expect(primary().disabled).toBe(true);
    typeInto(other, '已电话告知患者自费金额');
    expect(primary().disabled).toBe(false);

    click(primary());
    expect(onContinue).toHaveBeenCalledTimes(1);
    const decisions = parsed(onContinue.mock.calls[0]![0]);
    expect(decisions).toEqual([
      {
        findingRef: { orderId: 'rx-ui-1', ruleId: sex.ruleId, lineId: '2' },
        decision: 'continued',
        reason: '患者同意自费',
        reasonCode: '患者同意自费',
        at: AT.toISOString(),
      },
      {
        findingRef: { orderId: 'rx-ui-1', ruleId: course.ruleId, lineId: '1' },
        decision: 'continued',
        reason: '已电话告知患者自费金额',
        at: AT.toISOString(),
      },
    ]);
  });

  it('lists critical findings first whatever order they come in', () => {
    const { items, root, onReturn } = dialog([course, sex]);
    expect(items().map((i) => i.getAttribute('data-rule-id'))).toEqual([sex.ruleId, course.ruleId]);
    click(root.querySelector('[data-role="return"]'));
    expect(parsed(onReturn.mock.calls[0]![0]).map((d) => d.findingRef.ruleId)).toEqual([sex.ruleId, course.ruleId]);
  });

  it('offers every preset reason from the decision contract', () => {
    const { radio, items } = dialog();
    click(radio(0, 'continue'));
    const labels = Array.from(items()[0]!.querySelectorAll('.pf-reasons label')).map((l) => l.textContent);
    expect(labels).toEqual([...OVERRIDE_REASONS.map((r) => r.display), '其他原因']);
  });

  it('continues all findings with one reason in one click', () => {
    const { root, primary, onContinue } = dialog();
    const select = root.querySelector<HTMLSelectElement>('.pf-bulk select')!;
    act(() => {
      select.value = '已获审批';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click(root.querySelector('[data-role="continue-all"]'));
    expect(primary().disabled).toBe(false);
    click(primary());
    const decisions = parsed(onContinue.mock.calls[0]![0]);
    expect(decisions.map((d) => [d.decision, d.reasonCode])).toEqual([
      ['continued', '已获审批'],
      ['continued', '已获审批'],
    ]);
  });

  it('turns the primary action into 返回修改 once a finding is marked for editing', () => {
    const { radio, primary, onReturn, onContinue } = dialog();
    click(radio(0, 'continue'));
    click(radio(0, '临床必需且已告知患者'));
    click(radio(1, 'return'));
    expect(primary().textContent).toBe('返回修改');
    expect(primary().disabled).toBe(false);
    click(primary());
    expect(onContinue).not.toHaveBeenCalled();
    const decisions = parsed(onReturn.mock.calls[0]![0]);
    expect(decisions.map((d) => [d.findingRef.ruleId, d.decision, d.reason])).toEqual([
      [sex.ruleId, 'continued', '临床必需且已告知患者'],
      [course.ruleId, 'modified', undefined],
    ]);
  });

  it('goes back on Escape, every undecided finding reported as modified', () => {
    const { root, key, onReturn } = dialog();
    key(root.querySelector('[role="dialog"]')!, { key: 'Escape' });
    expect(onReturn).toHaveBeenCalledTimes(1);
    expect(parsed(onReturn.mock.calls[0]![0]).map((d) => d.decision)).toEqual(['modified', 'modified']);
  });

  it('focuses inside on open and keeps Tab cycling within the dialog', () => {
    const { root, radio, key } = dialog();
    expect(document.activeElement).toBe(root.querySelector('.pf-bulk select'));
    click(radio(0, 'continue'));
    const last = root.querySelector<HTMLButtonElement>('[data-role="return"]')!;
    // 继续提交 is disabled, so 返回修改 is the last stop.
    act(() => last.focus());
    key(last, { key: 'Tab' });
    expect(document.activeElement).toBe(root.querySelector('.pf-bulk select'));
    key(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('counts only the checked radio of a group as a Tab stop', () => {
    const { root, radio, key } = dialog([sex]);
    // Without the bulk helper the first stop is the first choice radio; once 继续提交 is chosen it is that one.
    click(radio(0, 'continue'));
    act(() => radio(0, 'continue').focus());
    key(radio(0, 'continue'), { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(root.querySelector('[data-role="return"]'));
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
    expect(root.querySelector('.pf-finding-message')!.textContent).toBe(HOSTILE);
  });

  it('speaks English when switched, still recording the Chinese preset', () => {
    const { root, radio, primary, onContinue } = dialog([sex]);
    act(() => {
      language.value = 'en';
    });
    expect(root.querySelector('.pf-dialog-title')!.textContent).toBe('Insurance review before submitting');
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
    const { root, items, radio, primary, key, onReturn, onContinue } = dialog([sex], onlyTrusted);
    click(radio(0, 'continue'));
    expect(items()[0]!.querySelector('.pf-reasons')).toBeNull();
    // Even with the button forced on, a synthetic click records nothing.
    primary().disabled = false;
    click(primary());
    click(root.querySelector('[data-role="return"]'));
    key(root.querySelector('[role="dialog"]')!, { key: 'Escape' });
    expect(onContinue).not.toHaveBeenCalled();
    expect(onReturn).not.toHaveBeenCalled();
  });
});
