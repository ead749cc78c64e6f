// @vitest-environment happy-dom
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markerPlacement } from '../../../components/geometry';
import { RowMarker } from '../../../components/RowMarker';
import { language } from '../../../components/i18n';
import { click, findingOf, mount, sampleFindings } from './fixtures';

// Placement is computed once per marker render, so counting its calls counts renders.
vi.mock('../../../components/geometry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../components/geometry')>();
  return { ...original, markerPlacement: vi.fn(original.markerPlacement) };
});

const findings = sampleFindings();
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
});

const rect = { top: 400, left: 120, width: 900, height: 26 };

describe('RowMarker', () => {
  it('shows the highest severity and the count, placed left of the row', () => {
    const lineFindings = [findingOf(findings, 'course'), findingOf(findings, 'sex')];
    const view = mount(h(RowMarker, { lineId: '2', rect, findings: lineFindings, open: false, onHover: vi.fn(), onToggle: vi.fn() }));
    cleanups.push(view.unmount);
    const marker = view.container.querySelector<HTMLElement>('.pf-marker')!;
    expect(marker.classList.contains('pf-sev-critical')).toBe(true);
    // The level reads without colour: its own shape and its word.
    expect(marker.textContent).toBe('不予支付2');
    expect(marker.querySelector('svg[data-shape="critical"]')).not.toBeNull();
    expect(marker.getAttribute('aria-label')).toBe('2 项医保提示，最高级别：不予支付');
    expect(marker.style.top).toBe('404px');
    expect(marker.style.left).toBe('116px');
    expect(marker.style.transform).toBe('translateX(-100%)');
  });

  it('outlines a row with no gutter beside it instead of covering its cells', () => {
    const wide = { top: 100, left: 0, width: 1360, height: 30 };
    const view = mount(h(RowMarker, { lineId: '3', rect: wide, findings: [findingOf(findings, 'sex')], open: false, viewportRight: 1366, onHover: vi.fn(), onToggle: vi.fn() }));
    cleanups.push(view.unmount);
    const outline = view.container.querySelector<HTMLElement>('.pf-marker-outline')!;
    expect(outline.classList.contains('pf-sev-critical')).toBe(true);
    // A frame 3px outside the row on every side, with no text of its own over the cells.
    expect([outline.style.top, outline.style.left, outline.style.width, outline.style.height]).toEqual(['97px', '-3px', '1366px', '36px']);
    expect(outline.textContent).toBe('');
    expect(outline.querySelectorAll('.pf-edge')).toHaveLength(4);
    expect(outline.getAttribute('aria-label')).toBe('1 项医保提示，最高级别：不予支付');
  });

  it('outlines every row when the profile asks for outlines', () => {
    const onToggle = vi.fn();
    const view = mount(h(RowMarker, { lineId: '1', rect, findings: [findingOf(findings, 'course')], open: false, mode: 'outline', onHover: vi.fn(), onToggle }));
    cleanups.push(view.unmount);
    expect(view.container.querySelector('.pf-marker:not(.pf-marker-outline)')).toBeNull();
    click(view.container.querySelector('.pf-edge-top')!);
    expect(onToggle).toHaveBeenCalledWith('1');
  });

  it('renders nothing without findings', () => {
    const view = mount(h(RowMarker, { lineId: '1', rect, findings: [], open: false, onHover: vi.fn(), onToggle: vi.fn() }));
    cleanups.push(view.unmount);
    expect(view.container.querySelector('.pf-marker')).toBeNull();
  });

  it('reports hover in and out and clicks with its line id', () => {
    const onHover = vi.fn();
    const onToggle = vi.fn();
    const view = mount(h(RowMarker, { lineId: '1', rect, findings: [findingOf(findings, 'course')], open: false, onHover, onToggle }));
    cleanups.push(view.unmount);
    const marker = view.container.querySelector('.pf-marker')!;
    act(() => {
      marker.dispatchEvent(new MouseEvent('mouseenter'));
      marker.dispatchEvent(new MouseEvent('mouseleave'));
    });
    expect(onHover.mock.calls).toEqual([['1', true], ['1', false]]);
    click(marker);
    expect(onToggle).toHaveBeenCalledWith('1');
  });

  it('skips re-rendering for an equal rect but moves for a new one, and follows the language', () => {
    const props = { lineId: '1', findings: [findingOf(findings, 'course')], open: false, onHover: vi.fn(), onToggle: vi.fn() };
    const view = mount(h(RowMarker, { ...props, rect }));
    cleanups.push(view.unmount);
    const marker = view.container.querySelector<HTMLElement>('.pf-marker')!;
    const renders = vi.mocked(markerPlacement);
    renders.mockClear();
    view.rerender(h(RowMarker, { ...props, rect: { ...rect } }));
    expect(renders).not.toHaveBeenCalled();
    view.rerender(h(RowMarker, { ...props, rect: { ...rect, top: 500 } }));
    expect(renders).toHaveBeenCalledTimes(1);
    expect(marker.style.top).toBe('504px');
    act(() => {
      language.value = 'en';
    });
    expect(marker.getAttribute('aria-label')).toBe('Insurance findings: 1, highest: Confirm');
  });

  it('skips re-rendering when a new result brings equal findings, re-renders when severity or count changes', () => {
    const props = { lineId: '1', rect, open: false, onHover: vi.fn(), onToggle: vi.fn() };
    const view = mount(h(RowMarker, { ...props, findings: [findingOf(findings, 'course')] }));
    cleanups.push(view.unmount);
    const renders = vi.mocked(markerPlacement);
    renders.mockClear();
    // Every re-check yields new finding objects: same severity and count → no render.
    view.rerender(h(RowMarker, { ...props, findings: [{ ...findingOf(findings, 'course') }] }));
    expect(renders).not.toHaveBeenCalled();
    view.rerender(h(RowMarker, { ...props, findings: [findingOf(findings, 'course'), findingOf(findings, 'sex')] }));
    expect(renders).toHaveBeenCalledTimes(1);
    expect(view.container.querySelector('.pf-marker')!.classList.contains('pf-sev-critical')).toBe(true);
  });
});
