import { DEFAULT_UPDATE_INTERVAL_MINUTES, type Deployment } from '../../settings/deployment';

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
