import { describe, expect, it, vi } from 'vitest';
import { ReviewSourceError } from '../../../contract/review/data-source';
import { EventPageSchema } from '../../../contract/review/events';
import { SessionSchema } from '../../../contract/roles';
import { HubClient } from '../../../hub/dashboard/api-client';
import { capabilitiesOf, hubSource } from '../../../hub/dashboard/hub-source';
import { signIn } from '../../../hub/dashboard/session';
import { decision, findingShown, realRules } from '../../hub/support/events';

const TOKEN = `pfh_0123456789abcdef_${'A'.repeat(43)}`;
const [rule] = realRules();

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers every call with `status` and `body`, remembering what was asked. */
function fakeFetch(status: number, body: unknown, calls: Call[] = []) {
  const impl = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  return impl as unknown as typeof fetch;
}

const session = { id: '0123456789abcdef', role: 'quality', label: '质控科', permissions: ['packs:read', 'events:read', 'stats:read', 'verdicts:write', 'rule-reports:write'], timeZone: 'Asia/Shanghai' };

const listed = (event: ReturnType<typeof findingShown>) => ({
  event,
  workstation: { id: 'a1b2c3d4e5f60718', label: '门诊3诊室' },
  receivedAt: '2026-11-22T02:20:00.000Z',
  verdict: null,
});

async function failure(promise: Promise<unknown>): Promise<ReviewSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewSourceError);
  return error as ReviewSourceError;
}

