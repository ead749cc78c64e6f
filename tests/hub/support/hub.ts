import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Role } from '../../../contract/roles';
import { createToken, revokeToken } from '../../../hub/src/auth/tokens';
import { migrate } from '../../../hub/src/db/migrate';
import { createApp } from '../../../hub/src/http/app';
import { openSigningKeys } from '../../../hub/src/packs/signing-key';
import type { HubDeps, HubEnv } from '../../../hub/src/http/env';
import type { TrustedKey } from '../../../rules/pack/signature';
import { openTestDb, type Driver } from './db';

/** An in-process hub on a fresh database, with one live token per role and one revoked token. */

export const ROLES: Role[] = ['workstation', 'quality', 'insurance-office', 'admin'];

export interface TestHub {
  deps: HubDeps;
  app: Hono<HubEnv>;
  tokens: Record<Role, string>;
  tokenIds: Record<Role, string>;
  revoked: string;
  /** A second workstation, to tell uploads apart. */
  otherWorkstation: { token: string; id: string };
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** The same database and tokens behind an app with other settings (no second database). */
  variant(options: TestHubOptions): Pick<TestHub, 'app' | 'call'>;
  /** Empties everything but the tokens, between tests. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  /** An object is sent as JSON; a string is sent as is (with a JSON content type unless given). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestHubOptions {
  trustedKeys?: TrustedKey[];
  maxBodyBytes?: number;
  corsOrigins?: string[];
  /** The 3101 service's poll interval for a newer pack (the hub's default when absent). */
  packRefreshMs?: number;
  /** A directory for the hub's own signing key: publishing from the dashboard (packs/signing-key.ts). */
  signingDir?: string;
}

export async function startTestHub(driver: Driver, options: TestHubOptions = {}): Promise<TestHub> {
  const { db, dispose } = await openTestDb(driver);
  await migrate(db);
  const pepper = randomBytes(32);
  const signing = options.signingDir === undefined ? undefined : await openSigningKeys(options.signingDir);
  const deps: HubDeps = {
    db,
    pepper,
    trustedKeys: [...(options.trustedKeys ?? []), ...(signing ? await signing.trustedKeys() : [])],
    ...(signing ? { signing } : {}),
    config: {
      corsOrigins: options.corsOrigins ?? [],
      timeZone: 'Asia/Shanghai',
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      maxPackBytes: 64 * 1024 * 1024,
      ...(options.packRefreshMs === undefined ? {} : { packRefreshMs: options.packRefreshMs }),
    },
  };
  const tokens = {} as Record<Role, string>;
  const tokenIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const issued = await createToken(db, pepper, { role, label: `测试-${role}` });
    tokens[role] = issued.token;
    tokenIds[role] = issued.id;
  }
  const other = await createToken(db, pepper, { role: 'workstation', label: '门诊3诊室' });
  const gone = await createToken(db, pepper, { role: 'admin', label: '已吊销' });
  await revokeToken(db, gone.id);
  const app = createApp(deps);
  const caller = (target: Hono<HubEnv>): TestHub['call'] => async (method, path, call = {}) => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.token !== undefined) headers.Authorization = `Bearer ${call.token}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return target.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  };

  return {
    deps,
    app,
    tokens,
    tokenIds,
    revoked: gone.token,
    otherWorkstation: { token: other.token, id: other.id },
    call: caller(app),
    variant(changes) {
      const other = createApp({
        ...deps,
        trustedKeys: changes.trustedKeys ?? deps.trustedKeys,
        config: {
          ...deps.config,
          ...(changes.maxBodyBytes === undefined ? {} : { maxBodyBytes: changes.maxBodyBytes }),
          ...(changes.corsOrigins === undefined ? {} : { corsOrigins: changes.corsOrigins }),
        },
      });
      return { app: other, call: caller(other) };
    },
    async reset() {
      // A 3101 request a test did not wait for may still be writing: none may land after the truncate.
      await deps.nhsa?.writer.drain();
      await db.exec('TRUNCATE appeals, appeal_links, verdicts, rule_reports, rule_names, packs, events, order_summaries, event_rollup, prescribers');
    },
    async dispose() {
      await deps.nhsa?.writer.drain();
      await dispose();
    },
  };
}
