// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../contract/findings';
import { FindingsPanel } from '../../../components/FindingsPanel';
import { language } from '../../../components/i18n';
import { HOSTILE, LINE_NAMES, buttonByText, click, mount, sampleFindings } from './fixtures';

const findings = sampleFindings();
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
});

function panel(list: Finding[], lineNames: Record<string, string> | null = LINE_NAMES) {
  const onFocusLine = vi.fn();
  const onClose = vi.fn();
  const view = mount(h(FindingsPanel, { findings: list, lineNames: lineNames ?? undefined, packVersion: '2026.11-1', onFocusLine, onClose }));
  cleanups.push(view.unmount);
  return { root: view.container, onFocusLine, onClose };
}

describe('FindingsPanel', () => {
  it('groups findings by line name with the most severe line first', () => {
    const { root } = panel(findings);
    const groups = Array.from(root.querySelectorAll('.pf-group'));
    expect(groups.map((g) => g.querySelector('.pf-group-name')!.textContent)).toEqual(['阿帕他胺片', '丁苯酞软胶囊', '丁苯酞软胶囊']);
    expect(groups.map((g) => g.getAttribute('data-line-id'))).toEqual(['2', '1', '3']);
    expect(groups[0]!.textContent).toContain('限性别');
    expect(groups[0]!.textContent).toContain('阿帕他胺片 限男性使用，患者为女性，医保不予支付');
    expect(groups[2]!.textContent).toContain('数据不全');
  });

  it('falls back to the line number and names order-level findings', () => {
    const orderLevel: Finding = { ruleId: 'no-dx', kind: 'data', severity: 'info', message: '未填写诊断', actions: [] };
    const { root } = panel([...findings, orderLevel], null);
    const names = Array.from(root.querySelectorAll('.pf-group-name')).map((n) => n.textContent);
    expect(names).toEqual(['第 2 行', '第 1 行', '第 3 行', '整张医嘱']);
    // An order-level finding has no row to go to.
    const last = root.querySelectorAll('.pf-group')[3]!;
    expect(last.querySelector('button')).toBeNull();
  });

  it('focuses the line of a clicked finding', () => {
    const { root, onFocusLine } = panel(findings);
    click(root.querySelector('.pf-panel-item[data-line-id="1"]'));
    expect(onFocusLine).toHaveBeenCalledWith('1');
  });

  it('says so when nothing was found', () => {
    const { root } = panel([]);
    expect(root.querySelector('.pf-panel-empty')!.textContent).toBe('未发现医保支付问题');
  });

  it('shows a notice instead of findings when the order could not be checked', () => {
    const view = mount(
      h(FindingsPanel, { findings: [], notice: '审核引擎未及时响应', onFocusLine: vi.fn(), onClose: vi.fn() }),
    );
    cleanups.push(view.unmount);
    expect(view.container.querySelector('.pf-panel-notice')!.textContent).toBe('审核引擎未及时响应');
    expect(view.container.textContent).not.toContain('未发现医保支付问题');
  });

  it('shows the notice above the findings of a partly read page', () => {
    const view = mount(
      h(FindingsPanel, { findings, notice: '页面上未能读取「频次」', onFocusLine: vi.fn(), onClose: vi.fn() }),
    );
    cleanups.push(view.unmount);
    expect(view.container.querySelector('.pf-panel-notice')!.textContent).toBe('页面上未能读取「频次」');
    expect(view.container.querySelectorAll('.pf-panel-item')).toHaveLength(findings.length);
  });

  it('renders hostile messages as text', () => {
    const { root } = panel([{ ...findings[0]!, message: HOSTILE }]);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.pf-panel-item')!.textContent).toContain(HOSTILE);
  });

  it('switches language from its header and closes', () => {
    const { root, onClose } = panel([]);
    click(buttonByText(root, 'English'));
    expect(language.value).toBe('en');
    expect(root.querySelector('.pf-panel-empty')!.textContent).toBe('No insurance payment issues found');
    click(buttonByText(root, '中文'));
    expect(language.value).toBe('zh-CN');
    act(() => undefined);
    click(root.querySelector('.pf-close'));
    expect(onClose).toHaveBeenCalled();
  });
});
