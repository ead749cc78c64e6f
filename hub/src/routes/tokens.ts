import { Hono } from 'hono';
import { z } from 'zod';
import { RoleSchema } from '../../../contract/roles';
import { createToken, listTokens, revokeToken } from '../auth/tokens';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';

const TokenInputSchema = z
  .object({
    role: RoleSchema,
    /** Where the token is used, e.g. 门诊3诊室: shown in the dashboard next to its events. */
    label: z.string().trim().min(1).max(100),
    /** A 科室 lead's department, as the doctor directory writes it (role department-lead only). */
    department: z.string().trim().min(1).max(100).optional(),
  })
  .refine((t) => (t.role === 'department-lead') === (t.department !== undefined), {
    path: ['department'],
    message: 'a department-lead token needs a department (科室), and no other role takes one',
  });

const TokenIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'expected a token id (16 hex digits)');

export function tokenRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('/tokens', requirePermission(deps, 'tokens:manage'));
  app.use('/tokens/*', requirePermission(deps, 'tokens:manage'));

  app.get('/tokens', async (c) => c.json({ tokens: await listTokens(deps.db) }));

  app.post('/tokens', limitBody(16 * 1024), async (c) => {
    const input = parseOrThrow(TokenInputSchema, await readJson(c), 'token');
    const issued = await createToken(deps.db, deps.pepper, { ...input, createdBy: c.get('token').id });
    // The only response that ever carries a secret: keep it out of caches.
    return c.json(issued, 201, { 'Cache-Control': 'no-store' });
  });

  app.delete('/tokens/:id', async (c) => {
    const id = parseOrThrow(TokenIdSchema, c.req.param('id'), 'token-id');
    if (!(await revokeToken(deps.db, id))) throw new HttpError(404, 'not-found', `no live token ${id}`);
    // The 3101 service keeps verified tokens a few seconds: this process refuses it from now on.
    deps.nhsa?.tokens.forget(id);
    return c.body(null, 204);
  });

  return app;
}
