import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../contract/roles';
import { DRIVERS, itOnce, OPEN_TIMEOUT_MS } from './support/db';
import { findingShown, realRules } from './support/events';
import { ROLES, startTestHub, type TestHub } from './support/hub';
import { newSigningKey, signedPack, type SigningKey } from './support/packs';
import { signWithdrawal } from '../../rules/pack/withdrawal';
import { encodeOrderKey } from '../../contract/review/orders';

/**
 * Every endpoint × every role, plus no token, a malformed token, an unknown token, a token with a
 * wrong secret and a revoked token. The expected matrix is written out here by hand, not derived
 * from the hub's own permission table, so a wrong grant in the hub fails this test.
 */

type Who = Role | 'none' | 'malformed' | 'unknown' | 'wrong-secret' | 'revoked';

interface Endpoint {
  name: string;
  method: string;
  path: (h: TestHub) => string;
  body?: (h: TestHub) => Promise<unknown> | unknown;
  allowed: Role[];
}

const EVERYONE: Role[] = ['workstation', 'quality', 'insurance-office', 'admin'];
const rule = () => realRules()[0]!;
let seededEventId = '';
let key: SigningKey;
let packCounter = 0;

const ENDPOINTS: Endpoint[] = [
  { name: 'upload events', method: 'POST', path: () => '/api/v1/events', body: () => ({ events: [findingShown(rule())] }), allowed: ['workstation', 'admin'] },
  { name: 'list events', method: 'GET', path: () => '/api/v1/events', allowed: ['quality', 'insurance-office', 'admin'] },
  {
    name: 'record a verdict',
    method: 'POST',
    path: () => `/api/v1/events/${seededEventId}/verdict`,
    body: () => ({ verdict: '误报', comment: '诊断已在外院确认' }),
    allowed: ['quality', 'admin'],
  },
  { name: 'latest pack', method: 'GET', path: () => '/api/v1/packs/latest', allowed: EVERYONE },
  // Earlier envelopes: only who publishes needs them (a workstation only ever takes the latest).
  { name: 'pack by version', method: 'GET', path: () => '/api/v1/packs/2026.11.1', allowed: ['insurance-office', 'admin'] },
  { name: 'pack history', method: 'GET', path: () => '/api/v1/packs', allowed: ['insurance-office', 'admin'] },
  {
    name: 'withdraw a pack',
    method: 'POST',
    path: () => '/api/v1/packs/2026.11.1/withdraw',
    body: () => ({ reason: '版本号输错' }),
    allowed: ['insurance-office', 'admin'],
  },
  // Signed withdrawal notices: every token that reads the latest pack reads them; only who publishes posts one.
  { name: 'withdrawal notices', method: 'GET', path: () => '/api/v1/packs/withdrawals', allowed: EVERYONE },
  {
    name: 'post a withdrawal notice',
    method: 'POST',
    path: () => '/api/v1/packs/withdrawals',
    body: async () => signWithdrawal({ packId: 'demo-nhsa-2026', version: '2026.11.1', withdrawnAt: '2026-11-20T08:00:00+08:00', reason: '版本号输错' }, key.privateJwk),
    allowed: ['insurance-office', 'admin'],
  },
  {
    name: 'publish a pack',
    method: 'POST',
    path: () => '/api/v1/packs',
    body: () => signedPack(`2026.12.${++packCounter}`, key),
    allowed: ['insurance-office', 'admin'],
  },
  {
    name: 'report a rule',
    method: 'POST',
    path: () => '/api/v1/rule-reports',
    body: () => ({ ruleId: rule().id, comment: '该药品适应症已扩大，规则过时' }),
    allowed: ['quality', 'admin'],
  },
  { name: 'list rule reports', method: 'GET', path: () => '/api/v1/rule-reports', allowed: ['insurance-office', 'admin'] },
  { name: 'summary', method: 'GET', path: () => '/api/v1/stats/summary', allowed: ['quality', 'insurance-office', 'admin'] },
  { name: 'daily trend', method: 'GET', path: () => '/api/v1/stats/daily', allowed: ['quality', 'insurance-office', 'admin'] },
  { name: 'top rules', method: 'GET', path: () => '/api/v1/stats/top-rules', allowed: ['quality', 'insurance-office', 'admin'] },
  { name: 'override rate', method: 'GET', path: () => '/api/v1/stats/overrides/department', allowed: ['quality', 'insurance-office', 'admin'] },
  { name: 'override reasons', method: 'GET', path: () => '/api/v1/stats/override-reasons', allowed: ['quality', 'insurance-office', 'admin'] },
  // Review by prescription, names, and the doctor directory the 医保办 keeps (issue #11).
  { name: 'list orders', method: 'GET', path: () => '/api/v1/orders', allowed: ['quality', 'insurance-office', 'admin'] },
  {
    name: 'one order',
    method: 'GET',
    path: (h) => `/api/v1/orders/one?key=${encodeURIComponent(encodeOrderKey([h.tokenIds.workstation, 'rx-20261122-001', '']))}`,
    allowed: ['quality', 'insurance-office', 'admin'],
  },
  { name: 'names', method: 'POST', path: () => '/api/v1/names', body: () => ({ rules: [rule().id], prescribers: ['D0012'] }), allowed: ['quality', 'insurance-office', 'admin'] },
  { name: 'doctor directory', method: 'GET', path: () => '/api/v1/prescribers', allowed: ['insurance-office', 'admin'] },
  {
    name: 'import the doctor directory',
    method: 'POST',
    path: () => '/api/v1/prescribers/import',
    body: () => ({ csv: '医生编号,姓名,科室\r\nD0012,王芳,儿科\r\n' }),
    allowed: ['insurance-office', 'admin'],
  },
  { name: 'list tokens', method: 'GET', path: () => '/api/v1/tokens', allowed: ['admin'] },
  { name: 'create a token', method: 'POST', path: () => '/api/v1/tokens', body: () => ({ role: 'workstation', label: '门诊5诊室' }), allowed: ['admin'] },
  { name: 'revoke a token', method: 'DELETE', path: (h) => `/api/v1/tokens/${h.otherWorkstation.id}`, allowed: ['admin'] },
];

