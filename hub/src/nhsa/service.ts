import type { TrustedKey } from '../../../rules/pack/signature';
import { TokenCache } from '../auth/token-cache';
import type { Db } from '../db/db';
import { ActivePackCache } from './active-pack';
import { EventWriter } from './writer';

/** The 3101/3103 service's state in one hub process: the compiled pack, the log writer, the callers' tokens. */
export interface NhsaService {
  packs: ActivePackCache;
  writer: EventWriter;
  /** Verified tokens for a few seconds (see TokenCache); a revocation through this process forgets at once. */
  tokens: TokenCache;
}

export interface NhsaServiceOptions {
  trustedKeys: readonly TrustedKey[];
  timeZone: string;
  maxPackBytes: number;
  /** See ActivePackCache; 1 s by default. */
  packRefreshMs?: number | undefined;
}

export function createNhsaService(db: Db, options: NhsaServiceOptions): NhsaService {
  return {
    packs: new ActivePackCache(db, {
      trustedKeys: options.trustedKeys,
      timeZone: options.timeZone,
      maxBytes: options.maxPackBytes,
      refreshMs: options.packRefreshMs ?? 1000,
    }),
    writer: new EventWriter(db),
    tokens: new TokenCache(),
  };
}
