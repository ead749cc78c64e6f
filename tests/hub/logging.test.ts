import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FailedLogins } from '../../hub/src/auth/failures';
import { createApp } from '../../hub/src/http/app';
import { OPEN_TIMEOUT_MS } from './support/db';
import { findingShown, realRules } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

/**
 * What reaches the server log: failed logins are counted and named by a token id prefix only;
 * a refused or failed upload by record id and reason only, never the free texts of the records.
 */

const FREE_TEXT = '患者张三主诉头痛三日';

describe('the server log', () => {
  let h: TestHub;
  let lines: string[];
  beforeAll(async () => {
    h = await startTestHub('pglite');
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeAll(() => {
    lines = [];
    for (const method of ['log', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
  });
  afterEach(() => {
    lines.length = 0;
  });
  afterAll(() => vi.restoreAllMocks());

  it('counts failed logins and names them by a token id prefix only', async () => {
    const logged: string[] = [];
    const failures = new FailedLogins((line) => logged.push(line));
    const app = createApp({ ...h.deps, failedLogins: failures });
    const [, id, secret] = /^pfh_([0-9a-f]{16})_(.+)$/.exec(h.tokens.admin)!;
    const wrong = `pfh_${id}_${'B'.repeat(43)}`;
    const attempts = [wrong, wrong, h.revoked, 'not-a-token'];
    for (const token of attempts) {
      const response = await app.request('/api/v1/events', { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    }
    expect((await app.request('/api/v1/events', { headers: { Authorization: `Bearer ${h.tokens.admin}` } })).status).toBe(200);
    expect(failures.total).toBe(4);
    expect(failures.byPrefix.get(`pfh_${id!.slice(0, 6)}…`)).toBe(2);
    expect(logged).toHaveLength(4);
    const all = logged.join('\n');
    expect(all).toContain(`pfh_${id!.slice(0, 6)}…`);
    expect(all).toContain('登录失败 #4');
    for (const token of attempts) expect(all).not.toContain(token);
    expect(all).not.toContain(id);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('B'.repeat(10));
  });

  it('logs a refused record by id and field, not by its text', async () => {
    const good = findingShown(realRules()[0]!);
    const bad = { ...findingShown(realRules()[0]!), mode: FREE_TEXT, page: FREE_TEXT };
    const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: [good, bad] } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { rejected: unknown[] }).rejected).toHaveLength(1);
    const all = lines.join('\n');
    expect(all).toContain(bad.id);
    expect(all).toContain('mode');
    expect(all).not.toContain(FREE_TEXT);
    expect(all).not.toContain('张三');
  });

  it('logs a failed batch by record ids and SQLSTATE, never the driver message quoting a value', async () => {
    const failing = createApp({
      ...h.deps,
      db: {
        ...h.deps.db,
        // Not a data error (class 22 is retried record by record): the whole batch fails.
        query: (sql, params) =>
          sql.includes('INSERT INTO events')
            ? Promise.reject(Object.assign(new Error(`could not extend file: "${FREE_TEXT}"`), { code: '53100', detail: FREE_TEXT }))
            : h.deps.db.query(sql, params),
      },
    });
    const events = [findingShown(realRules()[0]!, { context: { department: FREE_TEXT } }), findingShown(realRules()[1]!)];
    const response = await failing.request('/api/v1/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.tokens.workstation}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(500);
    const body = await response.text();
    const all = lines.join('\n');
    expect(all).toContain(events[0]!.id);
    expect(all).toContain(events[1]!.id);
    expect(all).toContain('53100');
    expect(all + body).not.toContain('张三');
  });
});
