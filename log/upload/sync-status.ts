import { z } from 'zod';

/**
 * How the flag log's upload to the hub is going, in `storage.local` under `preflight.syncStatus`.
 * The background's uploader is its only writer; the popup reads it. It doubles as the uploader's
 * memory across service-worker restarts (backoff, a refused token), so nothing in it may be a
 * secret: the hub is named by origin, the refused configuration by a digest.
 */

export const SYNC_STATUS_KEY = 'preflight.syncStatus';

const Iso = z.string().datetime({ offset: true });
const Count = z.number().int().nonnegative();

export const SyncErrorKindSchema = z.enum([
  /** No answer: hub down, network or proxy failure, timeout. */
  'network',
  /** 401/403: the token is wrong, revoked or not a workstation token. Not retried until the configuration changes. */
  'auth',
  /** Any other status, or 413 for a single record (a proxy's body limit). */
  'server',
  /** An answer that does not fit the upload protocol. */
  'protocol',
]);

export const SyncErrorSchema = z.object({
  kind: SyncErrorKindSchema,
  message: z.string().max(300),
  at: Iso,
  status: z.number().int().optional(),
});

export const SyncStatusSchema = z.object({
  /** Both a hub URL and a token are set (deployment: managed policy or the options page). */
  hubConfigured: z.boolean(),
  /** The hub's origin, for display. */
  hubOrigin: z.string().nullable(),
  /** The last batch the hub answered. */
  lastSuccessAt: Iso.nullable(),
  lastAttemptAt: Iso.nullable(),
  /** Records not yet answered by the hub (all records, when no hub is configured). */
  queued: Count,
  lastError: SyncErrorSchema.nullable(),
  /** When the next automatic attempt may go; null when none is waiting. */
  nextRetryAt: Iso.nullable(),
  consecutiveFailures: Count,
  /** Digest of the hub URL and token that got 401/403: automatic uploads stop until they change. */
  refusedConfig: z.string().nullable(),
  /** Records accepted by the hub, or already there (duplicates), since this browser started uploading. */
  uploaded: Count,
  /** Records the hub rejected, or too large to ever send: dropped, never retried. */
  rejected: Count,
  /** Records the hub never received that pruning dropped (FLAG_LOG_HARD_CAP). */
  droppedUnsent: Count,
  /**
   * Records set aside unsent: the hub kept refusing (4xx/5xx) every batch holding them, and then
   * each of them alone, so they no longer hold up the queue (log/upload/uploader.ts, MAX_BATCH_TRIES).
   */
  setAside: Count.default(0),
  /** Refusals of the batch at the head of the queue since the last answered one. */
  batchFailures: Count.default(0),
});

export type SyncErrorKind = z.infer<typeof SyncErrorKindSchema>;
export type SyncError = z.infer<typeof SyncErrorSchema>;
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const INITIAL_SYNC_STATUS: SyncStatus = {
  hubConfigured: false,
  hubOrigin: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  queued: 0,
  lastError: null,
  nextRetryAt: null,
  consecutiveFailures: 0,
  refusedConfig: null,
  uploaded: 0,
  rejected: 0,
  droppedUnsent: 0,
  setAside: 0,
  batchFailures: 0,
};

/** A stored value, or the initial status when there is none or it does not parse (an older shape). */
export function parseSyncStatus(raw: unknown): SyncStatus {
  const parsed = SyncStatusSchema.safeParse(raw);
  return parsed.success ? parsed.data : INITIAL_SYNC_STATUS;
}

/** The slice of a `storage.StorageArea` used here. */
export interface StatusArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface SyncStatusStore {
  read(): Promise<SyncStatus>;
  write(status: SyncStatus): Promise<void>;
}

export function syncStatusStore(area: StatusArea): SyncStatusStore {
  return {
    read: async () => parseSyncStatus((await area.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]),
    write: (status) => area.set({ [SYNC_STATUS_KEY]: SyncStatusSchema.parse(status) }),
  };
}
