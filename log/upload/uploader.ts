import { droppedUnsentCount, unsentRecords, type FlagLogDb, type StoredFlagEvent } from '../flag-log-db';
import { backoffDelay, type BackoffOptions } from './backoff';
import { packBatch } from './batch';
import { postEvents, uploadForm, type HubTarget } from './hub-client';
import type { SyncError, SyncErrorKind, SyncStatus, SyncStatusStore } from './sync-status';
import { sha256Hex } from '../../rules/pack/hex';

/**
 * Sends the flag log to the hub: unsent records oldest first, in batches, each re-sent until the
 * hub answers for it, then marked uploaded — at least once, and harmless when more (the hub counts
 * ids it already has as duplicates). Failures back off; a refused token stops automatic attempts
 * until the configuration changes; with no hub configured nothing is sent and the log stays local.
 */

/** Records per request. The hub takes up to 1,000; 500 typical records are ~0.3 MB. */
export const UPLOAD_BATCH_SIZE = 500;

/** Request body budget: half the hub's default 1 MiB limit, leaving room for proxies' own limits. */
export const UPLOAD_MAX_BYTES = 512 * 1024;

/** Batches per pass; a longer backlog continues with the next alarm, a minute later. */
export const UPLOAD_MAX_BATCHES_PER_PASS = 100;

/**
 * Why a pass runs. Automatic passes (`alarm`, `stored`, `start`) respect the backoff and a refused
 * token; `manual` (立即上传) and `config` (the hub settings changed) try at once.
 */
export type UploadReason = 'alarm' | 'stored' | 'start' | 'manual' | 'config';

export interface UploaderOptions {
  db: FlagLogDb;
  /** The hub to upload to, or undefined when none is configured. */
  target: () => Promise<HubTarget | undefined>;
  status: SyncStatusStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  batchSize?: number;
  maxBytes?: number;
  maxBatchesPerPass?: number;
  backoff?: BackoffOptions;
  timeoutMs?: number;
}

export interface Uploader {
  /** Runs a pass (or joins the one running, followed by another); resolves with the status after it. */
  run(reason: UploadReason): Promise<SyncStatus>;
}

