import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { guardStartedEvents, takeOverFrame } from '../copies';
import { inFrame } from '../page-match';
import { draftFrom, newDraft } from '../../../adapters/authoring/draft';
import {
  PICKER_TO_FRAMES,
  PickerFromFrameSchema,
  PickerPingSchema,
  PickerStartSchema,
  type PickerFrameMessage,
  type PickerReply,
  type PickerStart,
} from '../../../adapters/authoring/messages';
import { PickerAgent } from './agent';
import { PickerFrames } from './frame-channel';
import { mountPickerHost, type PickerHost } from './picker-host';
import { findProfile, saveProfile } from '../../../adapters/authoring/save';
import { PickerSession, type PickerStartState } from './session';

/**
 * The picker script's life in a tab: it waits for a start message, opens one session (a second
 * start restarts it with the new draft), and answers pings so the launcher injects it only once.
 * In every other frame of the tab it serves the panel as an agent (agent.ts): the panel's messages
 * and the agents' answers pass through the background (messages.ts).
 */

type StartResult = { ok: true; state: PickerStartState } | { ok: false; error: string };

async function startState(message: PickerStart): Promise<StartResult> {
  if (message.profile !== undefined) {
    const parsed = SiteProfileSchema.safeParse(message.profile);
    if (!parsed.success) return { ok: false, error: `要修复的配置无效：${parsed.error.issues[0]?.message ?? ''}` };
    return { ok: true, state: { draft: draftFrom(parsed.data), mode: 'repair' } };
  }
  if (message.profileId) {
    const profile = await findProfile(message.profileId);
    if (!profile) return { ok: false, error: `没有找到站点配置「${message.profileId}」` };
    return { ok: true, state: { draft: draftFrom(profile), mode: 'repair' } };
  }
  return { ok: true, state: { draft: newDraft({ href: location.href, title: document.title, inFrame: inFrame(window) }), mode: 'new' } };
}

export function installPicker(ctx: ContentScriptContext): void {
  ctx.onInvalidated(guardStartedEvents(window, ctx));
  takeOverFrame(ctx, 'picker');
  let session: PickerSession | undefined;
  let host: PickerHost | undefined;
  let frames: PickerFrames | undefined;
  const report = (where: string, error: unknown) => console.debug(`[preflight picker] ${where}`, error);
  const toFrames = (message: PickerFrameMessage) => browser.runtime.sendMessage({ type: PICKER_TO_FRAMES, message });
  const agent = new PickerAgent({ document, url: location.href, send: toFrames, mount: () => mountPickerHost(ctx, document), report });
  // A panel here that goes away with its page (the picker's 重新加载) releases the other frames.
  const onHide = () => frames?.close();
  window.addEventListener('pagehide', onHide);

  const close = () => {
    session = undefined;
    host?.remove();
    host = undefined;
  };

  async function open(message: PickerStart): Promise<PickerReply> {
    const state = await startState(message);
    if (!state.ok) return { ok: false, error: state.error };
    if (session?.active) {
      session.restart(state.state);
      return { ok: true, active: true };
    }
    agent.stop(); // this frame holds the panel now
    host = await mountPickerHost(ctx, document);
    session = new PickerSession({
      document,
      host: host.host,
      container: host.container,
      start: state.state,
      save: saveProfile,
      onClose: close,
      report,
      frames: (handlers) => (frames = new PickerFrames(location.href, toFrames, handlers)),
    });
    session.start();
    return { ok: true, active: true };
  }

  const listener = (message: unknown, sender: { id?: string }, sendResponse: (reply: PickerReply) => void): boolean | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const relayed = PickerFromFrameSchema.safeParse(message);
    if (relayed.success) {
      // The panel's frame takes the answers; every other frame follows the panel's syncs.
      if (session?.active) frames?.receive(relayed.data);
      else if (relayed.data.message.kind === 'sync') agent.sync(relayed.data.message.draft, relayed.data.message.armed, relayed.data.message.closed);
      return undefined;
    }
    if (PickerPingSchema.safeParse(message).success) {
      sendResponse({ ok: true, active: session?.active ?? false });
      return undefined;
    }
    const start = PickerStartSchema.safeParse(message);
    if (!start.success) return undefined;
    open(start.data).then(sendResponse, (error: unknown) => {
      report('start', error);
      sendResponse({ ok: false, error: `字段选取无法启动：${error instanceof Error ? error.message : String(error)}` });
    });
    return true; // answered asynchronously
  };
  browser.runtime.onMessage.addListener(listener);
  // Only a newer injection of this script (or an extension update) stops this one, never the page
  // (copies.ts): then leave no trace.
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(listener);
    window.removeEventListener('pagehide', onHide);
    session?.dispose();
    agent.stop();
    close();
  });
}
