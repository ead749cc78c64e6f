// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp, tabFromHash } from '../../../components/options/OptionsApp';
import { mount, press, waitFor } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('the options page before its rule store is ready', () => {
  it('opens the tab named in the URL hash, and ignores unknown names', () => {
    expect(tabFromHash('#deployment')).toBe('deployment');
    expect(tabFromHash('#profiles')).toBe('profiles');
    expect(tabFromHash('#nonsense')).toBeUndefined();
    expect(tabFromHash('')).toBeUndefined();
  });

  it('shows the tab bar at once and says the rule tabs are loading', async () => {
    const view = mount(h(OptionsApp, { store: { kind: 'loading' } }));
    cleanups.push(view.unmount);
    const root = view.container;
    expect(root.querySelectorAll('[role="tab"]').length).toBeGreaterThanOrEqual(6);
    expect(root.querySelector('.op-main')!.textContent).toContain('正在准备工作规则集');
    await press(root.querySelector('#tab-trial'));
    expect(root.querySelector('.op-main .op-loading')).not.toBeNull();
  });

  it('shows why the rule store could not start, on the rule tabs only', async () => {
    const view = mount(h(OptionsApp, { store: { kind: 'failed', errors: [{ path: 'rules[3].params', message: 'expected object' }] } }));
    cleanups.push(view.unmount);
    const alert = await waitFor(() => view.container.querySelector('[role="alert"]'));
    expect(alert.textContent).toContain('rules[3].params: expected object');
  });
});
