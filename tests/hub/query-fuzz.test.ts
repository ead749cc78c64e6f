import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules } from './support/events';
import { startTestHub, type TestHub } from './support/hub';
import { mulberry32 } from '../../bench/prng';

/**
 * Every query parameter of every statistics and review endpoint, with malformed values: the hub
 * answers 400, never 500 (issue #13 R8). Random values, malformed or not, never draw a 5xx.
 */

type ParamKind = 'time' | 'text' | 'enum' | 'limit' | 'before' | 'cursor';

const FILTERS: Record<string, ParamKind> = {
  from: 'time',
  to: 'time',
  department: 'text',
  prescriber: 'text',
  ruleId: 'text',
  kind: 'enum',
  severity: 'enum',
  decision: 'enum',
  type: 'enum',
  workstation: 'text',
};

const ENDPOINTS: [string, Record<string, ParamKind>][] = [
  ['/api/v1/events', { ...FILTERS, verdict: 'enum', limit: 'limit', cursor: 'cursor' }],
  ['/api/v1/stats/summary', FILTERS],
  ['/api/v1/stats/daily', FILTERS],
  ['/api/v1/stats/top-rules', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/overrides/rule', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/overrides/department', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/overrides/prescriber', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/overrides/workstation', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/override-reasons', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/stats/verdicts/rule', { ...FILTERS, limit: 'limit' }],
  ['/api/v1/rule-reports', { ruleId: 'text', limit: 'limit', before: 'before' }],
];

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Values each kind of parameter must refuse (already URL-encoded). */
const MALFORMED: Record<ParamKind, string[]> = {
  time: [
    '0001-01-01T00:00:00%2B14:00',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59-14:00',
    '2024-02-30T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00%2B99:00',
    'yesterday',
    '2024-01-01',
    '',
    '1e400',
    '%00',
    '%ED%A0%80',
  ],
  text: ['', 'x'.repeat(201), '%00', '%00%00'],
  enum: ['made-up', '', '%00', 'warning%00'],
  limit: ['0', '-1', '1e400', 'NaN', 'Infinity', '1.5', '99999999999999999999', 'abc', '', '%00'],
  before: ['0', '-5', '1e20', '99999999999999999999', 'abc', '1.5', 'Infinity', '%00'],
  cursor: [
    'not-a-cursor!',
    b64(['0001-01-01T00:00:00+14:00', 'abcdefgh']),
    b64(['9999-12-31T23:59:59-14:00', 'abcdefgh']),
    b64(['2026-11-22T02:15:00Z', '\u0000']),
    b64(['2026-11-22T02:15:00Z']),
    b64({ at: 1 }),
    'x'.repeat(201),
    '%00',
  ],
};

/** Deterministic pseudo-random numbers: a failure names its seed and repeats. */
const prng = mulberry32;

const PIECES = ['%00', '%ED%A0%80', '%FF', '%2B14:00', '-14:00', 'T', 'Z', '0001', '9999', '1e308', '-', '.', '%25', '%', '&', '=', '心内科', '%F0%9F%98%80', ':', '99', '00'];

function randomValue(random: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    const pick = random();
    if (pick < 0.5) parts.push(PIECES[Math.floor(random() * PIECES.length)]!);
    else if (pick < 0.8) parts.push(String(Math.floor(random() * 10 ** Math.floor(random() * 25))));
    else parts.push(encodeURIComponent(String.fromCharCode(Math.floor(random() * 0xd7ff))));
  }
  return parts.join('');
}

describe.each(DRIVERS)('query parameters on %s', (driver) => {
  let h: TestHub;

  beforeAll(async () => {
    h = await startTestHub(driver);
    const [A] = realRules();
    const response = await h.call('POST', '/api/v1/events', {
      token: h.tokens.workstation,
      body: { events: [findingShown(A!, { context: { department: '儿科' } }), decision(A!, 'continued')] },
    });
    expect(response.status).toBe(200);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  const status = async (path: string) => (await h.call('GET', path, { token: h.tokens.admin })).status;

  it('answers 400 to every malformed value of every parameter', async () => {
    const wrong: string[] = [];
    for (const [endpoint, params] of ENDPOINTS) {
      for (const [name, kind] of Object.entries(params)) {
        for (const value of MALFORMED[kind]) {
          const path = `${endpoint}?${name}=${value}`;
          const got = await status(path);
          if (got !== 400) wrong.push(`${got} ${path.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 to a malformed event id', async () => {
    for (const id of ['%00%00%00%00%00%00%00%00', 'short', 'x'.repeat(65)]) expect(await status(`/api/v1/events/${id}`), id).toBe(400);
  });

  it('never answers 5xx to random values, alone or combined', async () => {
    const random = prng(20261206);
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const [endpoint, params] = ENDPOINTS[Math.floor(random() * ENDPOINTS.length)]!;
      const names = Object.keys(params).filter(() => random() < 0.3);
      if (names.length === 0) names.push(Object.keys(params)[0]!);
      const path = `${endpoint}?${names.map((name) => `${name}=${randomValue(random)}`).join('&')}`;
      const got = await status(path);
      if (got >= 500) failures.push(`${got} ${path}`);
    }
    expect(failures).toEqual([]);
  });
});
