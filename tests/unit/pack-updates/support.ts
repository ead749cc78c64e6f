import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineHost } from '../../../workers/engine-host';
import type { LoadPackOutcome } from '../../../workers/engine-api';
import type { PackEngine } from '../../../pack-updates/activation';
import type { FetchLike } from '../../../pack-updates/download';
import { PackService, type PackServiceDeps } from '../../../pack-updates/pack-service';
import { dexiePackStore, PackStoreDb, type ActivePackStore } from '../../../pack-updates/pack-store';
import type { PackStatus } from '../../../pack-updates/pack-types';
import type { AlarmsLike } from '../../../pack-updates/schedule';
import type { Deployment } from '../../../settings/deployment';
import { generateSigningKeys, serializeSignedPack, signPayload, type GeneratedKeys } from '../../../rules/pack/signature';

/**
 * The real demo pack (rules/packs/demo-pack.json, generated from ../shared/data) is the built-in
 * pack; updates are that pack with a later version and one more rule, signed with fresh keys.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const BUILTIN_TEXT = readFileSync(path.join(REPO_ROOT, 'rules/packs/demo-pack.json'), 'utf8');
const BUILTIN = JSON.parse(BUILTIN_TEXT) as { id: string; version: string; rules: unknown[] };
export const BUILTIN_ID = BUILTIN.id;
export const BUILTIN_VERSION = BUILTIN.version;
export const BUILTIN_RULES = BUILTIN.rules.length;

/** 瑞舒伐他汀依折麦布片(I) as the demo outpatient page prescribes it: 7 days. */
export const ROSUVASTATIN_EZETIMIBE = { code: 'XC10BAR128A001010100177', prefix: 'XC10BAR128A0', name: '瑞舒伐他汀依折麦布片(I)' };

/** The rule an update adds: a 5-day 疗程 limit the built-in pack does not have. */
export const ADDED_RULE = {
  id: 'hospital-course-瑞舒伐他汀依折麦布片',
  kind: 'course',
  name: ROSUVASTATIN_EZETIMIBE.name,
  basis: '本院医保办 测试规则：限支付疗程',
  text: '疗程限制：5天',
  match: { prefixes: [ROSUVASTATIN_EZETIMIBE.prefix] },
  params: { maxDays: 5 },
};

/** The demo pack as version `version`, with the added rule (or a copy without it). */
export function packVersion(version: string, options: { addRule?: boolean; id?: string } = {}): string {
  const pack = JSON.parse(BUILTIN_TEXT);
  pack.version = version;
  if (options.id) pack.id = options.id;
  if (options.addRule !== false) pack.rules.push(ADDED_RULE);
  return JSON.stringify(pack);
}

export async function signed(payload: string, keys: GeneratedKeys): Promise<string> {
  return serializeSignedPack(await signPayload(payload, keys.privateJwk));
}

/** The envelope with one character of the signed payload changed after signing. */
export function tampered(envelopeText: string): string {
  const envelope = JSON.parse(envelopeText);
  envelope.payload = envelope.payload.replace('"maxDays":5', '"maxDays":50');
  if (!envelope.payload.includes('"maxDays":50')) throw new Error('nothing to tamper with');
  return JSON.stringify(envelope);
}

export const newKeys = generateSigningKeys;

/** Noon in Beijing on 2026-11-22, the demo page's visit date. */
export const NOW = new Date('2026-11-22T04:00:00Z');

/** The real engine host, counting loads, and able to refuse or to stop answering. */
export class FakeEngine implements PackEngine {
  readonly host = new EngineHost({ now: () => NOW });
  loads = 0;
  mode: 'normal' | 'refuse' | 'unreachable' = 'normal';
  async loadPack(payload: string): Promise<LoadPackOutcome> {
    this.loads++;
    if (this.mode === 'unreachable') throw new Error('engine did not answer loadPack in 120000 ms');
    if (this.mode === 'refuse') return { ok: false, errors: [{ path: 'rules[2615].params', message: 'refused by the test' }] };
    return this.host.loadPack(payload);
  }
  unloads = 0;
  async unloadPack(): Promise<void> {
    this.unloads++;
    this.host.unloadPack();
  }
}

export interface SeenRequest {
  url: string;
  headers: Record<string, string>;
}

