import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PEPPER_FILE } from '../../hub/src/auth/pepper';
import { LOCK_FILE } from '../../hub/src/db/data-dir-lock';
import { startChildHub, type ChildHub } from './support/child-hub';
import { REPO_ROOT } from './support/events';

/**
 * What hospital IT does on day one, on a real PGlite data directory that does not exist yet: the
 * first admin token from the command line, the hub started on it, further tokens through the API
 * while it runs (in force on the next request), and listings that never show a secret. The CLI
 * beside the running hub is refused: on PGlite it would write where the hub cannot see it (its
 * token answered 401 until a restart) and the two processes would overwrite each other's pages.
 */

const TOKEN = /^pfh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function cli(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.HUB_TOKEN_PEPPER;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts', ...args], { cwd: REPO_ROOT, env: childEnv, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function secretOf(token: string): string {
  return TOKEN.exec(token)![2]!;
}

describe('tokens on a new PGlite data directory', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hub-bootstrap-'));
  let hub: ChildHub | undefined;
  afterAll(() => {
    hub?.process.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('makes the first admin token before the first start; the API issues more at once; the CLI waits for a stopped hub; listings are masked', async () => {
    const dataDir = path.join(root, 'new', 'nested', 'hub-data');
    const env = { HUB_DATA_DIR: dataDir };

    const first = cli(env, 'token', 'create', '--role', 'admin', '--label', '信息科');
    expect(first.status, first.stderr).toBe(0);
    const admin = first.stdout.trim();
    expect(admin).toMatch(TOKEN);
    expect(existsSync(path.join(dataDir, PEPPER_FILE))).toBe(true);
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'the CLI releases the directory when done').toBe(false);

    hub = await startChildHub(env);
    const call = (token: string, method: string, route: string, body?: unknown) =>
      fetch(`${hub!.base}/api/v1${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await call(admin, 'GET', '/me')).status, 'the token made before the first start').toBe(200);

    const beside = cli(env, 'token', 'create', '--role', 'workstation', '--label', '门诊2诊室');
    expect(beside.status).toBe(1);
    expect(beside.stdout).toBe('');
    expect(beside.stderr).toContain(`正被进程 ${hub.process.pid}`);
    expect(beside.stderr).toContain('POST /api/v1/tokens');

    const created = await call(admin, 'POST', '/tokens', { role: 'workstation', label: '门诊1诊室' });
    expect(created.status).toBe(201);
    const workstation = ((await created.json()) as { token: string }).token;
    expect(workstation).toMatch(TOKEN);
    const me = await call(workstation, 'GET', '/me');
    expect(me.status, 'in force on the next request, no restart').toBe(200);
    expect(await me.json()).toMatchObject({ role: 'workstation', label: '门诊1诊室' });

    const listing = await (await call(admin, 'GET', '/tokens')).text();
    const listed = (JSON.parse(listing) as { tokens: { id: string; masked: string; label: string }[] }).tokens;
    expect(listed.map((t) => t.label)).toEqual(['信息科', '门诊1诊室']);
    for (const t of listed) expect(t.masked).toBe(`pfh_${t.id}_…`);
    for (const token of [admin, workstation]) {
      expect(listing).not.toContain(secretOf(token));
      expect(listing).not.toContain(token);
    }

    hub.process.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    hub = undefined;
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'a stopped hub releases the directory').toBe(false);

    const list = cli(env, 'token', 'list');
    expect(list.status, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n').map((line) => line.split('\t'));
    expect(rows.map((r) => [r[1], r[2], r[5]])).toEqual([
      [`pfh_${TOKEN.exec(admin)![1]}_…`, 'admin', '信息科'],
      [`pfh_${TOKEN.exec(workstation)![1]}_…`, 'workstation', '门诊1诊室'],
    ]);
    for (const token of [admin, workstation]) expect(list.stdout + list.stderr).not.toContain(secretOf(token));
  }, 180_000);
});
