/**
 * `npm run bench:service`: the hub's 3101 service under load — requests/s and latency (p50, p90,
 * p99) at 1, 8 and 32 concurrent callers, each request a 20-line order as a HIS sends it, checked
 * with a national-size signed pack (50,000 rules made from real ones, bench/scale-pack.ts) and
 * logged to the flag log as in production. The hub is the real server (`hub/src/main.ts`) in a
 * child process, on PGlite and — when DATABASE_URL or HUB_TEST_DATABASE_URL names one — on a
 * PostgreSQL server (a database of its own, dropped afterwards). Figures are printed against the
 * target p99 ≤ 20 ms; a miss never fails the run. Besides latency: the hub's CPU time per request, and
 * a local PostgreSQL server's (all its processes), read from /proc. Options: --rules N, --seconds N (per level),
 * --clients 1,8,32, --skip-pglite, --skip-postgres,
 * --cpu-prof DIR (a V8 CPU profile of each hub child, written when it stops). Writes artifacts/bench-service.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createToken } from '../hub/src/auth/tokens';
import type { Db } from '../hub/src/db/db';
import { migrate } from '../hub/src/db/migrate';
import { pgliteDir } from '../hub/src/db/open';
import { openPglite } from '../hub/src/db/pglite';
import { openPostgres } from '../hub/src/db/postgres';
import { compilePack } from '../rules/engine/compile';
import { orderTo3101 } from '../rules/interop/order-to-3101';
import { generateSigningKeys, serializeSignedPack, signPayload } from '../rules/pack/signature';
import { loadBasePack, REPO_ROOT } from './base-pack';
import { heading, table, targetLine, type Target } from './report';
import { scalePack } from './scale-pack';
import { buildScenario, ordersOf } from './scenario';
import { runLoad, type LoadFigure } from './service-load';

const SEED = 20261122;
const P99_TARGET_MS = 20;

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '1,8,32' },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of each hub child into this directory (node --cpu-prof). */
    'cpu-prof': { type: 'string' },
  },
});
const RULES = Number(args.rules);
const SECONDS = Number(args.seconds);
const CLIENTS = args.clients.split(',').map(Number);

const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');

interface DriverResult {
  driver: 'pglite' | 'postgres';
  publishSeconds: number;
  figures: LoadFigure[];
  eventsLogged: number;
}

interface Setup {
  env: Record<string, string>;
  db: () => Promise<Db>;
  cleanup: () => Promise<void>;
  /** CPU milliseconds the database server has used, when it runs on this machine. */
  databaseCpuMs?: () => number | undefined;
}

/**
 * CPU time (user + system, every thread) a process has used, from /proc on Linux; undefined
 * elsewhere. Clock ticks are 1/100 s on Linux: over seconds of load that is precise enough.
 */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function cpuMsOf(pid: number | undefined): number | undefined {
  const fields = pid === undefined ? undefined : statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * A local PostgreSQL server's CPU time: the postmaster's, its children's (backends, WAL writer,
 * checkpointer …), and that of children already gone (the postmaster's reaped-children time).
 */
function postgresCpuMs(postmaster: number): number | undefined {
  const own = statFields(postmaster);
  if (!own) return undefined;
  let ms = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * 10;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmaster) ms += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return ms;
}

