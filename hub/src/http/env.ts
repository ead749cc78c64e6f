import type { Db } from '../db/db';
import type { TokenRecord } from '../auth/tokens';
import type { FailedLogins } from '../auth/failures';
import type { HubConfig } from '../config';
import type { TrustedKey } from '../../../rules/pack/signature';
import type { NhsaService } from '../nhsa/service';
import type { HubSigningKeys } from '../packs/signing-key';
import type { AppealAuthScope } from '../review/appeals';

/** What every route can reach: built once at start-up (or per test). */
export interface HubDeps {
  db: Db;
  pepper: Buffer;
  /** appealDays: HUB_APPEAL_DAYS, 3 when absent (appeals.ts, DEFAULT_APPEAL_DAYS). */
  config: Pick<HubConfig, 'corsOrigins' | 'timeZone' | 'maxBodyBytes' | 'maxPackBytes'> & Partial<Pick<HubConfig, 'packRefreshMs' | 'appealDays'>>;
  /** Keys packs must be signed with: HUB_TRUSTED_KEYS_FILE's and the hub's own (current, next, retired). */
  trustedKeys: readonly TrustedKey[];
  /** The hub's own signing key: publishing from the dashboard. Absent in tests that do not need it. */
  signing?: HubSigningKeys;
  /** Where failed logins are counted; the process-wide counter when absent. */
  failedLogins?: FailedLogins;
  /**
   * The 3101/3103 service's pack cache and log writer. createApp makes it when absent and leaves
   * it here, where the process (and a test) reaches it to drain the log before closing.
   */
  nhsa?: NhsaService;
}

/** Hono's per-request variables: the authenticated token; on the appeal routes, whom the caller speaks for. */
export interface HubEnv {
  Variables: { token: TokenRecord; appealScope: AppealAuthScope };
}
