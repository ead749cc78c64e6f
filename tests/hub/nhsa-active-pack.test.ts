import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../hub/src/db/db';
import { DatabaseUnavailableError } from '../../hub/src/db/unavailable';
import { ActivePackCache, type PackState } from '../../hub/src/nhsa/active-pack';
import { OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { newSigningKey, signedPack, type SigningKey } from './support/packs';

/**
 * The 3101 service's look for a newer pack runs beside the requests once it has a pack to answer
 * with: a request that finds the last look stale is answered without waiting for the database,
 * a newer pack that look finds is compiled and in force for the next requests, and a failed look
 * leaves the pack in force and is logged once.
 */

/** The latest-pack query of `db`, held or failed on demand; everything else passes through. */
function gatedHeads(db: Queryable) {
  let gate: { release: Promise<void>; open: () => void } | undefined;
  let failure: Error | undefined;
  let heads = 0;
  let answered = 0;
  const queryable: Queryable = {
    async query(sql, params) {
      if (!sql.includes('FROM packs WHERE withdrawn_at IS NULL')) return db.query(sql, params);
      heads++;
      try {
        if (gate) await gate.release;
        if (failure) throw failure;
        return await db.query(sql, params);
      } finally {
        answered++;
      }
    },
  } as Queryable;
  return {
    db: queryable,
    heads: () => heads,
    /** Every look started has been answered (or failed). */
    settled: () => answered === heads,
    hold() {
      let open!: () => void;
      const release = new Promise<void>((resolve) => (open = resolve));
      gate = { release, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    fail(error: Error | undefined) {
      failure = error;
    },
  };
}

const versionOf = (state: PackState) => (state.ok ? state.pack.version : state.message);

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the 3101 service’s pack, looked for beside the requests', () => {
  let h: TestHub;
  let key: SigningKey;
  beforeAll(async () => {
    key = await newSigningKey();
    h = await startTestHub('pglite', { trustedKeys: [key.trusted] });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  const publish = async (version: string) => {
    const response = await h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body: await signedPack(version, key) });
    expect(response.status).toBe(201);
  };

  it('answers without waiting for the look, takes the newer pack it finds, and survives a failed look', async () => {
    await publish('2026.11.1');
    const gated = gatedHeads(h.deps.db);
    let clock = 0;
    const logged: string[] = [];
    const cache = new ActivePackCache(gated.db, { trustedKeys: [key.trusted], timeZone: 'Asia/Shanghai', maxBytes: 64 << 20, refreshMs: 1000, now: () => clock, log: (m) => logged.push(m) });

    // No pack yet: the first request waits for the look and the compilation.
    expect(versionOf(await cache.get())).toBe('2026.11.1');
    expect(gated.heads()).toBe(1);

    // Fresh: no look at all.
    clock += 999;
    expect(versionOf(await cache.get())).toBe('2026.11.1');
    expect(gated.heads()).toBe(1);

    // Stale, with the database holding the look: answered at once with the pack in force.
    await publish('2026.11.2');
    gated.hold();
    clock += 1;
    expect(versionOf(await cache.get())).toBe('2026.11.1');
    expect(versionOf(await cache.get())).toBe('2026.11.1');
    expect(gated.heads()).toBe(2);
    gated.release();
    // The look finds 2026.11.2, which is compiled and then answers (no further look needed).
    await until('2026.11.2 in force', async () => versionOf(await cache.get()) === '2026.11.2');
    expect(gated.heads()).toBe(2);

    // The database away: the pack in force still answers, the failure is logged once.
    const failures = () => logged.filter((m) => m.includes('looking for a newer pack failed')).length;
    gated.fail(new DatabaseUnavailableError(1));
    clock += 1000;
    for (const heads of [3, 4, 5]) {
      // Each request finds the look stale (a failed one does not count) and starts another.
      expect(versionOf(await cache.get())).toBe('2026.11.2');
      await until(`failed look ${heads}`, async () => gated.heads() === heads && failures() === 1);
    }

    // Back: the next look succeeds, and a later failure is logged again.
    gated.fail(undefined);
    expect(versionOf(await cache.get())).toBe('2026.11.2');
    await until('a successful look', async () => gated.heads() === 6 && gated.settled());
    await new Promise((resolve) => setTimeout(resolve, 10));
    clock += 1000;
    gated.fail(new DatabaseUnavailableError(1));
    await cache.get();
    await until('another failed look', async () => failures() === 2);
  }, 60_000);

  it('waits for the look when it has no pack to answer with, or polls on every request at 0', async () => {
    const gated = gatedHeads(h.deps.db);
    const every = new ActivePackCache(gated.db, { trustedKeys: [key.trusted], timeZone: 'Asia/Shanghai', maxBytes: 64 << 20, refreshMs: 0 });
    const first = versionOf(await every.get());
    expect(gated.heads()).toBe(1);
    gated.hold();
    let answered = false;
    const pending = every.get().then((state) => ((answered = true), state));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    gated.release();
    expect(versionOf(await pending)).toBe(first);
    expect(gated.heads()).toBe(2);
  }, 60_000);
});