function startHub(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HUB_PORT: '0', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args['cpu-prof'])] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'hub/src/main.ts'], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, base: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${output}`)));
  });
}

async function pgliteSetup(): Promise<Setup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-service-'));
  return {
    env: { HUB_DATA_DIR: dir },
    db: () => openPglite(pgliteDir(dir)),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresSetup(url: string): Promise<Setup> {
  const database = `bench_service_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${database}`);
  const target = new URL(url);
  target.pathname = `/${database}`;
  // The server's processes, when it runs here: a backend's parent is the postmaster.
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  let postmaster = Number.NaN;
  try {
    const backend = Number((await probe.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    // Read while the backend lives: it ends with the connection.
    postmaster = Number(statFields(backend)?.[1]);
  } finally {
    await probe.end();
  }
  return {
    env: { DATABASE_URL: target.toString() },
    db: () => openPostgres(target.toString()),
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    ...(Number.isInteger(postmaster) && postmaster > 1 ? { databaseCpuMs: () => postgresCpuMs(postmaster) } : {}),
  };
}

async function runDriver(driver: DriverResult['driver'], setup: Setup, envelope: string, keysFile: string, bodies: readonly string[]): Promise<DriverResult> {
  console.log(heading(driver === 'pglite' ? 'PGlite (embedded, data directory on disk)' : 'PostgreSQL server'));
  const pepper = randomBytes(24).toString('hex');
  const db = await setup.db();
  await migrate(db);
  const workstation = (await createToken(db, Buffer.from(pepper), { role: 'workstation', label: 'HIS bench' })).token;
  const office = (await createToken(db, Buffer.from(pepper), { role: 'insurance-office', label: '医保办 bench' })).token;
  await db.close();
  const { child, base } = await startHub({ ...setup.env, HUB_TOKEN_PEPPER: pepper, HUB_TRUSTED_KEYS_FILE: keysFile, HUB_MAX_BODY_BYTES: String(4 * 1024 * 1024) });
  try {
    // Publishing answers once the pack is verified, stored, and compiled for the service.
    const started = performance.now();
    const published = await fetch(`${base}/api/v1/packs`, { method: 'POST', headers: { Authorization: `Bearer ${office}`, 'Content-Type': 'application/json' }, body: envelope });
    if (published.status !== 201) throw new Error(`publish failed: ${published.status} ${await published.text()}`);
    const publishSeconds = (performance.now() - started) / 1000;
    console.log(`  pack published and compiled for the service in ${publishSeconds.toFixed(1)} s`);
    const figures: LoadFigure[] = [];
    for (const clients of CLIENTS) {
      const figure = await runLoad({
        base,
        token: workstation,
        bodies,
        clients,
        warmupMs: 2000,
        measureMs: SECONDS * 1000,
        serverCpuMs: () => cpuMsOf(child.pid),
        ...(setup.databaseCpuMs ? { databaseCpuMs: setup.databaseCpuMs } : {}),
      });
      const cpu = figure.serverCpuMsPerRequest === undefined ? '' : `, hub CPU ${figure.serverCpuMsPerRequest.toFixed(1)} ms/request`;
      const dbCpu = figure.databaseCpuMsPerRequest === undefined ? '' : `, database CPU ${figure.databaseCpuMsPerRequest.toFixed(1)} ms/request`;
      console.log(`  ${clients} client(s): ${Math.round(figure.perSecond)} req/s, p50 ${figure.p50Ms.toFixed(1)} ms, p99 ${figure.p99Ms.toFixed(1)} ms${cpu}${dbCpu} (load ${load()})`);
      figures.push(figure);
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const check = await setup.db();
    const events = Number((await check.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    await check.close();
    return { driver, publishSeconds, figures, eventsLogged: events };
  } finally {
    child.kill('SIGKILL');
    await setup.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(`Preflight 3101 service bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores`);
  console.log(`load average at start: ${load()}`);
  const base = loadBasePack();
  const pack = scalePack(base.pack, RULES, SEED);
  const scenario = buildScenario(pack, compilePack(pack), SEED);
  const orders = ordersOf(scenario, 20);
  const bodies = orders.map((order) =>
    JSON.stringify({ infno: '3101', msgid: '__MSGID__', infver: 'V1.0', fixmedins_code: 'H99999900001', input: { data: orderTo3101(order).data } }),
  );
  const keys = await generateSigningKeys();
  const envelope = serializeSignedPack(await signPayload(JSON.stringify(pack), keys.privateJwk));
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-service-keys-'));
  const keysFile = path.join(dir, 'trusted.json');
  writeFileSync(keysFile, JSON.stringify(keys.publicKey));
  console.log(`pack: ${pack.rules.length.toLocaleString('en-US')} rules (${(envelope.length / 1024 / 1024).toFixed(1)} MB signed) from ${base.origin}`);
  console.log(`requests: ${bodies.length} distinct 20-line orders as 3101 messages (${Math.round(bodies[0]!.length / 1024)} KB each), cycled; ${SECONDS} s per level after 2 s warm-up`);

  const results: DriverResult[] = [];
  const url = process.env.DATABASE_URL ?? process.env.HUB_TEST_DATABASE_URL;
  try {
    if (!args['skip-pglite']) results.push(await runDriver('pglite', await pgliteSetup(), envelope, keysFile, bodies));
    if (!args['skip-postgres'] && url) results.push(await runDriver('postgres', await postgresSetup(url), envelope, keysFile, bodies));
    else if (!url) console.log('\n(no DATABASE_URL or HUB_TEST_DATABASE_URL: PostgreSQL skipped)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(heading('3101 service: requests/s and latency per concurrency'));
  const rows = results.flatMap((r) =>
    r.figures.map((f) => [
      r.driver,
      f.clients,
      f.requests,
      Math.round(f.perSecond),
      f.p50Ms.toFixed(1),
      f.p90Ms.toFixed(1),
      f.p99Ms.toFixed(1),
      f.maxMs.toFixed(1),
      f.serverCpuMsPerRequest?.toFixed(1) ?? '—',
      f.databaseCpuMsPerRequest?.toFixed(1) ?? (r.driver === 'pglite' ? 'in hub' : '—'),
      f.failures,
    ]),
  );
  console.log(table(['database', 'clients', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'hub CPU ms/req', 'db CPU ms/req', 'failed'], rows));
  const targets: Target[] = results.flatMap((r) =>
    r.figures.map((f) => ({
      name: `${r.driver}, ${f.clients} client(s), 20-line request, ${RULES.toLocaleString('en-US')} rules, p99`,
      figure: `${f.p99Ms.toFixed(1)} ms`,
      target: `≤ ${P99_TARGET_MS} ms`,
      ok: f.p99Ms <= P99_TARGET_MS && f.failures === 0,
    })),
  );
  console.log(heading('Targets (printed, not asserted)'));
  for (const t of targets) console.log(targetLine(t));
  console.log(`\nload average at end: ${load()} on ${availableParallelism()} cores — other processes inflate these latencies`);
  mkdirSync(path.join(REPO_ROOT, 'artifacts'), { recursive: true });
  writeFileSync(path.join(REPO_ROOT, 'artifacts/bench-service.json'), JSON.stringify({ rules: RULES, seconds: SECONDS, loadAverage: loadavg(), results, targets }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
