import { droppedUnsentCount, unsentRecords, type FlagLogDb, type StoredFlagEvent } from '../flag-log-db';
import { backoffDelay, type BackoffOptions } from './backoff';
import { packBatch } from './batch';
import { postEvents, uploadForm, type HubTarget, type UploadResponse } from './hub-client';
import type { UploadAnswer } from '../../contract/upload-batch';
import { INITIAL_SYNC_STATUS, type SyncError, type SyncErrorKind, type SyncStatus, type SyncStatusStore } from './sync-status';
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

/**
 * Tries of one batch answered with a refusal (4xx other than 401/403, or 5xx) before the batch is
 * taken apart: halves are sent at once, halves of halves, down to the records the hub refuses
 * alone, which are set aside (counted in `setAside`) so that the rest of the queue goes on.
 */
export const MAX_BATCH_TRIES = 3;

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

/** An answer with a status that is neither success nor about the token: the hub refuses what it was sent. */
function refusedByHub(response: UploadResponse): response is Extract<UploadResponse, { kind: 'refused' }> {
  return response.kind === 'refused' && response.status !== 401 && response.status !== 403 && response.status >= 400;
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

  let status: SyncStatus = INITIAL_SYNC_STATUS;

  const post = (target: HubTarget, body: string) =>
    postEvents(target, body, { ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });

  /** The status after a response that leaves the batch unanswered (the pass stops). */
  function giveUp(current: SyncStatus, response: Exclude<UploadResponse, { kind: 'answered' }>, digest: string): SyncStatus {
    if (response.kind === 'refused' && (response.status === 401 || response.status === 403)) {
      return { ...current, lastError: { kind: 'auth', message: response.message, at: iso(now()), status: response.status }, refusedConfig: digest, nextRetryAt: null };
    }
    return response.kind === 'unreachable'
      ? failed(current, 'network', response.message)
      : response.kind === 'garbled'
        ? failed(current, 'protocol', response.message)
        : failed(current, 'server', response.message, response.status);
  }

  /** Marks an answered batch; false (and a protocol error) when the answer does not cover it. */
  async function settle(records: readonly StoredFlagEvent[], answer: UploadAnswer): Promise<boolean> {
    const { accepted, duplicates, rejected } = answer;
    if (accepted + duplicates + rejected.length !== records.length) {
      status = failed(status, 'protocol', `hub answered for ${accepted + duplicates + rejected.length} of ${records.length} records`);
      return false;
    }
    await markUploaded(options.db, records, now());
    status = await counts({
      ...status,
      lastSuccessAt: iso(now()),
      lastError: null,
      nextRetryAt: null,
      consecutiveFailures: 0,
      batchFailures: 0,
      refusedConfig: null,
      uploaded: status.uploaded + accepted + duplicates,
      rejected: status.rejected + rejected.length,
    });
    await options.status.write(status);
    return true;
  }

  /**
   * Sends `records` at once, and when the hub refuses them, each half on its own, down to single
   * records, which are set aside. False when the hub stopped answering (the pass stops).
   */
  async function isolate(target: HubTarget, digest: string, records: readonly StoredFlagEvent[]): Promise<boolean> {
    const response = await post(target, packBatch(records, Number.MAX_SAFE_INTEGER, uploadForm).body);
    if (response.kind === 'answered') return settle(records, response.answer);
    if (!refusedByHub(response)) {
      status = giveUp(status, response, digest);
      return false;
    }
    if (records.length === 1) {
      await markUploaded(options.db, records, now());
      status = await counts({ ...status, setAside: status.setAside + 1 });
      await options.status.write(status);
      return true;
    }
    const half = Math.ceil(records.length / 2);
    return (await isolate(target, digest, records.slice(0, half))) && (await isolate(target, digest, records.slice(half)));
  }

  async function pass(reason: UploadReason): Promise<SyncStatus> {
    status = await options.status.read();
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
      const response = await post(target, batch.body);
      if (response.kind === 'answered') {
        if (!(await settle(batch.records, response.answer))) break;
        continue;
      }
      if (response.kind === 'refused' && response.status === 413 && batch.records.length > 1) {
        batchSize = Math.max(1, Math.floor(batch.records.length / 2));
        continue;
      }
      if (refusedByHub(response)) {
        const tries = status.batchFailures + 1;
        if (tries >= MAX_BATCH_TRIES) {
          status = { ...status, batchFailures: 0 };
          if (!(await isolate(target, digest, batch.records))) break;
          continue;
        }
        status = { ...giveUp(status, response, digest), batchFailures: tries };
        break;
      }
      status = giveUp(status, response, digest);
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
