import { browser } from 'wxt/browser';
import { PICKER_FROM_FRAME, PICKER_TO_FRAMES, PickerToFramesSchema } from './authoring/messages';
import { FRAME_READ, FRAME_READ_ASK, FRAME_READ_RELAY, FrameAskSchema, FrameReadMessageSchema, type FrameRelay } from './frame-messages';

/**
 * The background's part in reading one order across frames (frame-messages.ts): a frame's read is
 * passed to every frame of the same tab with the sender's frame id and URL as the browser gives
 * them; an order frame's request for fresh reads goes to every frame of its tab; and the field
 * picker's frames talk the same way (authoring/messages.ts). Nothing is kept
 * here, so a service-worker restart loses nothing: the frames send again on the next change or ask.
 */

interface Sender {
  id?: string;
  tab?: { id?: number };
  frameId?: number;
  url?: string;
}

export function startFrameRelay(): void {
  const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type !== FRAME_READ && type !== FRAME_READ_ASK && type !== PICKER_TO_FRAMES) return undefined;
    // Only our content scripts, and only within their own tab.
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || tabId < 0 || !sender.url) return undefined;
    const from = { frameId: sender.frameId ?? 0, url: sender.url };
    if (type === PICKER_TO_FRAMES) {
      const picker = PickerToFramesSchema.safeParse(message);
      if (picker.success) quietly(browser.tabs.sendMessage(tabId, { type: PICKER_FROM_FRAME, from, message: picker.data.message }));
      return undefined;
    }
    if (type === FRAME_READ_ASK) {
      const ask = FrameAskSchema.safeParse(message);
      if (ask.success) quietly(browser.tabs.sendMessage(tabId, ask.data));
      return undefined;
    }
    const parsed = FrameReadMessageSchema.safeParse(message);
    if (!parsed.success) return undefined;
    const relay: FrameRelay = {
      type: FRAME_READ_RELAY,
      profileId: parsed.data.profileId,
      from,
      read: parsed.data.read,
    };
    quietly(browser.tabs.sendMessage(tabId, relay));
    return undefined;
  });
}
