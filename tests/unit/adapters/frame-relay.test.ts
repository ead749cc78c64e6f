import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFrameRelay } from '../../../adapters/frame-relay-background';

/**
 * The background passes reads between the frames of one tab and stamps them with where they came
 * from as the browser says (the sender), never as the message says; anything not from one of our
 * content scripts in a tab is dropped.
 */

type Sent = { tabId: number; message: Record<string, unknown> };

let sent: Sent[];

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  (fakeBrowser.tabs as unknown as { sendMessage: unknown }).sendMessage = vi.fn(async (tabId: number, message: Record<string, unknown>) => {
    sent.push({ tabId, message });
  });
  startFrameRelay();
});

const ours = (extra: Record<string, unknown> = {}) => ({ id: fakeBrowser.runtime.id, tab: { id: 7 }, frameId: 3, url: 'http://his.example/frames-patient.html', ...extra });
const read = { fields: { 'patient.sex': { found: true, value: 'M', problems: [] } } };

async function deliver(message: unknown, sender: Record<string, unknown>): Promise<void> {
  await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('frame relay', () => {
  it('passes a frame’s read to its own tab with the sender’s frame and URL, whatever the message claims', async () => {
    await deliver({ type: 'preflight.frame-read', profileId: 'frames-his', read, from: { frameId: 0, url: 'http://evil.example/' } }, ours());
    expect(sent).toEqual([
      { tabId: 7, message: { type: 'preflight.frame-read.relay', profileId: 'frames-his', from: { frameId: 3, url: 'http://his.example/frames-patient.html' }, read } },
    ]);
  });

  it('asks every frame of the tab for fresh reads, and passes a frame going away as null', async () => {
    await deliver({ type: 'preflight.frame-read.ask', profileId: 'frames-his' }, ours({ frameId: 5 }));
    await deliver({ type: 'preflight.frame-read', profileId: 'frames-his', read: null }, ours());
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'preflight.frame-read.ask', profileId: 'frames-his' },
      expect.objectContaining({ type: 'preflight.frame-read.relay', read: null }),
    ]);
  });

  it('drops messages from outside a tab, from another extension, or malformed', async () => {
    await deliver({ type: 'preflight.frame-read', profileId: 'frames-his', read }, { id: fakeBrowser.runtime.id, url: 'chrome-extension://x/options.html' });
    await deliver({ type: 'preflight.frame-read', profileId: 'frames-his', read }, ours({ id: 'another-extension' }));
    await deliver({ type: 'preflight.frame-read', profileId: 'frames-his', read: { fields: 'all' } }, ours());
    expect(sent).toEqual([]);
  });

  it('carries the field picker’s messages between frames the same way', async () => {
    const message = { kind: 'picked', fieldId: 'patient.sex', value: { label: '性别' }, summary: '「性别」旁边的值' };
    await deliver({ type: 'preflight.picker.to-frames', message }, ours());
    await deliver({ type: 'preflight.picker.to-frames', message: { kind: 'launch-missiles' } }, ours());
    expect(sent).toEqual([{ tabId: 7, message: { type: 'preflight.picker.from-frame', from: { frameId: 3, url: 'http://his.example/frames-patient.html' }, message } }]);
  });
});
