/**
 * `npm run bench:hub`: the hub's ingest rate over HTTP (batches of 500, a few in flight, as
 * workstations send them) and the dashboard aggregates over a million synthetic events, on
 * PGlite and — when DATABASE_URL or HUB_TEST_DATABASE_URL names one — on a PostgreSQL server
 * (`bash hub/scripts/start-test-postgres.sh` starts a throwaway one). Prints figures against the
 * targets (≥ 5,000 events/s on PostgreSQL; aggregates ≤ 500 ms); a missed target never fails the
 * run. Options: --events N (default 1,000,000), --upload N (events uploaded, default 50,000),
 * --skip-pglite, --skip-postgres. Writes artifacts/bench-hub.json.
 */
import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createToken } from '../hub/src/auth/tokens';
import type { Db } from '../hub/src/db/db';
import { migrate } from '../hub/src/db/migrate';
import { openPglite } from '../hub/src/db/pglite';
import { openPostgres } from '../hub/src/db/postgres';
import { listEvents } from '../hub/src/events/list';
import { listOrders } from '../hub/src/review/orders';
import { createApp } from '../hub/src/http/app';
import { dailyTrend, overrideRates, overrideReasons, summary, topRules } from '../hub/src/stats/queries';
import { heading, table, targetLine, type Target } from './report';
import { generateEvents, loadRules, uploadBatch, type BenchRule } from './hub-synthetic';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const BATCH = 500;
const IN_FLIGHT = 4;
const INGEST_TARGET = 5_000;
const AGGREGATE_TARGET_MS = 500;
const RUNS = 5;
const TIME_ZONE = 'Asia/Shanghai';
const END = new Date('2026-11-25T00:00:00+08:00');

interface IngestFigure {
  events: number;
  seconds: number;
  perSecond: number;
}

interface QueryFigure {
  name: string;
  window: string;
  medianMs: number;
  maxMs: number;
  rows: number;
}

interface DriverFigures {
  driver: 'pglite' | 'postgres';
  ingest: IngestFigure;
  generatedEvents: number;
  generateSeconds: number;
  queries: QueryFigure[];
}

async function measureIngest(db: Db, rules: readonly BenchRule[], events: number): Promise<IngestFigure> {
  await migrate(db);
  const pepper = randomBytes(32);
  const token = (await createToken(db, pepper, { role: 'workstation', label: 'bench' })).token;
  const app = createApp({ db, pepper, trustedKeys: [], config: { corsOrigins: [], timeZone: TIME_ZONE, maxBodyBytes: 1024 * 1024, maxPackBytes: 1024 * 1024 } });
  const { server, base } = await listen(app.fetch);
  const runId = randomBytes(4).toString('hex');
  const batches = Math.ceil(events / BATCH);
  // Bodies are serialised before the clock starts: the figure is the hub's, not the client's.
  const bodies = Array.from({ length: batches }, (_, b) => JSON.stringify({ events: uploadBatch(rules, b, BATCH, runId) }));
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches) {
        const body = bodies[next++]!;
        const response = await fetch(`${base}/api/v1/events`, { method: 'POST', headers, body });
        if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
        accepted += ((await response.json()) as { accepted: number }).accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => server.close(resolve));
  if (accepted !== batches * BATCH) throw new Error(`accepted ${accepted} of ${batches * BATCH}`);
  return { events: accepted, seconds, perSecond: accepted / seconds };
}

function listen(fetchHandler: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; base: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve({ server, base: `http://127.0.0.1:${info.port}` }));
  });
}

async function time(name: string, window: string, run: () => Promise<unknown[]>): Promise<QueryFigure> {
  const samples: number[] = [];
  let rows = 0;
  await run(); // warm the cache and the plan
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    rows = (await run()).length;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, window, medianMs: samples[Math.floor(samples.length / 2)]!, maxMs: samples.at(-1)!, rows };
}

async function measureAggregates(db: Db): Promise<QueryFigure[]> {
  const year = {};
  const month = { from: new Date(END.getTime() - 30 * 86_400_000).toISOString(), to: END.toISOString() };
  const figures: QueryFigure[] = [];
  for (const [window, filters] of [
    ['all (1 year)', year],
    ['last 30 days', month],
  ] as const) {
    const q = { ...filters, limit: 20 };
    figures.push(await time('summary by type', window, async () => Object.keys((await summary(db, filters)).byType)));
    figures.push(await time('daily trend', window, () => dailyTrend(db, filters, TIME_ZONE)));
    figures.push(await time('top 20 rules', window, () => topRules(db, q)));
    figures.push(await time('override rate by rule', window, () => overrideRates(db, 'rule', q)));
    figures.push(await time('override rate by department', window, () => overrideRates(db, 'department', q)));
    figures.push(await time('override rate by doctor', window, () => overrideRates(db, 'prescriber', q)));
    figures.push(await time('override reasons', window, () => overrideReasons(db, q)));
    figures.push(await time('event list, first page (儿科, continued)', window, async () => (await listEvents(db, { ...filters, department: '儿科', decision: 'continued', limit: 100 })).events));
    figures.push(await time('prescription list, first page', window, async () => (await listOrders(db, { ...filters, limit: 50 })).orders));
    figures.push(await time('prescription list, first page (儿科, unjudged)', window, async () => (await listOrders(db, { ...filters, department: '儿科', verdict: 'none', limit: 50 })).orders));
  }
  return figures;
}

