import { browser } from 'wxt/browser';
import { loadDeployment, watchDeployment } from '../../settings/deployment-store';
import { localArea } from '../../settings/store';
import { backgroundFlagLog } from '../flag-log-background';
import type { FlagLogDb } from '../flag-log-db';
import type { HubTarget } from './hub-client';
import { syncStatusStore, type StatusArea, type SyncStatus } from './sync-status';
import { createUploader, type Uploader, type UploadReason } from './uploader';
import { UploadNowRequestSchema, type UploadNowAnswer } from './upload-messages';

/**
 * The uploader's triggers in the background: a pass at start-up, a few seconds after new records
 * are stored, every minute by `alarms` while records wait or an attempt is backing off (the alarm
 * outlives the service worker; a timer does not), when the hub settings change, and on 立即上传.
 */

export const UPLOAD_ALARM = 'preflight.upload';

/** Wait after records are stored before a pass, so a burst of batches goes as one. */
export const STORED_DELAY_MS = 2_000;

declare global {
  /** The background's handle on the uploader, for the service-worker console and browser tests. */
  var preflightUpload: { run(reason?: UploadReason): Promise<SyncStatus> } | undefined;
}

/** The slice of `browser.alarms` used here (faked in tests). */
export interface AlarmsLike {
  get(name: string): Promise<{ name: string } | undefined>;
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
}

export async function deploymentTarget(): Promise<HubTarget | undefined> {
  const { value } = await loadDeployment();
  return value.hubUrl && value.hubToken ? { hubUrl: value.hubUrl, hubToken: value.hubToken } : undefined;
}

/** Whether a minute's alarm should stay armed after a pass: records wait, and an automatic attempt may send them. */
export function needsAlarm(status: SyncStatus): boolean {
  return status.hubConfigured && status.queued > 0 && status.refusedConfig === null;
}

export interface UploadSchedulerOptions {
  uploader: Uploader;
  alarms: AlarmsLike;
  setTimer?: (callback: () => void, ms: number) => unknown;
  onError?: (error: unknown) => void;
}

export interface UploadScheduler {
  run(reason: UploadReason): Promise<SyncStatus>;
  /** New records were stored: a pass soon, and an alarm in case the worker stops before it. */
  stored(): void;
}

export function createUploadScheduler(options: UploadSchedulerOptions): UploadScheduler {
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const report = options.onError ?? ((error) => console.error('[preflight] hub upload', error));
  let soon: unknown;

  async function arm(on: boolean): Promise<void> {
    const existing = await options.alarms.get(UPLOAD_ALARM);
    // Re-creating an alarm restarts its period: create only when missing.
    if (on && !existing) await options.alarms.create(UPLOAD_ALARM, { periodInMinutes: 1 });
    if (!on && existing) await options.alarms.clear(UPLOAD_ALARM);
  }

  async function run(reason: UploadReason): Promise<SyncStatus> {
    const status = await options.uploader.run(reason);
    await arm(needsAlarm(status)).catch(report);
    return status;
  }

  options.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === UPLOAD_ALARM) run('alarm').catch(report);
  });

  return {
    run,
    stored() {
      // Throttled, not debounced: a page that keeps logging must not postpone its upload forever.
      if (soon !== undefined) return;
      arm(true).catch(report);
      soon = setTimer(() => {
        soon = undefined;
        run('stored').catch(report);
      }, STORED_DELAY_MS);
    },
  };
}

/** Starts uploading the background's flag log to the configured hub. Runs in the background. */
export function startHubUpload(db: FlagLogDb = backgroundFlagLog()): UploadScheduler {
  const uploader = createUploader({
    db,
    target: deploymentTarget,
    status: syncStatusStore(localArea() as StatusArea),
  });
  const scheduler = createUploadScheduler({ uploader, alarms: browser.alarms as unknown as AlarmsLike });
  // Fires inside the storing transaction: only a timer is set there, no database work.
  db.events.hook('creating', () => {
    scheduler.stored();
  });
  watchDeployment(() => {
    scheduler.run('config').catch((error: unknown) => console.error('[preflight] hub upload', error));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; url?: string }, sendResponse: (answer: UploadNowAnswer) => void) => {
    if (!UploadNowRequestSchema.safeParse(message).success) return false;
    // Extension pages only (the popup, the options page); content scripts have no say in uploads.
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/'))) return false;
    scheduler.run('manual').then(
      (status) => sendResponse({ ok: true, status }),
      (error: unknown) => sendResponse({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });
  globalThis.preflightUpload = { run: (reason = 'manual') => scheduler.run(reason) };
  scheduler.run('start').catch((error: unknown) => console.error('[preflight] hub upload', error));
  return scheduler;
}
