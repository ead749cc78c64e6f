import type { Db } from '../db/db';
import type { TokenRecord } from '../auth/tokens';
import type { HubConfig } from '../config';
import type { TrustedKey } from '../../../rules/pack/signature';

/** What every route can reach: built once at start-up (or per test). */
export interface HubDeps {
  db: Db;
  pepper: Buffer;
  config: Pick<HubConfig, 'corsOrigins' | 'timeZone' | 'maxBodyBytes' | 'maxPackBytes'>;
  trustedKeys: readonly TrustedKey[];
}

/** Hono's per-request variables: the authenticated token. */
export interface HubEnv {
  Variables: { token: TokenRecord };
}
