import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPepper } from '../../hub/src/auth/pepper';
import { createToken } from '../../hub/src/auth/tokens';
import { readConfig } from '../../hub/src/config';
import { migrate } from '../../hub/src/db/migrate';
import { pgliteDir } from '../../hub/src/db/open';
import { openPglite } from '../../hub/src/db/pglite';
import { openHub, type Hub } from '../../hub/src/hub';
import { acceptPack } from '../../rules/pack/accept';
import { importTrustedKey } from '../../rules/pack/signature';
import { DRIVERS, POSTGRES_URL } from './support/db';
import { manyShown, REPO_ROOT } from './support/events';
import { packText } from './support/packs';
import { pgliteTemplate } from './support/pglite-template';

/**
 * hub/scripts/backup.sh and restore.sh on a hub with tokens (one made by the CLI's function, one
 * through the API), events, two published packs and its signing key: the hub restored into a new
 * data directory (and, on PostgreSQL, a new database) serves the same latest pack byte for byte,
 * accepts the same tokens, lists the same events, and signs its next publication with the same key.
 */

const SCRIPTS = path.join(REPO_ROOT, 'hub/scripts');

function script(name: string, env: Record<string, string | undefined>, ...args: string[]) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.HUB_TOKEN_PEPPER;
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  const run = spawnSync('bash', [path.join(SCRIPTS, name), ...args], { env: childEnv, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

async function open(dataDir: string, databaseUrl?: string): Promise<Hub> {
  return openHub(readConfig({ HUB_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }));
}

async function close(hub: Hub): Promise<void> {
  await hub.deps.nhsa?.writer.drain();
  await hub.db.close();
}

function call(hub: Hub, token: string, method: string, route: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    hub.app.request(`/api/v1${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

interface Seen {
  latest: string;
  etag: string | null;
  tokens: string;
  eventIds: string[];
  keyId: string;
}

async function look(hub: Hub, tokens: { admin: string; workstation: string }): Promise<Seen> {
  const latest = await call(hub, tokens.workstation, 'GET', '/packs/latest');
  expect(latest.status).toBe(200);
  const listed = await call(hub, tokens.admin, 'GET', '/tokens');
  expect(listed.status).toBe(200);
  const events = (await (await call(hub, tokens.admin, 'GET', '/events?limit=500')).json()) as { events: { id: string }[] };
  const keys = (await (await call(hub, tokens.workstation, 'GET', '/keys')).json()) as { current: { keyId: string } };
  return { latest: await latest.text(), etag: latest.headers.get('etag'), tokens: await listed.text(), eventIds: events.events.map((e) => e.id).sort(), keyId: keys.current.keyId };
}

/** Tokens, events and two packs published with the hub's own key; returns the tokens. */
async function seed(hub: Hub): Promise<{ admin: string; workstation: string }> {
  const admin = (await createToken(hub.db, hub.deps.pepper, { role: 'admin', label: '信息科' })).token;
  const created = await call(hub, admin, 'POST', '/tokens', { role: 'workstation', label: '门诊1诊室' });
  expect(created.status).toBe(201);
  const workstation = ((await created.json()) as { token: string }).token;
  const upload = await call(hub, workstation, 'POST', '/events', { events: manyShown(40) });
  expect(await upload.json()).toMatchObject({ accepted: 40 });
  for (const [version, changelog] of [['2026.12.1', '首版'], ['2026.12.2', '增加规则']] as const) {
    const published = await call(hub, admin, 'POST', '/packs/drafts/publish', { pack: packText(version, version.endsWith('1') ? 5 : 8), changelog });
    expect(published.status).toBe(201);
  }
  return { admin, workstation };
}

async function expectSameHub(restored: Hub, before: Seen, tokens: { admin: string; workstation: string }): Promise<void> {
  const after = await look(restored, tokens);
  expect(after.latest).toBe(before.latest);
  expect(after.etag).toBe(before.etag);
  expect(after.tokens).toBe(before.tokens);
  expect(after.eventIds).toEqual(before.eventIds);
  expect(after.keyId).toBe(before.keyId);
  // The private half came back too: the next publication is signed with the key the workstations trust.
  const next = await call(restored, tokens.admin, 'POST', '/packs/drafts/publish', { pack: packText('2026.12.3', 9), changelog: '恢复后发布' });
  expect(next.status).toBe(201);
  const envelope = await (await call(restored, tokens.workstation, 'GET', '/packs/latest')).text();
  const keys = (await (await call(restored, tokens.workstation, 'GET', '/keys')).json()) as { current: unknown };
  const trusted = await importTrustedKey(keys.current);
  if (!trusted.ok) throw new Error(trusted.error);
  const verdict = await acceptPack(envelope, { trustedKeys: [trusted.value], now: new Date() });
  expect(verdict.ok && verdict.pack.version).toBe('2026.12.3');
  expect(verdict.ok && verdict.keyId).toBe(before.keyId);
}

describe('backup and restore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hub-backup-'));
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const fn of cleanups.reverse()) await fn();
    rmSync(root, { recursive: true, force: true });
  });

  it('restores a PGlite hub, refusing to copy it while it runs and to restore over a hub', async () => {
    const source = path.join(root, 'pglite-source');
    // A new data directory from the template (initdb takes seconds), as the hub would make it.
    const db = await openPglite(pgliteDir(source), { template: await pgliteTemplate() });
    await migrate(db);
    await db.close();
    let hub = await open(source);
    cleanups.push(() => close(hub));
    const tokens = await seed(hub);
    const before = await look(hub, tokens);

    const archive = path.join(root, 'pglite.tar.gz');
    const busy = script('backup.sh', { HUB_DATA_DIR: source }, '-o', archive);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`正被进程 ${process.pid} 使用`);

    await close(hub);
    // Another container's hub on the same volume cannot be seen from here: taken as running.
    const lock = path.join(source, 'hub.lock');
    writeFileSync(lock, '1\n99\n2026-12-01T00:00:00Z\npid:[1]\nother-container\n');
    expect(script('backup.sh', { HUB_DATA_DIR: source }, '-o', archive).stderr).toContain('正被进程 1 使用（中心端在运行，主机 other-container）');
    // A lock left by a hub that was killed is taken over.
    writeFileSync(lock, `${spawnSync(process.execPath, ['-e', '0']).pid}\n1\n`);
    const backup = script('backup.sh', { HUB_DATA_DIR: source }, '-o', archive);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toBe(archive);
    const listing = execFileSync('tar', ['-tzvf', archive], { encoding: 'utf8' });
    expect(listing).toMatch(/^-rw------- .* data\/pack-signing\/key-[0-9a-f]+\.private\.jwk$/m);
    expect(listing).toMatch(/ data\/token-pepper$/m);
    expect(listing).not.toMatch(/hub\.lock/);
    expect(existsSync(lock), 'released after the copy').toBe(false);

    const target = path.join(root, 'pglite-restored');
    const restore = script('restore.sh', { HUB_DATA_DIR: target }, archive);
    expect(restore.status, restore.stderr).toBe(0);
    expect(script('restore.sh', { HUB_DATA_DIR: target }, archive).stderr).toContain('不为空');
    expect(script('restore.sh', { HUB_DATA_DIR: path.join(root, 'x'), DATABASE_URL: 'postgres://h/db' }, archive).stderr).toContain('不要设置 DATABASE_URL');

    hub = await open(target);
    await expectSameHub(hub, before, tokens);
    // The pepper came back as it was (without it no token would authenticate).
    expect(loadPepper(target, undefined).equals(loadPepper(source, undefined))).toBe(true);
  }, 180_000);

  it.skipIf(!DRIVERS.includes('postgres'))('restores a PostgreSQL hub into a new database while the source keeps running', async () => {
    const server = new URL(POSTGRES_URL!);
    const names = { source: `hub_bk_src_${process.pid}`, target: `hub_bk_dst_${process.pid}` };
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const urlOf = (db: string) => Object.assign(new URL(server.href), { pathname: `/${db}` }).href;
    for (const name of Object.values(names)) {
      await admin(`CREATE DATABASE ${name}`);
      cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
    const sourceDir = path.join(root, 'pg-source');
    const hub = await open(sourceDir, urlOf(names.source));
    cleanups.push(() => close(hub));
    const tokens = await seed(hub);
    const before = await look(hub, tokens);

    const archive = path.join(root, 'pg.tar.gz');
    const backup = script('backup.sh', { HUB_DATA_DIR: sourceDir, DATABASE_URL: urlOf(names.source) }, '-o', archive);
    expect(backup.status, backup.stderr).toBe(0);
    const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' });
    expect(listing).toContain('database.dump');
    expect(listing).not.toContain('data/pglite');

    const targetDir = path.join(root, 'pg-restored');
    expect(script('restore.sh', { HUB_DATA_DIR: targetDir }, archive).stderr).toContain('DATABASE_URL');
    const restore = script('restore.sh', { HUB_DATA_DIR: targetDir, DATABASE_URL: urlOf(names.target) }, archive);
    expect(restore.status, restore.stderr).toBe(0);
    expect(script('restore.sh', { HUB_DATA_DIR: path.join(root, 'pg-again'), DATABASE_URL: urlOf(names.target) }, archive).stderr).toContain('已有');

    const restored = await open(targetDir, urlOf(names.target));
    cleanups.push(() => close(restored));
    await expectSameHub(restored, before, tokens);
  }, 180_000);
});
