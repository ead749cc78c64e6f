import { DEFAULT_UPDATE_INTERVAL_MINUTES, type Deployment } from '../settings/deployment';

/** The deployment fields that decide where packs come from and which of them are accepted. */
export interface UpdateSource {
  url: string | null;
  intervalMinutes: number;
  trustedKeys: readonly unknown[];
  expectedPackId: string | undefined;
  /** Sent only to the hub (the update URL under hubUrl), never to another server. */
  authorization: string | undefined;
}

function isUnder(url: string, base: string): boolean {
  try {
    const u = new URL(url);
    const b = new URL(base);
    const basePath = b.pathname.endsWith('/') ? b.pathname : `${b.pathname}/`;
    return u.origin === b.origin && (u.pathname === b.pathname || u.pathname.startsWith(basePath));
  } catch {
    return false;
  }
}

/**
 * A configured workstation: hospital IT (policy) or the options page set an update URL or trusted
 * keys. Such a workstation never checks with the built-in demo pack: without a valid pack of its
 * own it shows 审核未完成 / 无可用规则包 instead.
 */
export function isConfiguredSource(source: { url?: string | null; trustedKeys?: readonly unknown[] | undefined }): boolean {
  return (source.url ?? null) !== null || (source.trustedKeys?.length ?? 0) > 0;
}

export function updateSourceOf(deployment: Deployment): UpdateSource {
  const url = deployment.packUpdateUrl ?? null;
  const toHub = url !== null && deployment.hubUrl !== undefined && deployment.hubToken !== undefined && isUnder(url, deployment.hubUrl);
  return {
    url,
    intervalMinutes: deployment.packUpdateIntervalMinutes ?? DEFAULT_UPDATE_INTERVAL_MINUTES,
    trustedKeys: deployment.trustedKeys ?? [],
    expectedPackId: deployment.expectedPackId,
    authorization: toHub ? `Bearer ${deployment.hubToken}` : undefined,
  };
}
