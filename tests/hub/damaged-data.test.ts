import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, truncateSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPepper, PEPPER_FILE } from '../../hub/src/auth/pepper';
import { createToken } from '../../hub/src/auth/tokens';
import { migrate } from '../../hub/src/db/migrate';
import { pgliteDir } from '../../hub/src/db/open';
import { openPglite } from '../../hub/src/db/pglite';
import { ingestEvents } from '../../hub/src/events/ingest';
import { OPEN_TIMEOUT_MS } from './support/db';
import { manyShown, REPO_ROOT } from './support/events';
import { startTestHub } from './support/hub';
import { pgliteTemplate } from './support/pglite-template';

/**
 * Real damaged copies of a small PGlite data directory (tokens, a few hundred events): the hub
 * must refuse to start with a message that says what is wrong and a non-zero exit, never start
 * on an empty database as if nothing had happened.
 */

interface Run {
  /** Exit code, or 'listening' when it started (it is then killed). */
  outcome: number | null | 'listening';
  output: string;
  health?: { status: number; body: unknown };
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HUB_PORT: '0', ...extra };
  delete env.DATABASE_URL;
  delete env.HUB_TOKEN_PEPPER;
  return env;
}

/** Starts the real hub on `dataDir`; when it listens, asks /healthz and stops it. */
function runHub(dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/main.ts'], { cwd: REPO_ROOT, env: childEnv({ HUB_DATA_DIR: dataDir }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    let listening: Promise<Run> | undefined;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match && !listening) {
        listening = (async () => {
          const response = await fetch(`${match[1]}/healthz`);
          const health = { status: response.status, body: await response.json() };
          child.kill('SIGTERM');
          return { outcome: 'listening' as const, output, health };
        })();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (listening) void listening.then(resolve);
      else resolve({ outcome: code, output });
    });
  });
}

describe('a damaged PGlite data directory', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hub-damaged-'));
  const pristine = path.join(root, 'pristine');
  let eventsFile = '';
  let copies = 0;

  beforeAll(async () => {
    // A data directory as a running hub leaves it: pepper file, tokens, events.
    const pepper = loadPepper(pristine, undefined);
    const db = await openPglite(pgliteDir(pristine), { template: await pgliteTemplate() });
    await migrate(db);
    const token = await createToken(db, pepper, { role: 'workstation', label: '门诊1诊室' });
    const outcome = await ingestEvents(db, token.id, manyShown(400));
    expect(outcome.accepted).toBe(400);
    eventsFile = (await db.query<{ path: string }>("SELECT pg_relation_filepath('events') AS path")).rows[0]!.path;
    await db.close();
    expect(statSync(path.join(pgliteDir(pristine), eventsFile)).size).toBeGreaterThan(4 * 8192);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const copy = (): string => {
    const dir = path.join(root, `copy-${++copies}`);
    cpSync(pristine, dir, { recursive: true });
    return dir;
  };

  it('starts on an intact copy, and /healthz reads the data', async () => {
    const run = await runHub(copy());
    expect(run.outcome).toBe('listening');
    expect(run.health).toEqual({ status: 200, body: { ok: true } });
  }, 120_000);

  const cases: [string, (dir: string) => void, RegExp][] = [
    ['a truncated events heap', (dir) => truncateSync(path.join(pgliteDir(dir), eventsFile), 8192), /数据库已损坏或不完整.*events/],
    [
      'a page of the events heap overwritten with garbage',
      (dir) => {
        const fd = openSync(path.join(pgliteDir(dir), eventsFile), 'r+');
        writeSync(fd, randomBytes(8192), 0, 8192, 2 * 8192);
        closeSync(fd);
      },
      /数据库已损坏或不完整.*events/,
    ],
    ['a missing pg_control', (dir) => rmSync(path.join(pgliteDir(dir), 'global', 'pg_control')), /已损坏.*pg_control/],
    [
      'a missing WAL',
      (dir) => {
        const wal = path.join(pgliteDir(dir), 'pg_wal');
        for (const name of readdirSync(wal)) if (/^[0-9A-F]{24}$/.test(name)) rmSync(path.join(wal, name));
      },
      /已损坏.*pg_wal/,
    ],
    [
      'an emptied database directory where tokens existed',
      (dir) => {
        rmSync(pgliteDir(dir), { recursive: true });
        expect(existsSync(path.join(dir, PEPPER_FILE))).toBe(true);
      },
      /为空或不存在.*已在使用/,
    ],
  ];

  it.each(cases)('refuses to start on %s, saying why', async (_name, damage, message) => {
    const dir = copy();
    damage(dir);
    const run = await runHub(dir);
    expect(run.outcome, run.output).not.toBe('listening');
    expect(run.outcome).not.toBe(0);
    expect(run.output).toMatch(/cannot start/);
    expect(run.output).toMatch(message);
  }, 120_000);
});

describe('/healthz', () => {
  it('fails when the marker row written at initialisation is gone', async () => {
    const h = await startTestHub('pglite');
    try {
      expect(await (await h.app.request('/healthz')).json()).toEqual({ ok: true });
      await h.deps.db.query('DELETE FROM hub_instance');
      const response = await h.app.request('/healthz');
      expect(response.status).toBe(503);
      expect(((await response.json()) as { message: string }).message).toMatch(/标记行/);
    } finally {
      await h.dispose();
    }
  }, OPEN_TIMEOUT_MS);
});
