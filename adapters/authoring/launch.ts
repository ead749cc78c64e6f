import { browser } from 'wxt/browser';
import type { SiteProfile } from '../profile-schema';
import { activeProfiles, loadRuntimeProfiles } from '../runtime-profiles';
import { chooseFrame, probeFrame, type FrameProbe } from './frame-choice';
import { PICKER_PING, PICKER_START, type PickerReply, type PickerStart } from './messages';

/**
 * Starting the field picker from an extension page (the options page's 站点配置 tab, a popup).
 * Runs there, not in the tab: it needs `scripting` and `tabs`, which content scripts lack.
 *
 * Why on demand rather than in the main content script: the main script runs only on pages a
 * profile already matches, and on those it must stay as light as it is (doctors type there). The
 * picker is a separate runtime-registered script (entrypoints/picker.content.ts, built to
 * content-scripts/picker.js), injected with scripting.executeScript into the web frames of the chosen
 * tab — allowed by the manifest's `scripting` permission and http(s) host permissions.
 */

/** The picker bundle WXT builds from entrypoints/picker.content.ts. */
export const PICKER_SCRIPT_FILE = '/content-scripts/picker.js';

export interface PickerTarget {
  readonly tabId: number;
  readonly title: string;
  readonly url: string;
}

/** Open web pages the picker can run on, for the tab chooser. */
export async function pickerTargets(): Promise<PickerTarget[]> {
  const tabs = await browser.tabs.query({});
  return tabs
    .filter((tab) => tab.id !== undefined && tab.id >= 0 && /^https?:/i.test(tab.url ?? ''))
    .map((tab) => ({ tabId: tab.id!, title: tab.title ?? tab.url!, url: tab.url! }));
}

export interface LaunchOptions {
  /** Repair a configured profile (looked up among built-in, managed and local ones). */
  readonly profileId?: string;
  /** Repair this profile as given (it wins over profileId). */
  readonly profile?: SiteProfile;
}

export type LaunchOutcome = { readonly ok: true; readonly frameId: number } | { readonly ok: false; readonly error: string };

const failure = (error: string): LaunchOutcome => ({ ok: false, error });

async function probeFrames(tabId: number): Promise<FrameProbe[]> {
  const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: probeFrame });
  return results.flatMap((r) => (r.result && typeof r.result === 'object' ? [{ frameId: r.frameId, ...(r.result as { url: string; cells: number }) }] : []));
}

async function profileFor(options: LaunchOptions): Promise<SiteProfile | undefined> {
  if (options.profile) return options.profile;
  if (!options.profileId) return undefined;
  return activeProfiles(await loadRuntimeProfiles()).find((p) => p.id === options.profileId);
}

async function send(tabId: number, frameId: number, message: object): Promise<PickerReply | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, message, { frameId })) as PickerReply | undefined;
  } catch {
    // "Receiving end does not exist": the picker is not in that frame yet.
    return undefined;
  }
}

/** Injects the picker into the right frame of `tabId` (once) and starts it; brings the tab forward. */
export async function launchPicker(tabId: number, options: LaunchOptions = {}): Promise<LaunchOutcome> {
  try {
    const profile = await profileFor(options);
    if (options.profileId && !profile) return failure(`没有找到站点配置「${options.profileId}」`);
    const probes = await probeFrames(tabId);
    const frame = chooseFrame(probes, profile);
    if (!frame) return failure('只能在 http/https 网页上选取字段');
    // Every web frame gets the script: the panel opens in the chosen one, and in the others it lets
    // the patient's values and diagnoses be picked where the page shows them (another frame, often).
    const missing: number[] = [];
    for (const probe of probes.filter((p) => /^https?:/i.test(p.url))) {
      if (!(await send(tabId, probe.frameId, { type: PICKER_PING }))) missing.push(probe.frameId);
    }
    if (missing.length > 0) await browser.scripting.executeScript({ target: { tabId, frameIds: missing }, files: [PICKER_SCRIPT_FILE] });
    const start: PickerStart = { type: PICKER_START, ...(profile ? { profile } : {}) };
    const reply = await send(tabId, frame.frameId, start);
    if (!reply) return failure('页面中的选取工具没有响应，请刷新页面后重试');
    if (!reply.ok) return failure(reply.error);
    const tab = await browser.tabs.update(tabId, { active: true });
    if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
    return { ok: true, frameId: frame.frameId };
  } catch (error) {
    return failure(`无法在此页面启动字段选取：${error instanceof Error ? error.message : String(error)}`);
  }
}

/** From the toolbar popup: the picker on the tab the popup was opened over. */
export async function launchPickerInActiveTab(options: LaunchOptions = {}): Promise<LaunchOutcome> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined || !/^https?:/i.test(tab.url ?? '')) return failure('只能在 http/https 网页上选取字段');
  return launchPicker(tab.id, options);
}