describe('HubClient', () => {
  it('sends the bearer token and parses a well-formed answer', async () => {
    const calls: Call[] = [];
    const page = { events: [listed(findingShown(rule!, { context: { department: '心血管内科' } }))], nextCursor: null };
    const client = new HubClient(TOKEN, { fetch: fakeFetch(200, page, calls) });
    const answer = await client.get('/events', { department: '心血管内科', limit: 100, cursor: undefined }, EventPageSchema);
    expect(answer.events[0]!.event.context?.department).toBe('心血管内科');
    expect(calls[0]!.url).toBe('/api/v1/events?department=%E5%BF%83%E8%A1%80%E7%AE%A1%E5%86%85%E7%A7%91&limit=100');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('rejects answers that do not match the schema, naming the field', async () => {
    const badEvent = { ...listed(findingShown(rule!)), event: { ...findingShown(rule!), finding: { ruleId: rule!.id, kind: 'not-a-kind', severity: 'warning' } } };
    const cases: [unknown, string][] = [
      [{ events: [badEvent], nextCursor: null }, 'events.0.event'],
      [{ events: [], nextCursor: 5 }, 'nextCursor'],
      [{ events: [{ ...listed(findingShown(rule!)), verdict: { verdict: '违规', comment: null, reviewer: 'x', at: '2026-11-22T02:20:00.000Z' } }], nextCursor: null }, 'events.0.verdict.verdict'],
      [[], '(root)'],
    ];
    for (const [body, path] of cases) {
      const error = await failure(new HubClient(TOKEN, { fetch: fakeFetch(200, body) }).get('/events', {}, EventPageSchema));
      expect(error.kind).toBe('malformed');
      expect(error.details.map((d) => d.path).some((p) => p.startsWith(path))).toBe(true);
    }
    const notJson = await failure(new HubClient(TOKEN, { fetch: fakeFetch(200, '<html>proxy</html>') }).get('/events', {}, EventPageSchema));
    expect(notJson.kind).toBe('malformed');
  });

  it('says which failure it was, with the hub message', async () => {
    const onUnauthenticated = vi.fn();
    const cases: [number, string][] = [
      [401, 'unauthenticated'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [400, 'invalid'],
      [422, 'invalid'],
      [500, 'server'],
    ];
    for (const [status, kind] of cases) {
      const body = { error: 'x', message: `hub says ${status}`, details: [{ path: 'cursor', message: 'bad' }] };
      const error = await failure(new HubClient(TOKEN, { fetch: fakeFetch(status, body), onUnauthenticated }).get('/events', {}, EventPageSchema));
      expect([error.kind, error.status, error.message]).toEqual([kind, status, `hub says ${status}`]);
    }
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    const proxy = await failure(new HubClient(TOKEN, { fetch: fakeFetch(502, 'Bad Gateway') }).get('/events', {}, EventPageSchema));
    expect([proxy.kind, proxy.message]).toEqual(['server', 'HTTP 502']);
  });

  it('reports a cancelled request as cancelled and an unreachable hub as a network failure', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = await failure(new HubClient(TOKEN, { fetch: fakeFetch(200, {}) }).get('/events', {}, EventPageSchema, controller.signal));
    expect(cancelled.kind).toBe('cancelled');
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect((await failure(new HubClient(TOKEN, { fetch: offline }).get('/events', {}, EventPageSchema))).kind).toBe('network');
  });
});

describe('the hub data source', () => {
  it('asks the hub with instants in its zone and no verdict for statistics', async () => {
    const calls: Call[] = [];
    const source = hubSource(new HubClient(TOKEN, { fetch: fakeFetch(200, { timeZone: 'Asia/Shanghai', days: [] }, calls) }), SessionSchema.parse(session));
    await source.daily({ from: '2026-11-01', to: '2026-11-01', verdict: '误报', department: '儿科' });
    const url = new URL(calls[0]!.url, 'http://hub');
    expect(url.pathname).toBe('/api/v1/stats/daily');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-01T16:00:00.000Z', department: '儿科' });
  });

  it('checks a verdict before sending it and parses the answer', async () => {
    const calls: Call[] = [];
    const continued = decision(rule!, 'continued');
    const record = { id: 7, eventId: continued.id, reviewer: session.id, verdict: '误报', comment: '诊断已补录', at: '2026-11-22T03:00:00.000Z' };
    const source = hubSource(new HubClient(TOKEN, { fetch: fakeFetch(201, record, calls) }), SessionSchema.parse(session));
    expect(await source.recordVerdict(continued.id, { verdict: '误报', comment: '诊断已补录' })).toEqual(record);
    expect(calls[0]!.url).toBe(`/api/v1/events/${continued.id}/verdict`);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ verdict: '误报', comment: '诊断已补录' });
    const refused = await failure(source.recordVerdict(continued.id, { verdict: '违规' as never }));
    expect(refused.kind).toBe('invalid');
    expect(calls).toHaveLength(1);
  });

  it('derives what the role may do from its permissions', () => {
    expect(capabilitiesOf(SessionSchema.parse(session))).toEqual({ readEvents: true, readStats: true, writeVerdicts: true, writeReports: true, readReports: false });
    const office = SessionSchema.parse({ ...session, role: 'insurance-office', permissions: ['packs:read', 'packs:publish', 'events:read', 'stats:read', 'rule-reports:read'] });
    expect(capabilitiesOf(office)).toEqual({ readEvents: true, readStats: true, writeVerdicts: false, writeReports: false, readReports: true });
  });
});

describe('signing in', () => {
  function memoryStorage(): Storage {
    const data = new Map<string, string>();
    return {
      get length() {
        return data.size;
      },
      clear: () => data.clear(),
      getItem: (key) => data.get(key) ?? null,
      key: (i) => [...data.keys()][i] ?? null,
      removeItem: (key) => void data.delete(key),
      setItem: (key, value) => void data.set(key, value),
    };
  }

  it('keeps the token only when the hub accepts it', async () => {
    const storage = memoryStorage();
    const signedIn = await signIn(`  ${TOKEN} `, { fetch: fakeFetch(200, session) }, storage);
    expect(signedIn.session.role).toBe('quality');
    expect(storage.getItem('preflight.hub.token')).toBe(TOKEN);

    const refusing = memoryStorage();
    const error = await failure(signIn(TOKEN, { fetch: fakeFetch(401, { error: 'unauthenticated', message: 'unknown or revoked token' }) }, refusing));
    expect(error.kind).toBe('unauthenticated');
    expect(refusing.length).toBe(0);

    const odd = await failure(signIn(TOKEN, { fetch: fakeFetch(200, { ...session, role: 'superuser' }) }, memoryStorage()));
    expect(odd.kind).toBe('malformed');
  });
});
