import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { launchPicker, PICKER_SCRIPT_FILE } from '../../../adapters/authoring/launch';
import { loadProfile } from '../adapters/support';

/**
 * The launcher's steps against a stand-in browser: probe every frame, choose one, inject the
 * picker there unless it already answers, start it, bring the tab forward.
 */

const ORIGIN = 'http://127.0.0.1:5173';
type Probe = { frameId: number; url: string; cells: number };

interface Calls {
  injected: Array<{ frameIds?: number[]; files?: string[] }>;
  messages: Array<{ frameId: number; message: { type: string; profile?: { id: string } } }>;
  focused: number[];
}

function stubBrowser(probes: Probe[], opts: { alreadyThere?: boolean; startReply?: unknown } = {}): Calls {
  const calls: Calls = { injected: [], messages: [], focused: [] };
  let injected = opts.alreadyThere ?? false;
  const b = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  b['scripting'] = {
    executeScript: vi.fn(async (details: { target: { allFrames?: boolean; frameIds?: number[] }; func?: unknown; files?: string[] }) => {
      if (details.func) return probes.map((p) => ({ frameId: p.frameId, result: { url: p.url, cells: p.cells } }));
      calls.injected.push({ frameIds: details.target.frameIds, files: details.files });
      injected = true;
      return [];
    }),
  };
  b['tabs']!['sendMessage'] = vi.fn(async (_tabId: number, message: { type: string }, options: { frameId: number }) => {
    calls.messages.push({ frameId: options.frameId, message });
    if (!injected) throw new Error('Could not establish connection. Receiving end does not exist.');
    if (message.type === 'preflight.picker.ping') return { ok: true, active: false };
    return opts.startReply ?? { ok: true, active: true };
  });
  b['tabs']!['update'] = vi.fn(async (tabId: number) => ({ id: tabId, windowId: 5 }));
  b['windows'] = { update: vi.fn(async (windowId: number) => calls.focused.push(windowId)) };
  return calls;
}

beforeEach(() => fakeBrowser.reset());

describe('launchPicker', () => {
  it('injects into every web frame, then starts a new draft in the frame holding the orders', async () => {
    const calls = stubBrowser([
      { frameId: 0, url: `${ORIGIN}/inpatient.html`, cells: 2 },
      { frameId: 4, url: `${ORIGIN}/inpatient-frame.html`, cells: 150 },
      { frameId: 7, url: 'about:blank', cells: 0 },
    ]);
    expect(await launchPicker(12)).toEqual({ ok: true, frameId: 4 });
    // The shell gets the script too: values it shows can be picked there; about:blank is no web frame.
    expect(calls.injected).toEqual([{ frameIds: [0, 4], files: [PICKER_SCRIPT_FILE] }]);
    expect(calls.messages.map((m) => [m.frameId, m.message.type])).toEqual([
      [0, 'preflight.picker.ping'],
      [4, 'preflight.picker.ping'],
      [4, 'preflight.picker.start'],
    ]);
    expect(calls.messages.at(-1)!.message.profile).toBeUndefined();
    expect(calls.focused).toEqual([5]);
  });

  it('does not inject twice when the picker already answers', async () => {
    const calls = stubBrowser([{ frameId: 0, url: `${ORIGIN}/outpatient.html`, cells: 60 }], { alreadyThere: true });
    expect(await launchPicker(3)).toEqual({ ok: true, frameId: 0 });
    expect(calls.injected).toEqual([]);
  });

  it('repairs a profile given by id, in the frame it applies to', async () => {
    const calls = stubBrowser([
      { frameId: 0, url: `${ORIGIN}/inpatient.html`, cells: 500 },
      { frameId: 4, url: `${ORIGIN}/inpatient-frame.html`, cells: 150 },
    ]);
    expect(await launchPicker(12, { profileId: 'demo-inpatient' })).toEqual({ ok: true, frameId: 4 });
    const start = calls.messages.at(-1)!;
    expect(start).toMatchObject({ frameId: 4, message: { type: 'preflight.picker.start', profile: { id: 'demo-inpatient' } } });
    expect(start.message.profile).toEqual(loadProfile('demo-inpatient'));
  });

  it('says so when the profile, the page or the picker is not there', async () => {
    stubBrowser([{ frameId: 0, url: `${ORIGIN}/outpatient.html`, cells: 60 }]);
    expect(await launchPicker(3, { profileId: 'no-such-profile' })).toEqual({ ok: false, error: '没有找到站点配置「no-such-profile」' });
    stubBrowser([{ frameId: 0, url: 'chrome://newtab/', cells: 0 }]);
    expect(await launchPicker(3)).toEqual({ ok: false, error: '只能在 http/https 网页上选取字段' });
    stubBrowser([{ frameId: 0, url: `${ORIGIN}/outpatient.html`, cells: 60 }], { startReply: { ok: false, error: '要修复的配置无效：x' } });
    expect(await launchPicker(3)).toEqual({ ok: false, error: '要修复的配置无效：x' });
  });
});
