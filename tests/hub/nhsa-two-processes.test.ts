import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPageSchema } from '../../contract/review/events';
import { createToken } from '../../hub/src/auth/tokens';
import { migrate } from '../../hub/src/db/migrate';
import { openPostgres } from '../../hub/src/db/postgres';
import { startChildHub, type ChildHub } from './support/child-hub';
import { POSTGRES_URL } from './support/db';
import { Answer3101Schema, Answer3103Schema, envelope, fixtureRequest, signedDemoPack } from './support/nhsa';
import { newSigningKey, type SigningKey } from './support/packs';

/**
 * A hospital group's set-up: two hub processes (`hub/src/main.ts`, as `npm run hub` starts them)
 * on one PostgreSQL database, as behind a load balancer. Either answers 3101 with the same pack
 * and logs to the same tables; a 3103 sent to one finds the findings the other answered; a pack
 * published through one is in force in the other within its poll interval. Needs a server
 * (HUB_TEST_DATABASE_URL): PGlite is one process by construction.
 */

const REFRESH_MS = 200;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!POSTGRES_URL)('two hub processes on one PostgreSQL database', () => {
  const database = `hub_two_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-two-'));
  const hubs: ChildHub[] = [];
  let url = '';
  let key: SigningKey;
  const tokens = { workstation: '', office: '', quality: '' };

  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const target = new URL(POSTGRES_URL!);
    target.pathname = `/${database}`;
    url = target.toString();
    const pepper = randomBytes(24).toString('hex');
    const db = await openPostgres(url);
    await migrate(db);
    tokens.workstation = (await createToken(db, Buffer.from(pepper), { role: 'workstation', label: 'HIS 门诊收费' })).token;
    tokens.office = (await createToken(db, Buffer.from(pepper), { role: 'insurance-office', label: '医保办' })).token;
    tokens.quality = (await createToken(db, Buffer.from(pepper), { role: 'quality', label: '质控科' })).token;
    await db.close();
    key = await newSigningKey();
    const keysFile = path.join(dir, 'trusted-keys.json');
    writeFileSync(keysFile, JSON.stringify(key.publicKey));
    const env = { DATABASE_URL: url, HUB_TOKEN_PEPPER: pepper, HUB_TRUSTED_KEYS_FILE: keysFile, HUB_PACK_REFRESH_MS: String(REFRESH_MS) };
    hubs.push(...(await Promise.all([startChildHub(env), startChildHub(env)])));
  }, 180_000);

  afterAll(async () => {
    for (const hub of hubs) hub.process.kill('SIGKILL');
    await Promise.all(hubs.map((hub) => hub.exited));
    rmSync(dir, { recursive: true, force: true });
    if (url) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  const post = (hub: ChildHub, infno: string, body: unknown) =>
    fetch(`${hub.base}/api/v1/nhsa/${infno}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.workstation}`, 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(body),
    });
  let checks = 0;
  const check = async (hub: ChildHub, body = envelope('3101', fixtureRequest().input.data)) => {
    checks++;
    const response = await post(hub, '3101', body);
    return { version: response.headers.get('x-pack-version'), answer: Answer3101Schema.parse(await response.json()) };
  };
  const publish = async (hub: ChildHub, version: string, select?: (rule: { id: string }) => boolean) => {
    const response = await fetch(`${hub.base}/api/v1/packs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.office}`, 'Content-Type': 'application/json' },
      body: await signedDemoPack(version, key, select),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  const inForce = (hub: ChildHub, version: string) =>
    until(`${version} on ${hub.base}`, async () => ((await check(hub)).version === version ? true : undefined));

  it('serve the same pack, log to the same tables, and take a pack published through either', async () => {
    const [a, b] = hubs as [ChildHub, ChildHub];
    const withoutSex = (rule: { id: string }) => rule.id !== 'nhsa-r81-sex-尿妊娠试验';
    await publish(a, '2026.11.1', withoutSex);
    await inForce(a, '2026.11.1');
    await inForce(b, '2026.11.1');

    // A load balancer's round robin: the same request to either process, the same answer.
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => check(i % 2 === 0 ? a : b)));
    for (const { answer, version } of answers) {
      expect(version).toBe('2026.11.1');
      expect(answer.output).toEqual(answers[0]!.answer.output);
    }

    // The disposition reaches the other process, which finds the finding in the shared log.
    const first = answers[0]!.answer.output!.result[0]!;
    const feedback = Answer3103Schema.parse(await (await post(b, '3103', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: first.jr_id, dspo_way: '2' }] }))).json());
    expect(feedback).toMatchObject({ infcode: 0, output: { recorded: 1 } });

    // Every check either process answered so far (the polls above included), once: each answer
    // followed its commit, so all of them are there now, read through either process.
    const perCheck = answers[0]!.answer.output!.result.length + 3;
    const list = await fetch(`${a.base}/api/v1/events?source=his-3101&limit=500`, { headers: { Authorization: `Bearer ${tokens.quality}` } });
    const events = EventPageSchema.parse(await list.json()).events;
    expect(events.filter((e) => e.event.type !== 'decision' && e.event.type !== 'review')).toHaveLength(checks * perCheck);
    expect(events.filter((e) => e.event.type === 'decision')).toHaveLength(1);
    expect(new Set(events.map((e) => e.workstation.label))).toEqual(new Set(['HIS 门诊收费']));

    // Published through the other process: in force in both, this one within its poll interval.
    await publish(b, '2026.11.2');
    expect((await check(b)).version).toBe('2026.11.2');
    const switched = Date.now();
    await inForce(a, '2026.11.2');
    const rules = (await check(a)).answer.output!.result.map((r) => r.rule_id);
    expect(rules).toContain('nhsa-r81-sex-尿妊娠试验');
    // Poll interval plus verifying and compiling the 2,490-rule demo pack, on a shared machine.
    expect(Date.now() - switched).toBeLessThan(REFRESH_MS + 15_000);
  }, 120_000);
});
