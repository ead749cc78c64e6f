import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/tokens';
import { failedLogins } from '../auth/failures';
import { roleAllows } from '../auth/roles';
import type { Permission } from '../../../contract/roles';
import { errorBody } from './errors';
import type { HubDeps, HubEnv } from './env';

/**
 * `Authorization: Bearer <token>` → 401 when absent or not a live token, 403 when the token's
 * role lacks the route's permission. Runs before the body is read, so a refused request costs
 * one indexed lookup and never touches the data.
 */
export function requirePermission(deps: HubDeps, permission: Permission): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer ([\x21-\x7e]{1,200})$/.exec(header.trim());
    const challenge = { 'WWW-Authenticate': 'Bearer realm="preflight-hub"' };
    if (!match) {
      return c.json(errorBody('unauthenticated', 'missing bearer token'), 401, challenge);
    }
    const token = await authenticate(deps.db, deps.pepper, match[1]!);
    if (!token) {
      (deps.failedLogins ?? failedLogins).record(match[1]!, /^pfh_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(match[1]!) ? 'rejected' : 'malformed', `${c.req.method} ${c.req.path}`);
      return c.json(errorBody('unauthenticated', 'unknown or revoked token'), 401, {
        'WWW-Authenticate': 'Bearer realm="preflight-hub", error="invalid_token"',
      });
    }
    if (!roleAllows(token.role, permission)) {
      return c.json(errorBody('forbidden', `role ${token.role} may not ${permission}`), 403);
    }
    c.set('token', token);
    await next();
  };
}
