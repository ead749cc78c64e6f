import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { answerEnsureRequests } from '../../../workers/engine-background';
import { requestEngine } from '../../../workers/browser-engine-client';

// The content-script side of recovery: `preflight:ensure-engine` to the background and back.
describe('ensure-engine request', () => {
  beforeEach(() => fakeBrowser.reset());

  it('resolves once the background has the engine ready', async () => {
    let finish!: () => void;
    const ensure = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    answerEnsureRequests(ensure);
    let settled = false;
    const request = requestEngine().then(() => (settled = true));
    await vi.waitFor(() => expect(ensure).toHaveBeenCalledTimes(1));
    expect(settled).toBe(false);
    finish();
    await request;
    expect(settled).toBe(true);
  });

  it('rejects when the background could not start the engine', async () => {
    answerEnsureRequests(() => Promise.reject(new Error('Missing "offscreen" permission')));
    await expect(requestEngine()).rejects.toThrow('offscreen');
  });

  it('leaves other messages to other listeners', async () => {
    const ensure = vi.fn(async () => undefined);
    answerEnsureRequests(ensure);
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: string) => void) => {
      if ((message as { type?: string }).type !== 'other') return false;
      sendResponse('mine');
      return true;
    });
    await expect(fakeBrowser.runtime.sendMessage({ type: 'other' })).resolves.toBe('mine');
    expect(ensure).not.toHaveBeenCalled();
  });
});
