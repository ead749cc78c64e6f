import { timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db';
import { authenticate, hashSecret, type TokenRecord } from './tokens';

/**
 * Live tokens remembered for a few seconds, for the 3101 service: a HIS sends the same token
 * with every check, and looking it up each time was a database round trip (in PGlite, work on
 * the answering thread) per request. Only what the database said was live is remembered, by
 * token id with the secret's HMAC, never the secret: a hit still compares the presented secret
 * (in constant time), and a wrong secret is refused without asking the database again.
 *
 * Revocation takes effect within `ttlMs`: at once for a revocation through this process
 * (`forget`), and by expiry for one made elsewhere (the CLI, another hub process behind the same
 * load balancer). Unknown or refused tokens are never remembered, so a token made a moment ago
 * works on its first request. At most `maxEntries` tokens are kept; the oldest goes first.
 */

export interface TokenCacheOptions {
  /** How long a verified token is trusted without asking the database again. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/** Seconds, as the 3101 service uses it: a revocation elsewhere is in force within this. */
export const TOKEN_CACHE_TTL_MS = 5_000;
export const TOKEN_CACHE_MAX_ENTRIES = 1_000;

const TOKEN_PARTS = /^pfh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

interface Entry {
  secretHash: Buffer;
  record: TokenRecord;
  until: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  /** Bumped by forget: a lookup that began before a revocation here must not remember its answer. */
  private generation = 0;

  constructor(private readonly options: TokenCacheOptions = { ttlMs: TOKEN_CACHE_TTL_MS, maxEntries: TOKEN_CACHE_MAX_ENTRIES }) {
    this.now = options.now ?? (() => performance.now());
  }

  /** As `authenticate`: the token's record when the presented string is a live token, else undefined. */
  async authenticate(db: Queryable, pepper: Buffer, presented: string): Promise<TokenRecord | undefined> {
    const parts = TOKEN_PARTS.exec(presented);
    if (!parts) return undefined;
    const [, id, secret] = parts as unknown as [string, string, string];
    const entry = this.entries.get(id);
    const now = this.now();
    if (entry && entry.until > now) {
      const same = timingSafeEqual(Buffer.from(hashSecret(pepper, secret), 'hex'), entry.secretHash);
      return same ? entry.record : undefined;
    }
    if (entry) this.entries.delete(id);
    const generation = this.generation;
    const record = await authenticate(db, pepper, presented);
    if (record && generation === this.generation) {
      while (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { secretHash: Buffer.from(hashSecret(pepper, secret), 'hex'), record, until: now + this.options.ttlMs });
    }
    return record;
  }

  /** A token revoked through this process: refused from the next request on. */
  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
