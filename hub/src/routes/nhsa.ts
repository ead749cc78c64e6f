import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { NhsaRequestEnvelopeSchema, type NhsaInfno } from '../../../contract/nhsa-envelope';
import { describeIssuesZh, errMsgZh } from '../../../rules/interop/nhsa-errors';
import type { TokenRecord } from '../auth/tokens';
import { failedLogins } from '../auth/failures';
import { roleAllows } from '../auth/roles';
import { DatabaseUnavailableError } from '../db/unavailable';
import { boundedBody } from '../http/body';
import type { HubDeps, HubEnv } from '../http/env';
import { check3101 } from '../nhsa/check';
import { answerError, NhsaFailure, receipt, type NhsaAnswer, type Receipt } from '../nhsa/envelope';
import { feedback3103 } from '../nhsa/feedback';
import { patientSaltOf, type CallContext } from '../nhsa/log-events';
import type { NhsaService } from '../nhsa/service';

/**
 * `POST /api/v1/nhsa/3101` (事前分析), `/3102` (事中分析) and `/3103` (服务反馈): the national
 * interfaces answered by the hub, for HIS that cannot host the extension. Every answer — auth
 * and size refusals and outages included — is the national envelope, since that is all such a
 * HIS reads; input errors are HTTP 200 with infcode -1, as the platform answers them.
 */

const TOKEN = /^Bearer ([\x21-\x7e]{1,200})$/;

async function caller(c: Context, deps: HubDeps, service: NhsaService): Promise<TokenRecord> {
  const match = TOKEN.exec(c.req.header('authorization')?.trim() ?? '');
  if (!match) throw new NhsaFailure(401, '未提供令牌：请在请求头加 Authorization: Bearer <工作站令牌>');
  // A HIS sends the same token with every check: verified tokens are kept a few seconds.
  const token = await service.tokens.authenticate(deps.db, deps.pepper, match[1]!);
  if (!token) {
    (deps.failedLogins ?? failedLogins).record(match[1]!, /^pfh_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(match[1]!) ? 'rejected' : 'malformed', `${c.req.method} ${c.req.path}`);
    throw new NhsaFailure(401, '令牌无效、未知或已吊销，请向信息科重新申请工作站令牌');
  }
  if (!roleAllows(token.role, 'checks:run')) throw new NhsaFailure(403, `令牌角色 ${token.role} 无权调用审核服务，须使用工作站（workstation）令牌`);
  return token;
}

async function readBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  // HIS send application/json, sometimes text/plain or text/json; a form post is not a message.
  if (!/^(application|text)\/(json|plain)\s*(;|$)/i.test(type)) {
    throw new NhsaFailure(200, '请求须为 JSON（Content-Type: application/json; charset=UTF-8）');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new NhsaFailure(200, `报文不是合法的 JSON：${(error as Error).message}`);
  }
}

function send(c: Context, answer: NhsaAnswer, status: NhsaFailure['status'] = 200, headers: Record<string, string> = {}): Response {
  return c.json(answer, status, headers);
}

export function nhsaRoutes(deps: HubDeps, service: NhsaService): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const salt = patientSaltOf(deps.pepper);

  const fail = (c: Context, r: Receipt, error: unknown, infno: string): Response => {
    if (error instanceof NhsaFailure) return send(c, answerError(r, error.message), error.status, error.headers);
    if (error instanceof DatabaseUnavailableError) {
      return send(c, answerError(r, '医院中心端数据库暂不可用，请稍后重试'), 503, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    console.error(`[hub] nhsa ${infno} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    return send(c, answerError(r, '医院中心端内部错误，请联系信息科查看中心端日志'), 500);
  };

  // The token before the body, as on every other route: a refused caller costs one lookup.
  const auth: MiddlewareHandler<HubEnv> = async (c, next) => {
    try {
      c.set('token', await caller(c, deps, service));
    } catch (error) {
      return fail(c, receipt(deps.config.timeZone), error, c.req.path);
    }
    await next();
  };

  const handle = (infno: NhsaInfno) => async (c: Context<HubEnv>) => {
    const r: Receipt = receipt(deps.config.timeZone);
    try {
      const token = c.get('token');
      const body = await readBody(c);
      const envelope = NhsaRequestEnvelopeSchema.safeParse(body);
      if (!envelope.success) return send(c, answerError(r, errMsgZh(describeIssuesZh(envelope.error, body))));
      if (envelope.data.infno !== infno) {
        return send(c, answerError(r, `infno（交易编号）：${envelope.data.infno} 与接口地址不符，本地址应为 ${infno}`));
      }
      const call: CallContext = { workstationId: token.id, receipt: r, infno, msgid: envelope.data.msgid, patientSalt: salt };
      if (infno === '3103') return send(c, await feedback3103(deps.db, service.writer, call, body, envelope.data.input.data));
      const checked = await check3101(service, call, body, envelope.data.input.data);
      return send(c, checked.answer, 200, checked.packVersion === undefined ? {} : { 'X-Pack-Version': checked.packVersion });
    } catch (error) {
      return fail(c, r, error, infno);
    }
  };

  const limit = boundedBody(deps.config.maxBodyBytes, (c) =>
    send(c, answerError(receipt(deps.config.timeZone), `报文超过 ${deps.config.maxBodyBytes} 字节上限`), 413),
  );
  for (const infno of ['3101', '3102', '3103'] as const) app.post(`/nhsa/${infno}`, auth, limit, handle(infno));
  return app;
}