/** Names a hub URL + token pair without revealing the token (the status is readable by extension pages). */
export async function configDigest(target: HubTarget): Promise<string> {
  // 12 bytes: enough to tell configurations apart, too little to stand for the token.
  return (await sha256Hex(`${target.hubUrl}\n${target.hubToken}`)).slice(0, 24);
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createUploader(options: UploaderOptions): Uploader {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxBytes = options.maxBytes ?? UPLOAD_MAX_BYTES;
  const maxBatches = options.maxBatchesPerPass ?? UPLOAD_MAX_BATCHES_PER_PASS;
  // Halved on 413 and kept for this background's life: the limit that refused it will not go away.
  let batchSize = options.batchSize ?? UPLOAD_BATCH_SIZE;
  let running: Promise<SyncStatus> | undefined;
  let again: UploadReason | undefined;

  const iso = (ms: number) => new Date(ms).toISOString();

  async function counts(status: SyncStatus): Promise<SyncStatus> {
    const [queued, droppedUnsent] = await Promise.all([unsentRecords(options.db).count(), droppedUnsentCount(options.db)]);
    return { ...status, queued, droppedUnsent };
  }

  function failed(status: SyncStatus, kind: SyncErrorKind, message: string, httpStatus?: number): SyncStatus {
    const at = now();
    const error: SyncError = { kind, message: message.slice(0, 300), at: iso(at), ...(httpStatus === undefined ? {} : { status: httpStatus }) };
    const failures = status.consecutiveFailures + 1;
    return { ...status, lastError: error, consecutiveFailures: failures, nextRetryAt: iso(at + backoffDelay(failures, random, options.backoff)) };
  }

  async function pass(reason: UploadReason): Promise<SyncStatus> {
    let status = await options.status.read();
    const target = await options.target();
    if (!target) {
      // Local-only: a hub configured later starts afresh, with the whole log queued.
      status = await counts({ ...status, hubConfigured: false, hubOrigin: null, lastError: null, nextRetryAt: null, consecutiveFailures: 0, refusedConfig: null });
      await options.status.write(status);
      return status;
    }
    const digest = await configDigest(target);
    status = { ...status, hubConfigured: true, hubOrigin: originOf(target.hubUrl) };
    if (status.refusedConfig !== null && status.refusedConfig !== digest) {
      status = { ...status, refusedConfig: null, lastError: null, consecutiveFailures: 0, nextRetryAt: null };
    }
    const automatic = reason === 'alarm' || reason === 'stored' || reason === 'start';
    const waiting = status.refusedConfig !== null || (status.nextRetryAt !== null && now() < Date.parse(status.nextRetryAt));
    status = await counts(status);
    if ((automatic && waiting) || status.queued === 0) {
      await options.status.write(status);
      return status;
    }

    for (let sent = 0; sent < maxBatches; ) {
      const queue = await unsentRecords(options.db).limit(batchSize).toArray();
      if (queue.length === 0) break;
      const batch = packBatch(queue, maxBytes, uploadForm);
      if (batch.oversize.length > 0) {
        await markUploaded(options.db, batch.oversize, now());
        status = { ...status, rejected: status.rejected + batch.oversize.length };
      }
      if (batch.records.length === 0) continue;

      status = { ...status, lastAttemptAt: iso(now()) };
      sent += 1;
      const response = await postEvents(target, batch.body, { ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
      if (response.kind === 'answered') {
        const { accepted, duplicates, rejected } = response.answer;
        if (accepted + duplicates + rejected.length !== batch.records.length) {
          status = failed(status, 'protocol', `hub answered for ${accepted + duplicates + rejected.length} of ${batch.records.length} records`);
          break;
        }
        await markUploaded(options.db, batch.records, now());
        status = await counts({
          ...status,
          lastSuccessAt: iso(now()),
          lastError: null,
          nextRetryAt: null,
          consecutiveFailures: 0,
          refusedConfig: null,
          uploaded: status.uploaded + accepted + duplicates,
          rejected: status.rejected + rejected.length,
        });
        await options.status.write(status);
        continue;
      }
      if (response.kind === 'refused' && (response.status === 401 || response.status === 403)) {
        status = { ...status, lastError: { kind: 'auth', message: response.message, at: iso(now()), status: response.status }, refusedConfig: digest, nextRetryAt: null };
        break;
      }
      if (response.kind === 'refused' && response.status === 413 && batch.records.length > 1) {
        batchSize = Math.max(1, Math.floor(batch.records.length / 2));
        continue;
      }
      status =
        response.kind === 'unreachable'
          ? failed(status, 'network', response.message)
          : response.kind === 'garbled'
            ? failed(status, 'protocol', response.message)
            : failed(status, 'server', response.message, response.status);
      break;
    }
    status = await counts(status);
    await options.status.write(status);
    return status;
  }

  return {
    run(reason) {
      if (running) {
        // A manual press during an automatic pass must not be swallowed by that pass's backoff check.
        if (again === undefined || reason === 'manual' || reason === 'config') again = reason;
        return running;
      }
      running = (async () => {
        let next: UploadReason | undefined = reason;
        let status: SyncStatus | undefined;
        while (next !== undefined) {
          again = undefined;
          status = await pass(next);
          next = again;
        }
        return status!;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

/** Marks records answered for, in one transaction: a record is either queued or uploaded, never half. */
export async function markUploaded(db: FlagLogDb, records: readonly StoredFlagEvent[], at: number): Promise<void> {
  const mark = Math.max(1, at);
  await db.transaction('rw', db.events, async () => {
    await db.events.bulkUpdate(records.map((record) => ({ key: record.id, changes: { uploadedAt: mark } })));
  });
}
