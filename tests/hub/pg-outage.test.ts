import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../hub/src/auth/tokens';
import { migrate } from '../../hub/src/db/migrate';
import { openPostgres } from '../../hub/src/db/postgres';
import type { UploadedEvent } from '../../contract/upload-batch';
import { startChildHub, type ChildHub } from './support/child-hub';
import { POSTGRES_URL } from './support/db';
import { manyShown, REPO_ROOT } from './support/events';

/**
 * The PostgreSQL server goes away under upload load: its backends are terminated
 * (pg_terminate_backend, as an administrator or a failover does) and the server is restarted
 * (`pg_ctl restart -m fast`), twice each. The hub process must survive, answer every request
 * (503 while the database is away, never a dropped connection), and every event it acknowledged
 * must be in the database at the end.
 *
 * Runs on a cluster of its own (restarting the shared one would break the other test files), so
 * only where the shared one could be started: HUB_TEST_DATABASE_URL set.
 */

const BATCHES = 80;
const BATCH_SIZE = 50;
const SENDERS = 4;

function postgresCommand(args: string[]): [string, string[]] {
  const [cmd, ...rest] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  return [cmd!, rest];
}

/** Asynchronous, so the senders keep sending while the server restarts; output to the cluster's log. */
function asPostgres(args: string[]): Promise<void> {
  const [cmd, rest] = postgresCommand(args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, rest, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!POSTGRES_URL)('the PostgreSQL server going away under upload load', () => {
  let url = '';
  let dataDirectory = '';
  let pgBin = '';
  let hub: ChildHub | undefined;

  beforeAll(() => {
    url = execFileSync('bash', ['hub/scripts/start-test-postgres.sh'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }, 180_000);

  afterAll(() => {
    hub?.process.kill('SIGKILL');
    if (dataDirectory) {
      const [cmd, rest] = postgresCommand([path.join(pgBin, 'pg_ctl'), '-D', dataDirectory, '-m', 'immediate', 'stop']);
      try {
        execFileSync(cmd, rest, { stdio: 'ignore', timeout: 60_000 });
      } catch {
        // already stopped
      }
      rmSync(path.dirname(dataDirectory), { recursive: true, force: true });
    }
  });

  it('keeps answering and loses no acknowledged event', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    dataDirectory = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version_num')::int / 10000 AS v")).rows[0]!.v;
    pgBin = `/usr/lib/postgresql/${version}/bin`;
    await admin.end();

    const pepper = randomBytes(24).toString('hex');
    const setup = await openPostgres(url);
    await migrate(setup);
    const workstation = (await createToken(setup, Buffer.from(pepper), { role: 'workstation', label: '门诊1诊室' })).token;
    await setup.close();

    hub = await startChildHub({ DATABASE_URL: url, HUB_TOKEN_PEPPER: pepper });
    const base = hub.base;

    const batches: UploadedEvent[][] = Array.from({ length: BATCHES }, (_, b) => manyShown(BATCH_SIZE, Date.parse('2026-11-01T00:00:00Z') + b * BATCH_SIZE * 60_000));
    const acknowledged: string[] = [];
    const statuses = new Map<number | string, number>();
    const note = (key: number | string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    let next = 0;
    let ackedBatches = 0;

    // As the workstation uploader does: re-send a batch until it is answered 200, backing off on 5xx.
    const sender = async () => {
      while (next < BATCHES) {
        const batch = batches[next++]!;
        for (let attempt = 0; ; attempt++) {
          let status: number | string;
          try {
            const response = await fetch(`${base}/api/v1/events`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${workstation}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ events: batch }),
            });
            status = response.status;
            const body = (await response.json()) as { accepted?: number; duplicates?: number };
            if (status === 200) {
              expect((body.accepted ?? 0) + (body.duplicates ?? 0)).toBe(BATCH_SIZE);
              acknowledged.push(...batch.map((e) => e.id));
              ackedBatches++;
              note(200);
              break;
            }
            if (status === 503) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
          } catch (error) {
            status = `network: ${(error as Error).message}`;
          }
          note(status);
          if (attempt > 200) throw new Error(`batch never acknowledged; statuses ${JSON.stringify([...statuses])}`);
          await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
        }
        await sleep(20);
      }
    };

    const waitForAcks = async (n: number) => {
      while (ackedBatches < n && next < BATCHES) await sleep(20);
    };
    const terminate = async () => {
      const killer = new pg.Client({ connectionString: url });
      await killer.connect();
      const killed = await killer.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'preflight-hub' AND pid <> pg_backend_pid()");
      await killer.end();
      return killed.rowCount ?? 0;
    };
    const restart = () =>
      asPostgres([path.join(pgBin, 'pg_ctl'), '-D', dataDirectory, '-l', path.join(path.dirname(dataDirectory), 'server.log'), '-m', 'fast', '-w', '-t', '60', 'restart']);

    const disrupt = async () => {
      let terminated = 0;
      await waitForAcks(8);
      terminated += await terminate();
      await waitForAcks(ackedBatches + 6);
      await restart();
      await waitForAcks(ackedBatches + 6);
      terminated += await terminate();
      await waitForAcks(ackedBatches + 6);
      await restart();
      return terminated;
    };

    const [terminated] = await Promise.all([disrupt(), ...Array.from({ length: SENDERS }, sender)]);
    expect(terminated).toBeGreaterThan(0);
    console.log(`[pg-outage] answers: ${JSON.stringify([...statuses])}`);
    // The outages were seen: some uploads were answered 503 and sent again.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);

    // The hub never went away: no request was left without an answer, and it is still running.
    expect([...statuses.keys()].filter((s) => typeof s === 'string'), JSON.stringify([...statuses])).toEqual([]);
    expect([...statuses.keys()].every((s) => s === 200 || s === 503), JSON.stringify([...statuses])).toBe(true);
    expect(hub.process.exitCode).toBeNull();
    expect(ackedBatches).toBe(BATCHES);

    // Every acknowledged event is stored, once.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const stored = await check.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1)', [acknowledged]);
    await check.end();
    expect(new Set(acknowledged).size).toBe(BATCHES * BATCH_SIZE);
    expect(Number(stored.rows[0]!.n)).toBe(BATCHES * BATCH_SIZE);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    hub.process.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    hub = undefined;
  }, 300_000);
});
