import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH } from '../../contract/upload-batch';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, manyShown, realRules, submitCheck } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id?: string; errors: { path: string; message: string }[] }[];
}

interface ListAnswer {
  events: { event: { id: string; type: string; finding?: { ruleId: string } }; workstation: { id: string; label: string }; verdict: unknown }[];
  nextCursor: string | null;
}

describe.each(DRIVERS)('event upload and listing on %s', (driver) => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startTestHub(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const upload = async (events: unknown[], token = h.tokens.workstation) => {
    const response = await h.call('POST', '/api/v1/events', { token, body: { events } });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as IngestAnswer;
  };
  const list = async (query: string, token = h.tokens.quality) => {
    const response = await h.call('GET', `/api/v1/events${query}`, { token });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as ListAnswer;
  };
  const total = async () => ((await (await h.call('GET', '/api/v1/stats/summary', { token: h.tokens.quality })).json()) as { total: number }).total;

  it('stores a batch and counts it accepted', async () => {
    const batch = manyShown(50);
    expect(await upload(batch)).toEqual({ accepted: 50, duplicates: 0, rejected: [] });
    expect(await total()).toBe(50);
  });

  it('re-sending the same batch stores nothing twice', async () => {
    const batch = manyShown(40);
    await upload(batch);
    expect(await upload(batch)).toEqual({ accepted: 0, duplicates: 40, rejected: [] });
    // A batch overlapping the first: only the new half is stored.
    const overlapping = [...batch.slice(20), ...manyShown(20, Date.parse('2026-11-05T00:00:00Z'))];
    expect(await upload(overlapping)).toEqual({ accepted: 20, duplicates: 20, rejected: [] });
    expect(await total()).toBe(60);
  });

  it('stores each event once when overlapping batches arrive at the same time', async () => {
    const events = manyShown(300);
    // Six uploads in flight together, overlapping and in different orders (a retry racing the original).
    const batches = [0, 50, 100, 150, 200, 250].map((start, i) => {
      const slice = events.slice(start, start + 100 > 300 ? 300 : start + 100);
      return i % 2 === 0 ? slice : [...slice].reverse();
    });
    const answers = await Promise.all(batches.map((batch) => upload(batch)));
    expect(answers.reduce((sum, a) => sum + a.accepted, 0)).toBe(300);
    expect(answers.reduce((sum, a) => sum + a.accepted + a.duplicates, 0)).toBe(batches.reduce((sum, b) => sum + b.length, 0));
    expect(await total()).toBe(300);
    const rolled = await h.deps.db.query<{ n: number }>("SELECT sum(events)::int AS n FROM event_rollup WHERE dimension = 'type'");
    expect(rolled.rows[0]!.n).toBe(300);
  });

  it('keeps one copy of an id repeated inside a batch', async () => {
    const event = findingShown(realRules()[1]!);
    expect(await upload([event, event, event])).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
  });

  it('stamps the uploading workstation from the token, not from the record', async () => {
    const event = { ...findingShown(realRules()[0]!), workstationId: 'spoofed' };
    await upload([event], h.otherWorkstation.token);
    const listed = await list('');
    expect(listed.events[0]!.workstation).toEqual({ id: h.otherWorkstation.id, label: '门诊3诊室' });
    expect(JSON.stringify(listed)).not.toContain('spoofed');
  });

  it('rejects invalid records one by one, with their paths, and stores the rest', async () => {
    const good = findingShown(realRules()[0]!);
    const badTime = { ...findingShown(realRules()[1]!), at: 'yesterday' };
    const badKind = { ...findingShown(realRules()[2]!), finding: { ...findingShown(realRules()[2]!).finding, kind: 'made-up' } };
    const withName = { ...findingShown(realRules()[3]!), context: { patientKey: '张三' } };
    // A NUL is removed, not refused (issue #13): the database cannot hold it, the record is still good.
    const nul = { ...findingShown(realRules()[4]!), page: 'https://his.example.cn/a\u0000b' };
    const answer = await upload([good, badTime, badKind, withName, nul, 42]);
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map((r) => [r.index, r.errors[0]!.path])).toEqual([
      [1, 'at'],
      [2, 'finding.kind'],
      [3, 'context.patientKey'],
      [5, '(root)'],
    ]);
    expect(answer.rejected[0]!.id).toBe(badTime.id);
    expect(await total()).toBe(2);
  });

  it('stores 规则包已过期 events (pack-expired) and lists them by type; a malformed one is refused alone', async () => {
    const expired = { ...submitCheck(), id: 'expired-0001', type: 'pack-expired', packVersion: '2026.6.1', packId: 'city-hospital', effectiveTo: '2026-11-30' };
    delete (expired as Record<string, unknown>).outcome;
    delete (expired as Record<string, unknown>).waitedMs;
    const badDate = { ...expired, id: 'expired-0002', effectiveTo: '30.11.2026' };
    const answer = await upload([expired, badDate]);
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => [r.index, r.errors[0]!.path])).toEqual([[1, 'effectiveTo']]);
    const listed = await list('?type=pack-expired');
    expect(listed.events.map((e) => e.event)).toEqual([expect.objectContaining({ id: 'expired-0001', type: 'pack-expired', packVersion: '2026.6.1', effectiveTo: '2026-11-30' })]);
  });

  it('refuses batches that are empty, too large or not a batch, with the path', async () => {
    const cases: [unknown, string][] = [
      [{ events: [] }, 'events'],
      [{ events: manyShown(MAX_EVENTS_PER_BATCH + 1) }, 'events'],
      [{ event: [] }, 'events'],
      [[findingShown(realRules()[0]!)], '(root)'],
    ];
    for (const [body, path] of cases) {
      const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { error: string; details: { path: string }[] };
      expect(answer.error).toBe('invalid-batch');
      expect(answer.details[0]!.path).toBe(path);
    }
    expect(await total()).toBe(0);
  });

  it('accepts a full batch of the maximum size', async () => {
    expect((await upload(manyShown(MAX_EVENTS_PER_BATCH))).accepted).toBe(MAX_EVENTS_PER_BATCH);
  });

  it('answers malformed JSON with 400 at the root path, and a non-JSON type with 415', async () => {
    const broken = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: '{"events": [' });
    expect(broken.status).toBe(400);
    const answer = (await broken.json()) as { error: string; details: { path: string; message: string }[] };
    expect(answer.error).toBe('invalid-json');
    expect(answer.details[0]!.path).toBe('(root)');
    expect(answer.details[0]!.message).toMatch(/JSON/);

    const form = await h.call('POST', '/api/v1/events', {
      token: h.tokens.workstation,
      body: 'events=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    // Valid events plus a field nobody reads: only the size is wrong.
    const body = JSON.stringify({ events: manyShown(10), padding: 'x'.repeat(1024 * 1024) });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('payload-too-large');
    expect(await total()).toBe(0);
  });

  it('stores injection attempts in records as plain data', async () => {
    const hostile = "x'); DROP TABLE events; --";
    const event = findingShown({ ...realRules()[0]!, id: hostile }, { context: { department: "内科' OR '1'='1" } });
    expect((await upload([event])).accepted).toBe(1);
    const listed = await list(`?ruleId=${encodeURIComponent(hostile)}`);
    expect(listed.events.map((e) => e.event.finding?.ruleId)).toEqual([hostile]);
    expect(await total()).toBe(1);
  });

  it('returns no extra rows for injection attempts in filters', async () => {
    const rules = realRules();
    await upload([findingShown(rules[0]!), findingShown(rules[1]!), decision(rules[1]!, 'continued')]);
    for (const attempt of ["' OR 1=1 --", "x' OR 'a'='a", '1; DELETE FROM events', "') OR true; --"]) {
      for (const filter of ['ruleId', 'department', 'prescriber', 'workstation']) {
        expect((await list(`?${filter}=${encodeURIComponent(attempt)}`)).events).toEqual([]);
      }
    }
    // Filters whose values are enumerated refuse anything else outright.
    for (const filter of ['kind', 'severity', 'decision', 'verdict', 'type']) {
      const response = await h.call('GET', `/api/v1/events?${filter}=${encodeURIComponent("' OR 1=1 --")}`, { token: h.tokens.quality });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { details: { path: string }[] }).details[0]!.path).toBe(filter);
    }
    const badTime = await h.call('GET', `/api/v1/events?from=${encodeURIComponent("2026-01-01' OR 1=1 --")}`, { token: h.tokens.quality });
    expect(badTime.status).toBe(400);
    expect(await total()).toBe(3);
  });

  it('filters by rule, kind, decision, type, department and time', async () => {
    const [a, b] = realRules();
    await upload([
      findingShown(a!, { at: '2026-11-20T01:00:00Z', context: { department: '心血管内科', prescriberId: 'D001' } }),
      findingShown(b!, { at: '2026-11-21T01:00:00Z', context: { department: '儿科', prescriberId: 'D002' } }),
      decision(b!, 'continued', { at: '2026-11-21T01:01:00Z', context: { department: '儿科', prescriberId: 'D002' } }),
      decision(a!, 'modified', { at: '2026-11-22T01:00:00Z', context: { department: '心血管内科', prescriberId: 'D001' } }),
      submitCheck('2026-11-22T01:02:00Z'),
    ]);
    const ids = async (query: string) => (await list(query)).events.map((e) => `${e.event.type}:${e.event.finding?.ruleId ?? '-'}`);
    expect(await ids(`?ruleId=${encodeURIComponent(a!.id)}`)).toEqual([`decision:${a!.id}`, `finding-shown:${a!.id}`]);
    expect(await ids(`?kind=${b!.kind}&type=finding-shown`)).toEqual([`finding-shown:${b!.id}`]);
    expect(await ids('?decision=continued')).toEqual([`decision:${b!.id}`]);
    expect(await ids(`?department=${encodeURIComponent('儿科')}`)).toEqual([`decision:${b!.id}`, `finding-shown:${b!.id}`]);
    expect(await ids('?prescriber=D001&type=decision')).toEqual([`decision:${a!.id}`]);
    expect(await ids('?type=submit-check')).toEqual(['submit-check:-']);
    expect(await ids(`?from=${encodeURIComponent('2026-11-21T00:00:00Z')}&to=${encodeURIComponent('2026-11-22T00:00:00Z')}`)).toEqual([
      `decision:${b!.id}`,
      `finding-shown:${b!.id}`,
    ]);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const batch = manyShown(23);
    // Two events in the same microsecond: the id breaks the tie.
    batch[5] = { ...batch[5]!, at: batch[6]!.at };
    await upload(batch);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListAnswer = await list(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.events.map((e) => e.event.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen.sort()).toEqual(batch.map((e) => e.id).sort());

    const forged = await h.call('GET', `/api/v1/events?cursor=${encodeURIComponent("' OR 1=1 --")}`, { token: h.tokens.quality });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { details: { path: string }[] }).details[0]!.path).toBe('cursor');
    expect((await h.call('GET', '/api/v1/events?limit=501', { token: h.tokens.quality })).status).toBe(400);
  });

  describe('over HTTP', () => {
    let server: ServerType;
    let base = '';
    beforeAll(async () => {
      const small = h.variant({ maxBodyBytes: 64 * 1024 });
      await new Promise<void>((resolve) => {
        server = serve({ fetch: small.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
          base = `http://127.0.0.1:${info.port}`;
          resolve();
        });
      });
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    const headers = () => ({ Authorization: `Bearer ${h.tokens.workstation}`, 'Content-Type': 'application/json' });

    it('refuses a body announced larger than the limit (Content-Length) with 413', async () => {
      const body = JSON.stringify({ events: manyShown(300) });
      expect(body.length).toBeGreaterThan(64 * 1024);
      const response = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: headers(), body });
      expect(response.status).toBe(413);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('refuses a streamed (chunked) body that grows past the limit with 413', async () => {
      const chunk = new TextEncoder().encode(JSON.stringify({ events: manyShown(100) }));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
      const response = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: headers(), body: stream, duplex: 'half' } as RequestInit);
      expect(response.status).toBe(413);
    });

    it('accepts a streamed (chunked) batch under the limit', async () => {
      const bytes = new TextEncoder().encode(JSON.stringify({ events: manyShown(20) }));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 4096) controller.enqueue(bytes.slice(at, at + 4096));
          controller.close();
        },
      });
      const response = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: headers(), body: stream, duplex: 'half' } as RequestInit);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
    });

    it('accepts a batch under the limit and acknowledges it', async () => {
      const response = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: headers(), body: JSON.stringify({ events: manyShown(20) }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
    });
  });
});
