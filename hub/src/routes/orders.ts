import { Hono } from 'hono';
import { z } from 'zod';
import { DirectoryImportInputSchema, MAX_DIRECTORY_CSV_CHARS } from '../../../contract/review/directory';
import { NamesQuerySchema } from '../../../contract/review/names';
import { OrderDetailQuerySchema, OrderListQuerySchema } from '../../../contract/review/orders';
import { queryText } from '../../../contract/review/event-filters';
import { importDirectory, listDirectory } from '../directory/store';
import { requirePermission } from '../http/auth';
import { limitBody, readJson } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { HttpError, parseOrThrow } from '../http/errors';
import { lookupNames } from '../review/names';
import { BadOrderCursorError, listOrders, orderDetail } from '../review/orders';

/**
 * Review by prescription (issue #11): orders with their findings, decisions and verdicts; the
 * names the views show instead of ids; and the doctor directory the 医保办 imports.
 */

const DirectoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  search: queryText(100).optional(),
});

export function orderRoutes(deps: HubDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  app.get('/orders', requirePermission(deps, 'events:read'), async (c) => {
    const query = parseOrThrow(OrderListQuerySchema, c.req.query(), 'query');
    try {
      return c.json(await listOrders(deps.db, query));
    } catch (error) {
      if (error instanceof BadOrderCursorError) throw new HttpError(400, 'invalid-query', error.message, [{ path: 'cursor', message: error.message }]);
      throw error;
    }
  });

  // One order by its key (the list's `key`): a link to a prescription opens it without the list.
  app.get('/orders/one', requirePermission(deps, 'events:read'), async (c) => {
    const { key } = parseOrThrow(OrderDetailQuerySchema, c.req.query(), 'query');
    const order = await orderDetail(deps.db, key);
    if (!order) throw new HttpError(404, 'not-found', 'no such order');
    return c.json(order);
  });

  // A read, sent as POST: a page of rule ids in Chinese would not fit a URL.
  app.post('/names', requirePermission(deps, 'events:read'), limitBody(512 * 1024), async (c) => {
    const query = parseOrThrow(NamesQuerySchema, await readJson(c), 'names');
    return c.json(await lookupNames(deps.db, query));
  });

  app.get('/prescribers', requirePermission(deps, 'directory:manage'), async (c) => {
    const query = parseOrThrow(DirectoryQuerySchema, c.req.query(), 'query');
    return c.json(await listDirectory(deps.db, query));
  });

  app.post('/prescribers/import', requirePermission(deps, 'directory:manage'), limitBody(MAX_DIRECTORY_CSV_CHARS * 3 + 1024), async (c) => {
    const input = parseOrThrow(DirectoryImportInputSchema, await readJson(c), 'directory');
    const answer = await importDirectory(deps.db, input.csv, { replace: input.replace, by: c.get('token').id });
    if (answer.stored) console.log(`[hub] 医生目录已导入：新增 ${answer.added}，更新 ${answer.updated}，删除 ${answer.removed}，操作者令牌 ${c.get('token').id.slice(0, 6)}…`);
    // Row errors are the file's, not the request's: answered 422 with every row named.
    return c.json(answer, answer.stored ? 200 : 422);
  });

  return app;
}
