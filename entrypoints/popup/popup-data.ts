import { browser } from 'wxt/browser';
import { applyPolicy, loadDeployment } from '../../settings/deployment-store';
import { parseSettings, type PreflightSettings } from '../../settings/schema';
import { SETTINGS_KEY } from '../../settings/store';
import { parseSyncStatus, SYNC_STATUS_KEY, type SyncStatus } from '../../log/upload/sync-status';
import { UPLOAD_NOW_MESSAGE, UploadNowAnswerSchema } from '../../log/upload/upload-messages';
import { CoverageStateSchema, coverageKey, type CoverageState } from '../../adapters/page-coverage';
import { PACK_STATUS_KEY, parsePublishedStatus } from '../../pack-updates/status';
import type { PackStatus } from '../../pack-updates/messages';

/**
 * What the popup shows, read straight from `storage.local` (the background publishes both
 * statuses there), so opening the popup never waits on a sleeping service worker.
 */
export interface PopupData {
  sync: SyncStatus;
  /** null: no status published yet (first start, or an older build) — the built-in pack runs. */
  pack: PackStatus | null;
  language: PreflightSettings['language'];
  /** Whether the page behind the popup is checked (absent: not a configured host, or not known). */
  coverage?: CoverageState;
}

const KEYS = [SYNC_STATUS_KEY, PACK_STATUS_KEY, SETTINGS_KEY];

/**
 * The tab the popup is about: the active tab of its window, or the one named by `?tab=` when the
 * popup page is opened in a tab of its own (tests, support staff).
 */
async function pageCoverage(): Promise<CoverageState | undefined> {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  const tabId = Number.isInteger(named) && named > 0 ? named : (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return undefined;
  const stored = await browser.storage.session.get(coverageKey(tabId));
  const parsed = CoverageStateSchema.safeParse(stored[coverageKey(tabId)]);
  return parsed.success ? parsed.data : undefined;
}

export async function readPopupData(): Promise<PopupData> {
  const [stored, deployment, coverage] = await Promise.all([
    browser.storage.local.get(KEYS),
    loadDeployment(),
    pageCoverage().catch(() => undefined),
  ]);
  return {
    coverage,
    sync: parseSyncStatus(stored[SYNC_STATUS_KEY]),
    pack: parsePublishedStatus(stored[PACK_STATUS_KEY]),
    // A language pinned by hospital policy wins, as in the page overlay.
    language: applyPolicy(parseSettings(stored[SETTINGS_KEY]), deployment.value).language,
  };
}

/** Calls `onChange` with fresh data whenever one of the popup's keys changes; returns the unsubscribe. */
export function watchPopupData(onChange: (data: PopupData) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string): void => {
    if (area === 'local' && KEYS.some((key) => key in changes)) readPopupData().then(onChange, () => undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** 立即上传: asks the background for a pass; resolves with the status after it. */
export async function requestUpload(): Promise<SyncStatus> {
  const answer = UploadNowAnswerSchema.parse(await browser.runtime.sendMessage({ type: UPLOAD_NOW_MESSAGE }));
  if (!answer.ok) throw new Error(answer.message);
  return answer.status;
}

export function openSettings(): Promise<void> {
  return browser.runtime.openOptionsPage();
}
