import { MAX_PACK_BYTES } from '../rules/pack/load';
import { activatePack, type ActivationContext } from './activation';
import { downloadPack, type FetchLike } from './download';
import type { ActivePackMeta, PackRejection, UpdateCheckOutcome } from './pack-types';
import { acceptanceRejection, httpStatusRejection, networkRejection } from './rejections';
import { importTrustedKeys } from './trusted-keys';
import type { UpdateSource } from './update-source';
import { fetchWithdrawals, knownWithdrawals, withdrawalsUrl, type KnownWithdrawals } from './withdrawals';

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
  /** Withdrawal notices received and ignored, or why none could be read. */
  refusedWithdrawals?: PackRejection[];
  /** The withdrawn pack the new one replaced. */
  replacedWithdrawn?: { id: string; version: string; reason: string };
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

  const withdrawals = await withdrawalsWith(download.link, url, source, context, keys);
  const refused = withdrawals.refused.length > 0 ? { refusedWithdrawals: withdrawals.refused } : {};

  // A rejected download keeps no ETag: the next poll fetches it again and reports it again,
  // rather than a 304 quietly hiding a problem the 医保办 has not fixed yet.
  const etag = download.etag ? { url, etag: download.etag } : null;
  const config = { trustedKeys: keys, expectedPackId: source.expectedPackId, withdrawn: withdrawals.notices };
  const result = await activatePack(download.bytes, 'update-url', config, context, etag);
  switch (result.outcome) {
    case 'updated':
      return { outcome: 'updated', meta: result.meta, ...refused, ...(result.replaced ? { replacedWithdrawn: result.replaced } : {}) };
    case 'same-version':
      if (etag) await context.store.saveEtag(etag).catch(() => undefined);
      return { outcome: 'same-version', ...refused };
    default:
      return { outcome: result.outcome, rejection: result.rejection, ...refused };
  }
}

/** The notices the server links beside the pack (if it does), with those known already. */
async function withdrawalsWith(
  link: string | undefined,
  url: string,
  source: UpdateSource,
  context: UpdateCheckContext,
  keys: Parameters<typeof knownWithdrawals>[1],
): Promise<KnownWithdrawals> {
  const listUrl = withdrawalsUrl(link, url);
  const fetched = listUrl
    ? await fetchWithdrawals(context.fetch, { url: listUrl, authorization: source.authorization, timeoutMs: context.timeoutMs ?? DOWNLOAD_TIMEOUT_MS })
    : { ok: true as const, list: [] };
  const known = await knownWithdrawals(context.store, keys, fetched.ok ? fetched.list : []);
  return fetched.ok ? known : { notices: known.notices, refused: [fetched.rejection, ...known.refused] };
}
