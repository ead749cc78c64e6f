import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../hub/src/auth/tokens';
import { migrate } from '../../hub/src/db/migrate';
import { pgliteDir } from '../../hub/src/db/open';
import { openPglite } from '../../hub/src/db/pglite';
import type { UploadedEvent } from '../../contract/upload-batch';
import { startChildHub, type ChildHub } from './support/child-hub';
import { manyShown, REPO_ROOT } from './support/events';
import { pgliteTemplate } from './support/pglite-template';

/**
 * The hub process is SIGKILLed while batches are in flight, then started again on the same
 * PGlite data directory. Every batch it acknowledged must still be there, every batch it did not
 * must be wholly there or wholly absent, and re-sending everything (what the extension's queue
 * does) must end with exactly one copy of each event.
 */

const BATCHES = 12;
const BATCH_SIZE = 200;
const KILL_AFTER_ACKS = 4;
const IN_FLIGHT = 3;

/** Runs `npx tsx hub/src/cli.ts …` and returns what it printed on stdout. */
function cli(env: Record<string, string>, ...args: string[]): string {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  return execFileSync(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts', ...args], { cwd: REPO_ROOT, env: childEnv, encoding: 'utf8' }).trim();
}

interface Answer {
  accepted: number;
  duplicates: number;
  rejected: unknown[];
}

describe('killing the hub mid-upload', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-kill-'));
  const pepper = randomBytes(24).toString('hex');
  let hub: ChildHub | undefined;
  afterAll(() => {
    hub?.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing acknowledged and duplicates nothing on re-upload', async () => {
    // A fresh data directory (from the template, to skip a slow initdb), bootstrapped as an
    // operator would: tokens made with the command-line tool, straight into the database.
    const db = await openPglite(pgliteDir(dataDir), { template: await pgliteTemplate() });
    await migrate(db);
    const quality = (await createToken(db, Buffer.from(pepper), { role: 'quality', label: '质控科' })).token;
    await db.close();
    const env = { HUB_DATA_DIR: dataDir, HUB_TOKEN_PEPPER: pepper };
    const workstation = cli(env, 'token', 'create', '--role', 'workstation', '--label', '门诊1诊室');
    expect(workstation).toMatch(/^pfh_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    const batches: UploadedEvent[][] = Array.from({ length: BATCHES }, (_, b) => manyShown(BATCH_SIZE, Date.parse('2026-11-01T00:00:00Z') + b * BATCH_SIZE * 60_000));
    const send = async (base: string, batch: UploadedEvent[]): Promise<Answer> => {
      const response = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${workstation}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ events: batch }),
      });
      if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
      return (await response.json()) as Answer;
    };

    hub = await startChildHub(env);
    const first = hub;
    const acked = new Set<number>();
    const failed = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < BATCHES) {
        const index = next++;
        try {
          const answer = await send(first.base, batches[index]!);
          expect(answer).toEqual({ accepted: BATCH_SIZE, duplicates: 0, rejected: [] });
          acked.add(index);
          if (acked.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.process.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          failed.add(index);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(await first.exited).toBeNull();
    // The kill really came mid-upload: requests were in flight and most batches were never sent.
    expect(failed.size).toBeGreaterThan(0);
    expect(acked.size).toBeLessThan(BATCHES);

    hub = await startChildHub(env);
    const second = hub;
    // Everything acknowledged before the kill is there: re-sending it stores nothing new.
    for (const index of acked) expect(await send(second.base, batches[index]!)).toEqual({ accepted: 0, duplicates: BATCH_SIZE, rejected: [] });
    // A batch cut off by the kill is all or nothing, never half.
    for (const index of failed) {
      const answer = await send(second.base, batches[index]!);
      expect([0, BATCH_SIZE]).toContain(answer.accepted);
      expect(answer.accepted + answer.duplicates).toBe(BATCH_SIZE);
    }
    // The offline queue re-sends everything; then once more, as after a lost answer.
    for (const batch of batches) await send(second.base, batch);
    for (const batch of batches) expect(await send(second.base, batch)).toEqual({ accepted: 0, duplicates: BATCH_SIZE, rejected: [] });

    const summary = await fetch(`${second.base}/api/v1/stats/summary`, { headers: { Authorization: `Bearer ${quality}` } });
    expect(await summary.json()).toEqual({ total: BATCHES * BATCH_SIZE, byType: { 'finding-shown': BATCHES * BATCH_SIZE } });

    // A clean stop closes the database and exits 0.
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    hub = undefined;
  }, 180_000);
});
