import { render } from 'preact';
import { browser } from 'wxt/browser';
import { language } from '../../components/i18n';
import { INITIAL_SYNC_STATUS } from '../../log/upload/sync-status';
import { openSettings, readPopupData, requestUpload, watchPopupData, type PopupData } from './popup-data';
import { PopupApp } from './PopupApp';
import { launchPickerInActiveTab } from '../../adapters/authoring/launch';

const root = document.getElementById('app')!;
const REVIEW_URL = browser.runtime.getURL('/options.html#review');

let data: PopupData = { sync: INITIAL_SYNC_STATUS, pack: null, language: 'zh-CN' };
// Nothing is drawn before the stored status is read: a flash of 未配置 would be wrong.
let loaded = false;
let uploading = false;
let requestError: string | undefined;
let pickError: string | undefined;

function show(): void {
  if (!loaded) return;
  render(<PopupApp coverage={data.coverage} sync={data.sync} pack={data.pack} uploading={uploading} requestError={requestError} onUpload={upload} onOpenSettings={settings} reviewUrl={REVIEW_URL} onPick={pick} pickError={pickError} />, root);
}

function upload(): void {
  uploading = true;
  requestError = undefined;
  show();
  requestUpload().then(
    (sync) => {
      data = { ...data, sync };
    },
    (error: unknown) => {
      requestError = error instanceof Error ? error.message : String(error);
    },
  ).finally(() => {
    uploading = false;
    show();
  });
}

function pick(): void {
  pickError = undefined;
  launchPickerInActiveTab().then(
    (outcome) => {
      if (outcome.ok) window.close();
      else {
        pickError = outcome.error;
        show();
      }
    },
    (error: unknown) => {
      pickError = error instanceof Error ? error.message : String(error);
      show();
    },
  );
}

function settings(): void {
  void openSettings().then(() => window.close());
}

function accept(next: PopupData): void {
  // The toggle's choice stands while the popup is open; storage changes only bring new numbers.
  if (!loaded || data.language !== next.language) language.value = next.language;
  data = next;
  loaded = true;
  show();
}

language.subscribe(() => show());
watchPopupData(accept);
readPopupData().then(accept, () => {
  loaded = true;
  show();
});