/** A fetch that answers from a handler and records what was asked. */
export function fakeFetch(handler: (request: SeenRequest) => Response | Promise<Response>): FetchLike & { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fetchPack = async (url: string, init: RequestInit) => {
    const request = { url, headers: Object.fromEntries(new Headers(init.headers).entries()) };
    requests.push(request);
    return handler(request);
  };
  return Object.assign(fetchPack, { requests });
}

/** An update server with an ETag per body, answering 304 to a matching If-None-Match. */
export function packServer(initial: string, options: { etags?: boolean } = {}) {
  const state = { body: initial, etag: '"v1"' };
  let n = 1;
  const fetchPack = fakeFetch(({ headers }) => {
    if (options.etags !== false && headers['if-none-match'] === state.etag) return new Response(null, { status: 304 });
    return new Response(state.body, { status: 200, headers: options.etags === false ? {} : { etag: state.etag } });
  });
  return {
    fetch: fetchPack,
    serve(body: string) {
      state.body = body;
      state.etag = `"v${++n}"`;
    },
    get etag() {
      return state.etag;
    },
  };
}

export const UPDATE_URL = 'https://packs.hospital.example/preflight/latest.json';

/** A Dexie store on its own database; `reopen()` is the same data as seen after a browser restart. */
export function freshStore(): { store: ActivePackStore; reopen: () => ActivePackStore; name: string } {
  const name = `packs-test-${crypto.randomUUID()}`;
  return { store: dexiePackStore(new PackStoreDb(name)), reopen: () => dexiePackStore(new PackStoreDb(name)), name };
}

export class FakeAlarms implements AlarmsLike {
  readonly alarms = new Map<string, { name: string; scheduledTime: number; periodInMinutes?: number }>();
  created = 0;
  create(name: string, info: { when: number; periodInMinutes: number }): void {
    this.created++;
    this.alarms.set(name, { name, scheduledTime: info.when, periodInMinutes: info.periodInMinutes });
  }
  async get(name: string) {
    return this.alarms.get(name);
  }
  async clear(name: string) {
    return this.alarms.delete(name);
  }
}

export interface Harness {
  service: PackService;
  engine: FakeEngine;
  store: ActivePackStore;
  published: PackStatus[];
  deployment: Deployment;
  alarms: FakeAlarms;
  errors: unknown[];
}

export function makeService(options: { deployment: Deployment; fetch: FetchLike; store?: ActivePackStore; engine?: FakeEngine; extra?: Partial<PackServiceDeps> }): Harness {
  const engine = options.engine ?? new FakeEngine();
  const store = options.store ?? freshStore().store;
  const published: PackStatus[] = [];
  const alarms = new FakeAlarms();
  const errors: unknown[] = [];
  const harness: Harness = { engine, store, published, deployment: options.deployment, alarms, errors, service: undefined as unknown as PackService };
  harness.service = new PackService({
    store,
    engine,
    fetch: options.fetch,
    now: () => NOW,
    readDeployment: async () => harness.deployment,
    loadBuiltin: async () => BUILTIN_TEXT,
    alarms,
    publish: async (status) => void published.push(status),
    onError: (message, error) => void errors.push([message, error]),
    ...options.extra,
  });
  return harness;
}

/** A demo-outpatient-like order: 女 45岁, 高血压 + 高脂血症, 瑞舒伐他汀依折麦布片 7 days. */
export const STATIN_ORDER = {
  id: 'RX202611220037-01',
  patient: { key: 'p-1', sex: 'F', ageYears: 45 },
  encounter: {
    visitType: 'outpatient',
    date: '2026-11-22',
    insuranceType: 'employee',
    institutionLevel: 3,
    diagnoses: [
      { code: 'I10.x03', name: '高血压1级', primary: true },
      { code: 'E78.500', name: '高脂血症', primary: false },
    ],
  },
  lines: [{ id: '2', code: ROSUVASTATIN_EZETIMIBE.code, name: ROSUVASTATIN_EZETIMIBE.name, kind: 'drug', days: 7, quantity: 1, unit: '盒', price: 38.5 }],
};

/** Rule ids the engine flags on STATIN_ORDER. */
export function flaggedRules(engine: FakeEngine): string[] {
  const outcome = engine.host.check(STATIN_ORDER);
  if (!outcome.ok) throw new Error(`check failed: ${outcome.reason}`);
  return outcome.result.findings.map((f) => f.ruleId);
}
