import { PackStatusSchema } from './messages';
import type { ActivePackMeta, LastCheck, PackStatus } from './pack-types';
import { isConfiguredSource, type UpdateSource } from './update-source';

/**
 * `storage.local` key of the last published status: the popup reads it without waking the
 * service worker. The background rewrites it whenever the status changes.
 */
export const PACK_STATUS_KEY = 'preflight.packStatus';

export function composeStatus(parts: {
  active: ActivePackMeta | null;
  source: UpdateSource;
  lastCheck: LastCheck | null;
  nextCheckAt: number | undefined;
  expired?: { on: string; noticedAt: string } | null;
}): PackStatus {
  return {
    active: parts.active,
    configured: isConfiguredSource(parts.source),
    expired: parts.active && parts.active.source !== 'built-in' ? (parts.expired ?? null) : null,
    updateUrl: parts.source.url,
    intervalMinutes: parts.source.intervalMinutes,
    lastCheck: parts.lastCheck,
    // No URL, no polling: an alarm left over from an earlier configuration is not a next check.
    nextCheckAt: parts.source.url !== null && parts.nextCheckAt !== undefined ? new Date(parts.nextCheckAt).toISOString() : null,
  };
}

/** The published status, or null when there is none or it is from an incompatible build. */
export function parsePublishedStatus(raw: unknown): PackStatus | null {
  const parsed = PackStatusSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
