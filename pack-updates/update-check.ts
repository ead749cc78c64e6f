import { MAX_PACK_BYTES } from '../rules/pack/load';
import { activatePack, type ActivationContext } from './activation';
import { downloadPack, type FetchLike } from './download';
import type { ActivePackMeta, PackRejection, UpdateCheckOutcome } from './pack-types';
import { acceptanceRejection, httpStatusRejection, networkRejection } from './rejections';
import { importTrustedKeys } from './trusted-keys';
import type { UpdateSource } from './update-source';

export interface UpdateCheckContext extends ActivationContext {
  fetch: FetchLike;
  maxBytes?: number;
  /** For the whole download; a hung server must not hold the service's queue forever. */
  timeoutMs?: number;
}

export interface UpdateCheckResult {
  outcome: UpdateCheckOutcome;
  rejection?: PackRejection;
  /** The newly active pack, for `updated`. */
  meta?: ActivePackMeta;
}

export const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * One poll of the update URL. Only `updated` changes anything; every other outcome leaves the
 * active pack, and the ETag it came with, as they were.
 */
export async function checkForUpdate(source: UpdateSource, context: UpdateCheckContext): Promise<UpdateCheckResult> {
  const url = source.url;
  if (url === null) return { outcome: 'not-configured' };
  const { keys } = await importTrustedKeys(source.trustedKeys);
  const download = await downloadPack(context.fetch, {
    url,
    etag: await context.store.readEtag(url),
    authorization: source.authorization,
    maxBytes: context.maxBytes ?? MAX_PACK_BYTES,
    timeoutMs: context.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
  });
  switch (download.kind) {
    case 'not-modified':
      return { outcome: 'not-modified' };
    case 'network':
      return { outcome: 'failed', rejection: networkRejection(download.detail) };
    case 'http-status':
      return { outcome: 'failed', rejection: httpStatusRejection(download.detail) };
    case 'oversized':
      return { outcome: 'rejected', rejection: acceptanceRejection('oversized', download.detail) };
    case 'body':
      break;
  }

  // A rejected download keeps no ETag: the next poll fetches it again and reports it again,
  // rather than a 304 quietly hiding a problem the 医保办 has not fixed yet.
  const etag = download.etag ? { url, etag: download.etag } : null;
  const result = await activatePack(download.bytes, 'update-url', { trustedKeys: keys, expectedPackId: source.expectedPackId }, context, etag);
  switch (result.outcome) {
    case 'updated':
      return { outcome: 'updated', meta: result.meta };
    case 'same-version':
      if (etag) await context.store.saveEtag(etag).catch(() => undefined);
      return { outcome: 'same-version' };
    default:
      return { outcome: result.outcome, rejection: result.rejection };
  }
}