const CALLERS: Who[] = [...ROLES, 'none', 'malformed', 'unknown', 'wrong-secret', 'revoked'];

function tokenOf(h: TestHub, who: Who): string | undefined {
  switch (who) {
    case 'none':
      return undefined;
    case 'malformed':
      return 'not-a-token';
    case 'unknown':
      return `pfh_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    case 'wrong-secret':
      // The admin token's id with another secret: the row exists, the hash does not match.
      return `pfh_${h.tokenIds.admin}_${'B'.repeat(43)}`;
    case 'revoked':
      return h.revoked;
    default:
      return h.tokens[who];
  }
}

describe.each(DRIVERS)('auth on %s', (driver) => {
  // A refusal, and a request refused for its form, is decided before the endpoint touches the
  // database: those run on PGlite only (support/db.ts). What a granted call does runs on both.
  const itDecidedFirst = itOnce(driver);
  let h: TestHub;
  beforeAll(async () => {
    key = await newSigningKey();
    h = await startTestHub(driver, { trustedKeys: [key.trusted] });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  // The seeded state below is made again only after a test that may have changed it. A refusal is
  // checked to change nothing (the counts), so after one the next test starts from the state as is.
  let untouched = false;
  beforeEach(async () => {
    if (untouched) {
      untouched = false;
      return;
    }
    await h.reset();
    await h.deps.db.query("UPDATE tokens SET revoked_at = NULL WHERE label = '门诊3诊室'");
    const seeded = findingShown(rule());
    seededEventId = seeded.id;
    const upload = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: [seeded] } });
    expect(upload.status).toBe(200);
    const publish = await h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body: await signedPack('2026.11.1', key) });
    expect(publish.status).toBe(201);
  });

  for (const endpoint of ENDPOINTS) {
    for (const who of CALLERS) {
      const granted = (ROLES as Who[]).includes(who) && endpoint.allowed.includes(who as Role);
      const expected = granted ? 'allowed' : (ROLES as Who[]).includes(who) ? '403' : '401';
      (granted ? it : itDecidedFirst)(`${endpoint.name} as ${who}: ${expected}`, async () => {
        const before = await counts(h);
        const body = endpoint.body ? await endpoint.body(h) : undefined;
        const response = await h.call(endpoint.method, endpoint.path(h), { token: tokenOf(h, who), body });
        const text = await response.text();
        if (granted) {
          expect(response.status, text).toBeGreaterThanOrEqual(200);
          expect(response.status, text).toBeLessThan(300);
          return;
        }
        expect(response.status, text).toBe(expected === '403' ? 403 : 401);
        if (expected === '401') expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
        // A refusal carries an error and nothing else: no events, packs, tokens or figures.
        expect(Object.keys(JSON.parse(text)).sort()).toEqual(['error', 'message']);
        expect(text).not.toContain(seededEventId);
        expect(text).not.toContain('preflight-signed-pack');
        // …and changed nothing.
        expect(await counts(h)).toEqual(before);
        untouched = true;
      });
    }
  }

  it('stores tokens only as peppered hashes', async () => {
    const rows = await h.deps.db.query<{ id: string; secret_hash: string }>('SELECT id, secret_hash FROM tokens');
    for (const role of ROLES) {
      const [, id] = /^pfh_([0-9a-f]{16})_/.exec(h.tokens[role])!;
      const secret = secretOf(h.tokens[role]);
      const row = rows.rows.find((r) => r.id === id)!;
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_hash).not.toContain(secret);
      // Not a bare SHA-256 either: without the pepper a stolen table cannot be checked against guesses.
      expect(row.secret_hash).not.toBe(createHash('sha256').update(secret).digest('hex'));
      // HMAC-SHA256 of the secret under the pepper, exactly.
      expect(row.secret_hash).toBe(createHmac('sha256', h.deps.pepper).update(secret, 'utf8').digest('hex'));
    }
    const dump = JSON.stringify((await h.deps.db.query('SELECT * FROM tokens')).rows);
    for (const role of ROLES) expect(dump).not.toContain(secretOf(h.tokens[role]));
  });

  it('issues a token once, which then works for its role, until it is revoked', async () => {
    const created = await h.call('POST', '/api/v1/tokens', { token: h.tokens.admin, body: { role: 'quality', label: '质控科 王' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const issued = (await created.json()) as { id: string; token: string; role: string };
    expect(issued.role).toBe('quality');
    expect((await h.call('GET', '/api/v1/events', { token: issued.token })).status).toBe(200);
    expect((await h.call('POST', '/api/v1/events', { token: issued.token, body: { events: [findingShown(rule())] } })).status).toBe(403);

    const listed = (await (await h.call('GET', '/api/v1/tokens', { token: h.tokens.admin })).json()) as { tokens: Record<string, unknown>[] };
    const entry = listed.tokens.find((t) => t.id === issued.id)!;
    expect(entry).toMatchObject({ role: 'quality', label: '质控科 王', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secretOf(issued.token));

    expect((await h.call('DELETE', `/api/v1/tokens/${issued.id}`, { token: h.tokens.admin })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/events', { token: issued.token })).status).toBe(401);
    expect((await h.call('DELETE', `/api/v1/tokens/${issued.id}`, { token: h.tokens.admin })).status).toBe(404);
  });

  itDecidedFirst('refuses a token of an invalid role or without a label', async () => {
    const badRole = await h.call('POST', '/api/v1/tokens', { token: h.tokens.admin, body: { role: 'superuser', label: 'x' } });
    expect(badRole.status).toBe(400);
    expect(((await badRole.json()) as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['role']);
    const noLabel = await h.call('POST', '/api/v1/tokens', { token: h.tokens.admin, body: { role: 'workstation', label: '  ' } });
    expect(noLabel.status).toBe(400);
  });

  itDecidedFirst('accepts only the Bearer scheme', async () => {
    const basic = await h.app.request('/api/v1/events', { headers: { Authorization: `Basic ${h.tokens.admin}` } });
    expect(basic.status).toBe(401);
    const lower = await h.app.request('/api/v1/events', { headers: { Authorization: `bearer ${h.tokens.admin}` } });
    expect(lower.status).toBe(401);
  });

  itDecidedFirst('answers CORS requests from the configured extension origin only', async () => {
    const extension = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const withCors = h.variant({ corsOrigins: [extension] });
    const preflight = (origin: string) =>
      withCors.app.request('/api/v1/events', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    const allowed = await preflight(extension);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(extension);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    const read = await withCors.call('GET', '/api/v1/events', { token: h.tokens.quality, headers: { Origin: 'https://evil.example.com' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    // Without configured origins no CORS headers are sent at all.
    const plain = await h.call('GET', '/api/v1/events', { token: h.tokens.quality, headers: { Origin: extension } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});


/** The secret part of a token; it is base64url, so it may itself contain underscores. */
function secretOf(token: string): string {
  return /^pfh_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(token)![1]!;
}

async function counts(h: TestHub): Promise<Record<string, number>> {
  const result = await h.deps.db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM packs)::int AS packs,
            (SELECT count(*) FROM packs WHERE withdrawn_at IS NOT NULL)::int AS withdrawn,
            (SELECT count(*) FROM packs WHERE withdrawal_notice IS NOT NULL)::int AS notices,
            (SELECT count(*) FROM verdicts)::int AS verdicts, (SELECT count(*) FROM rule_reports)::int AS reports,
            (SELECT count(*) FROM tokens)::int AS tokens, (SELECT count(*) FROM tokens WHERE revoked_at IS NOT NULL)::int AS revoked,
            (SELECT count(*) FROM prescribers)::int AS prescribers`,
  );
  return result.rows[0]!;
}
