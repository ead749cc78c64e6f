import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, blockingSeverities, kindMode, parseSettings } from '../../../settings/schema';
import { SETTINGS_VERSION } from '../../../settings/migrations';
import { SETTINGS_KEY, loadSettings, saveSettings, watchSettings } from '../../../settings/store';
import { INSTALL_SALT_KEY, installSalt } from '../../../settings/install-salt';
import { localArea } from '../../../settings/store';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings schema', () => {
  it('defaults to prompting, critical findings blocking, Chinese', () => {
    expect(DEFAULT_SETTINGS).toEqual({ version: SETTINGS_VERSION, silent: false, warningBlocksSubmit: false, kindModes: {}, language: 'zh-CN' });
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields when others are invalid', () => {
    const parsed = parseSettings({ version: SETTINGS_VERSION, silent: true, warningBlocksSubmit: 'yes', language: 'fr', kindModes: { quantity: 'passive' } });
    expect(parsed).toEqual({ version: SETTINGS_VERSION, silent: true, warningBlocksSubmit: false, kindModes: { quantity: 'passive' }, language: 'zh-CN' });
    expect(parseSettings({ kindModes: { quantity: 'loud' } }).kindModes).toEqual({});
    expect(parseSettings({ kindModes: { 'not-a-kind': 'passive' } }).kindModes).toEqual({});
  });

  it('makes kinds interruptive unless set passive', () => {
    const settings = parseSettings({ kindModes: { indication: 'passive' } });
    expect(kindMode(settings, 'indication')).toBe('passive');
    expect(kindMode(settings, 'sex')).toBe('interruptive');
  });

  it('blocks on critical findings only by default, on warnings too when configured', () => {
    expect([...blockingSeverities(DEFAULT_SETTINGS)]).toEqual(['critical']);
    expect([...blockingSeverities(parseSettings({ version: SETTINGS_VERSION, warningBlocksSubmit: true }))].sort()).toEqual(['critical', 'warning']);
  });
});

describe('settings in storage.local', () => {
  it('loads defaults when nothing is stored and merges saved patches', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    await saveSettings({ silent: true });
    await saveSettings({ kindModes: { age: 'passive' } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, silent: true, kindModes: { age: 'passive' } });
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toMatchObject({ silent: true });
  });

  it('tells watchers about changes made elsewhere, as complete settings', async () => {
    const seen: unknown[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { silent: true } });
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    stop();
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { silent: false } });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, silent: true }]);
  });
});

describe('install salt', () => {
  it('is made once and then kept', async () => {
    const first = await installSalt(localArea());
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await installSalt(localArea())).toBe(first);
    await fakeBrowser.storage.local.set({ [INSTALL_SALT_KEY]: 'not hex' });
    expect(await installSalt(localArea())).not.toBe('not hex');
  });
});
