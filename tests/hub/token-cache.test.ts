import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCache } from '../../hub/src/auth/token-cache';
import { createToken, revokeToken } from '../../hub/src/auth/tokens';
import type { Db } from '../../hub/src/db/db';
import { migrate } from '../../hub/src/db/migrate';
import { DRIVERS, OPEN_TIMEOUT_MS, openTestDb, type TestDb } from './support/db';

/**
 * The 3101 service's short memory of verified tokens: a revocation made anywhere is in force
 * within the expiry, one made through this process at once; a wrong secret never passes; the
 * memory is bounded; nothing refused is remembered.
 */

/** Counts the token lookups that reach the database. */
function counting(db: Db): { db: Db; lookups: () => number } {
  let n = 0;
  const wrapped = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'query') {
        return (...args: Parameters<Db['query']>) => {
          if (args[0].includes('FROM tokens')) n++;
          return target.query(...args);
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { db: wrapped, lookups: () => n };
}

describe.each(DRIVERS)('token cache on %s', (driver) => {
  let t: TestDb;
  const pepper = randomBytes(32);
  beforeAll(async () => {
    t = await openTestDb(driver);
    await migrate(t.db);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => t.dispose());

  const clock = () => {
    const c = { now: 0 };
    return { c, cache: (maxEntries = 10) => new TokenCache({ ttlMs: 5_000, maxEntries, now: () => c.now }) };
  };

  it('asks the database once per expiry, and takes a revocation made elsewhere within it', async () => {
    const { c, cache: make } = clock();
    const cache = make();
    const { db, lookups } = counting(t.db);
    const issued = await createToken(t.db, pepper, { role: 'workstation', label: 'HIS' });
    expect((await cache.authenticate(db, pepper, issued.token))?.id).toBe(issued.id);
    c.now = 1_000;
    expect((await cache.authenticate(db, pepper, issued.token))?.role).toBe('workstation');
    expect(lookups()).toBe(1);

    // Revoked by the CLI or another hub process: still answered until the entry expires, never after.
    await revokeToken(t.db, issued.id);
    c.now = 4_999;
    expect(await cache.authenticate(db, pepper, issued.token)).toBeDefined();
    c.now = 5_000;
    expect(await cache.authenticate(db, pepper, issued.token)).toBeUndefined();
    expect(lookups()).toBe(2);
    // Refused is not remembered: every later attempt asks the database again.
    expect(await cache.authenticate(db, pepper, issued.token)).toBeUndefined();
    expect(lookups()).toBe(3);
  });

  it('forgets a token revoked through this process at once, even while its lookup is under way', async () => {
    const { cache: make } = clock();
    const cache = make();
    const issued = await createToken(t.db, pepper, { role: 'workstation', label: 'HIS' });
    expect(await cache.authenticate(t.db, pepper, issued.token)).toBeDefined();
    await revokeToken(t.db, issued.id);
    cache.forget(issued.id);
    expect(await cache.authenticate(t.db, pepper, issued.token)).toBeUndefined();

    // A lookup that began before the revocation must not remember what it read.
    const other = await createToken(t.db, pepper, { role: 'workstation', label: 'HIS 2' });
    const pending = cache.authenticate(t.db, pepper, other.token);
    cache.forget(other.id);
    await revokeToken(t.db, other.id);
    await pending;
    expect(await cache.authenticate(t.db, pepper, other.token)).toBeUndefined();
  });

  it('refuses a wrong secret for a remembered id without asking the database', async () => {
    const { cache: make } = clock();
    const cache = make();
    const { db, lookups } = counting(t.db);
    const issued = await createToken(t.db, pepper, { role: 'workstation', label: 'HIS' });
    expect(await cache.authenticate(db, pepper, issued.token)).toBeDefined();
    const forged = `${issued.token.slice(0, 21)}${'A'.repeat(43)}`;
    expect(forged).toMatch(/^pfh_[0-9a-f]{16}_A{43}$/);
    expect(await cache.authenticate(db, pepper, forged)).toBeUndefined();
    expect(await cache.authenticate(db, Buffer.from('another pepper of thirty-two bytes!'), issued.token)).toBeUndefined();
    expect(lookups()).toBe(1);
    expect(await cache.authenticate(db, pepper, 'pfh_not-a-token')).toBeUndefined();
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const { cache: make } = clock();
    const cache = make(3);
    const { db, lookups } = counting(t.db);
    const issued = await Promise.all(Array.from({ length: 4 }, (_, i) => createToken(t.db, pepper, { role: 'workstation', label: `HIS ${i}` })));
    for (const token of issued) await cache.authenticate(db, pepper, token.token);
    expect(cache.size).toBe(3);
    expect(lookups()).toBe(4);
    // The newest three are remembered; the first was dropped and is looked up again.
    for (const token of issued.slice(1)) await cache.authenticate(db, pepper, token.token);
    expect(lookups()).toBe(4);
    await cache.authenticate(db, pepper, issued[0]!.token);
    expect(lookups()).toBe(5);
  });
});
