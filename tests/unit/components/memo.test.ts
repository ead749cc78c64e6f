// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memo, shallowEqual } from '../../../components/memo';
import { mount } from './fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('memo', () => {
  it('re-renders only when props change (shallowly by default)', () => {
    const render = vi.fn(({ label }: { label: string; list: readonly number[] }) => h('span', null, label));
    const Pure = memo(render);
    const list = [1, 2];
    const view = mount(h(Pure, { label: '丁苯酞软胶囊', list }));
    cleanups.push(view.unmount);
    view.rerender(h(Pure, { label: '丁苯酞软胶囊', list }));
    expect(render).toHaveBeenCalledTimes(1);
    view.rerender(h(Pure, { label: '丁苯酞软胶囊', list: [1, 2] }));
    expect(render).toHaveBeenCalledTimes(2);
    view.rerender(h(Pure, { label: '阿帕他胺片', list: [1, 2] }));
    expect(view.container.textContent).toBe('阿帕他胺片');
  });

  it('uses a custom equality when given', () => {
    const render = vi.fn(({ n }: { n: number }) => h('b', null, String(n)));
    const Pure = memo(render, (a, b) => Math.floor(a.n) === Math.floor(b.n));
    const view = mount(h(Pure, { n: 1.2 }));
    cleanups.push(view.unmount);
    view.rerender(h(Pure, { n: 1.7 }));
    expect(view.container.textContent).toBe('1.2');
    view.rerender(h(Pure, { n: 2.1 }));
    expect(view.container.textContent).toBe('2.1');
  });

  it('compares keys both ways', () => {
    expect(shallowEqual({ a: 1 }, { a: 1 })).toBe(true);
    expect(shallowEqual<{ a?: number; b?: number }>({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(shallowEqual<{ a?: number; b?: number }>({ a: 1, b: undefined }, { a: 1 })).toBe(false);
  });
});
