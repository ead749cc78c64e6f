import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/tokens';
import { failedLogins } from '../auth/failures';
import { roleAllows } from '../auth/roles';
import { APPEAL_LINK_PATTERN, authenticateAppealLink } from '../review/appeal-links';
import type { AppealAuthScope } from '../review/appeals';
import { errorBody } from './errors';
import type { HubDeps, HubEnv } from './env';

/**
 * Who may appeal, and for whom (issue #11, item 5): a doctor's appeal link (`pfa_…`) speaks for
 * that doctor only; a token holding `appeals:submit` speaks for the doctors whose directory 科室 is
 * the token's department (科室 lead), or for everyone (admin). Anything else: 401 or 403, before
 * the body is read. The scope is all the appeal routes learn, and every query they run applies it.
 */
export function requireAppealScope(deps: HubDeps): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(c.req.header('authorization')?.trim() ?? '');
    const challenge = { 'WWW-Authenticate': 'Bearer realm="preflight-hub"' };
    if (!match) return c.json(errorBody('unauthenticated', 'missing bearer token'), 401, challenge);
    const presented = match[1]!;
    let scope: AppealAuthScope | undefined;
    if (presented.startsWith('pfa_')) {
      const link = await authenticateAppealLink(deps.db, deps.pepper, presented);
      if (link) scope = { kind: 'prescriber', prescriberId: link.prescriberId, linkId: link.id };
      else (deps.failedLogins ?? failedLogins).record(presented, APPEAL_LINK_PATTERN.test(presented) ? 'rejected' : 'malformed', `${c.req.method} ${c.req.path}`);
    } else {
      const token = await authenticate(deps.db, deps.pepper, presented);
      if (!token) {
        (deps.failedLogins ?? failedLogins).record(presented, 'rejected', `${c.req.method} ${c.req.path}`);
      } else if (!roleAllows(token.role, 'appeals:submit')) {
        return c.json(errorBody('forbidden', `role ${token.role} may not appeals:submit`), 403);
      } else if (token.role === 'department-lead') {
        // The table requires a department for this role; a lead without one would see nobody.
        if (!token.department) return c.json(errorBody('forbidden', 'department-lead token without a department'), 403);
        scope = { kind: 'department', department: token.department, tokenId: token.id };
      } else {
        scope = { kind: 'all', tokenId: token.id };
      }
    }
    if (!scope) return c.json(errorBody('unauthenticated', 'unknown, expired or revoked token or link'), 401, { 'WWW-Authenticate': 'Bearer realm="preflight-hub", error="invalid_token"' });
    c.set('appealScope', scope);
    await next();
  };
}
