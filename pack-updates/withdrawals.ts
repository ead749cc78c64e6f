import { z } from 'zod';
import type { TrustedKey } from '../rules/pack/signature';
import { MAX_WITHDRAWALS, verifyWithdrawal, type SignedWithdrawal, type WithdrawalNotice } from '../rules/pack/withdrawal';
import { downloadPack, type FetchLike } from './download';
import type { ActivePackStore } from './pack-store';
import type { PackRejection } from './pack-types';

/**
 * The 医保办's signed withdrawal notices (rules/pack/withdrawal.ts) as the workstation learns them:
 * the hub names where they are in a `Link: <withdrawals>; rel="preflight-withdrawals"` header on
 * the latest pack, and they are fetched whenever that pack is downloaded (so only when it changed).
 * Each notice is verified with the deployment's trusted keys; a verified one is kept, so a
 * withdrawn version is never installed again even if a later fetch fails. What fails verification
 * is reported with the check and otherwise ignored: an unsigned "withdrawn" never lowers the bar.
 */

export const WITHDRAWALS_REL = 'preflight-withdrawals';
/** A thousand notices are under 1 MB. */
const MAX_LIST_BYTES = 1024 * 1024;
/** At most this many refusals are reported per check: one bad list must not flood the status. */
const MAX_REPORTED = 10;

const ListSchema = z.object({ withdrawals: z.array(z.unknown()).max(MAX_WITHDRAWALS) });

/**
 * The notices' URL from a Link header, resolved against the pack's URL. Only a URL on the same
 * origin, in the same folder as the update URL, is followed: the token sent to the update URL
 * (the hub's) must not travel elsewhere, and a pack server cannot point the workstation anywhere.
 */
export function withdrawalsUrl(link: string | undefined, updateUrl: string): string | undefined {
  if (!link) return undefined;
  for (const match of link.matchAll(/<([^>]*)>([^,<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes(WITHDRAWALS_REL)) continue;
    try {
      const folder = new URL('.', updateUrl);
      const target = new URL(match[1]!, updateUrl);
      if (target.origin === folder.origin && target.pathname.startsWith(folder.pathname)) return target.href;
    } catch {
      // An unparsable reference names nothing.
    }
    return undefined;
  }
  return undefined;
}

function unreadable(reason: PackRejection['reason'], detail: string): PackRejection {
  return {
    reason,
    message: `无法读取撤回通知，按已知的撤回通知处理（${detail}）/ the withdrawal notices could not be read; the ones known already apply (${detail})`,
  };
}

export type FetchedWithdrawals = { ok: true; list: unknown[] } | { ok: false; rejection: PackRejection };

export async function fetchWithdrawals(
  fetchList: FetchLike,
  request: { url: string; authorization: string | undefined; timeoutMs: number },
): Promise<FetchedWithdrawals> {
  const download = await downloadPack(fetchList, { url: request.url, authorization: request.authorization, maxBytes: MAX_LIST_BYTES, timeoutMs: request.timeoutMs });
  switch (download.kind) {
    case 'network':
      return { ok: false, rejection: unreadable('network', download.detail) };
    case 'http-status':
      return { ok: false, rejection: unreadable('http-status', download.detail) };
    case 'oversized':
      return { ok: false, rejection: unreadable('oversized', download.detail) };
    case 'not-modified':
      return { ok: true, list: [] };
    case 'body':
      break;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(download.bytes));
  } catch {
    return { ok: false, rejection: unreadable('not-json', 'not JSON') };
  }
  const list = ListSchema.safeParse(raw);
  return list.success ? { ok: true, list: list.data.withdrawals } : { ok: false, rejection: unreadable('not-envelope', 'expected {withdrawals: […]}') };
}

export interface KnownWithdrawals {
  /** Verified with the keys trusted now: stored ones and the newly received. */
  notices: WithdrawalNotice[];
  /** Received notices that failed verification. */
  refused: PackRejection[];
}

/** The notices in force: those stored earlier and `received`, each verified now; new valid ones are stored. */
export async function knownWithdrawals(store: ActivePackStore, keys: readonly TrustedKey[], received: readonly unknown[] = []): Promise<KnownWithdrawals> {
  const stored = await store.readWithdrawals().catch((): SignedWithdrawal[] => []);
  const notices: WithdrawalNotice[] = [];
  // Stored notices were verified when received; again now, as keys may have been rotated since.
  for (const envelope of stored) {
    const verdict = await verifyWithdrawal(envelope, keys);
    if (verdict.ok) notices.push(verdict.notice);
  }
  const keep = [...stored];
  const seen = new Set(stored.map((envelope) => envelope.signature));
  const refused: PackRejection[] = [];
  for (const raw of received) {
    const verdict = await verifyWithdrawal(raw, keys);
    if (!verdict.ok) {
      if (refused.length < MAX_REPORTED) refused.push({ reason: verdict.reason, message: verdict.message });
      continue;
    }
    if (seen.has(verdict.envelope.signature)) continue;
    seen.add(verdict.envelope.signature);
    keep.push(verdict.envelope);
    notices.push(verdict.notice);
  }
  // Kept even when storing fails: this check still honours what it received.
  if (keep.length > stored.length) await store.saveWithdrawals(keep).catch(() => undefined);
  return { notices, refused };
}