async function runDriver(driver: 'pglite' | 'postgres', open: () => Promise<{ db: Db; dispose: () => Promise<void> }>, rules: readonly BenchRule[], options: { events: number; upload: number }): Promise<DriverFigures> {
  console.log(heading(driver === 'pglite' ? 'PGlite (embedded, data directory on disk)' : 'PostgreSQL server'));
  const { db, dispose } = await open();
  try {
    console.log(`  uploading ${options.upload.toLocaleString('en-US')} events over HTTP in batches of ${BATCH}, ${IN_FLIGHT} in flight…`);
    const ingest = await measureIngest(db, rules, options.upload);
    console.log(`  ${Math.round(ingest.perSecond).toLocaleString('en-US')} events/s (${ingest.seconds.toFixed(1)} s)`);
    await db.exec('TRUNCATE events CASCADE');
    console.log(`  generating ${options.events.toLocaleString('en-US')} synthetic events…`);
    const started = performance.now();
    await generateEvents(db, rules, options.events, END);
    const generateSeconds = (performance.now() - started) / 1000;
    console.log(`  generated in ${generateSeconds.toFixed(1)} s; timing aggregates (median of ${RUNS} after a warm-up)`);
    const queries = await measureAggregates(db);
    console.log(table(['query', 'window', 'median ms', 'max ms', 'rows'], queries.map((q) => [q.name, q.window, q.medianMs, q.maxMs, q.rows])));
    return { driver, ingest, generatedEvents: options.events, generateSeconds, queries };
  } finally {
    await dispose();
  }
}

async function openBenchPglite(): Promise<{ db: Db; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-bench-'));
  const db = await openPglite(dir);
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openBenchPostgres(url: string): Promise<{ db: Db; dispose: () => Promise<void> }> {
  const schema = `hub_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(url, { searchPath: schema });
  return {
    db,
    async dispose() {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      upload: { type: 'string', default: '50000' },
      'skip-pglite': { type: 'boolean', default: false },
      'skip-postgres': { type: 'boolean', default: false },
    },
  });
  const options = { events: Number(values.events), upload: Number(values.upload) };
  const rules = loadRules(REPO_ROOT).filter((r) => r.code !== '');
  const url = process.env.DATABASE_URL ?? process.env.HUB_TEST_DATABASE_URL;
  const one = loadavg()[0] ?? 0;
  console.log(`hub benchmark — ${rules.length} real rules, load average ${one.toFixed(1)} on ${availableParallelism()} cores${one > availableParallelism() ? ' (machine busy: figures are pessimistic)' : ''}`);

  const results: DriverFigures[] = [];
  if (!values['skip-pglite']) results.push(await runDriver('pglite', openBenchPglite, rules, options));
  if (!values['skip-postgres']) {
    if (url) results.push(await runDriver('postgres', () => openBenchPostgres(url), rules, options));
    else console.log('\nno DATABASE_URL / HUB_TEST_DATABASE_URL: PostgreSQL skipped (start one with: bash hub/scripts/start-test-postgres.sh)');
  }

  console.log(heading('Targets'));
  const targets: Target[] = [];
  for (const r of results) {
    targets.push({
      name: `ingest on ${r.driver}`,
      figure: `${Math.round(r.ingest.perSecond).toLocaleString('en-US')} events/s`,
      target: r.driver === 'postgres' ? `≥ ${INGEST_TARGET.toLocaleString('en-US')} events/s` : 'none (embedded)',
      ok: r.driver !== 'postgres' || r.ingest.perSecond >= INGEST_TARGET,
    });
    const slowest = r.queries.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    targets.push({
      name: `slowest aggregate on ${r.driver} over ${r.generatedEvents.toLocaleString('en-US')} events`,
      figure: `${slowest.medianMs.toFixed(0)} ms (${slowest.name}, ${slowest.window})`,
      target: `≤ ${AGGREGATE_TARGET_MS} ms`,
      ok: slowest.medianMs <= AGGREGATE_TARGET_MS,
    });
  }
  for (const t of targets) console.log(targetLine(t));

  mkdirSync(path.join(REPO_ROOT, 'artifacts'), { recursive: true });
  writeFileSync(path.join(REPO_ROOT, 'artifacts/bench-hub.json'), `${JSON.stringify({ at: new Date().toISOString(), loadAverage: one, results, targets }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
