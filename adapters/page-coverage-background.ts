import { browser } from 'wxt/browser';
import { COVERAGE_MESSAGE, CoverageMessageSchema, coverageKey, tabCoverage } from './page-coverage';

/**
 * The background's side of 本页未启用审核: frames report whether a profile reads them; per tab, the
 * toolbar badge shows 未审 (title 本页未启用审核) while no frame is covered, and the state goes to
 * `storage.session` for the popup. A tab starting a new page forgets its frames.
 */

const UNCOVERED_TEXT = '未审';
const UNCOVERED_TITLE = '本页未启用审核';

export function startPageCoverage(): void {
  const tabs = new Map<number, Map<number, boolean>>();

  const show = async (tabId: number): Promise<void> => {
    const state = tabCoverage(tabs.get(tabId) ?? new Map());
    const uncovered = state === 'uncovered';
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: uncovered ? UNCOVERED_TEXT : '' }),
      browser.action.setTitle({ tabId, title: uncovered ? UNCOVERED_TITLE : '' }),
      uncovered ? browser.action.setBadgeBackgroundColor({ tabId, color: '#80868b' }) : Promise.resolve(),
      state ? browser.storage.session.set({ [coverageKey(tabId)]: state }) : browser.storage.session.remove(coverageKey(tabId)),
    ]);
  };
  const quietly = (promise: Promise<unknown>) => promise.catch(() => undefined);

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if ((message as { type?: unknown } | null)?.type !== COVERAGE_MESSAGE) return undefined;
    const parsed = CoverageMessageSchema.safeParse(message);
    const tabId = sender.tab?.id;
    if (!parsed.success || tabId === undefined || tabId < 0) return undefined;
    const frames = tabs.get(tabId) ?? new Map<number, boolean>();
    frames.set(sender.frameId ?? 0, parsed.data.covered);
    tabs.set(tabId, frames);
    void quietly(show(tabId));
    return undefined;
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status !== 'loading' || !tabs.has(tabId)) return;
    tabs.delete(tabId);
    void quietly(show(tabId));
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    tabs.delete(tabId);
    void quietly(browser.storage.session.remove(coverageKey(tabId)));
  });
}
