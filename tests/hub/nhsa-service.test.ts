import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../cli/check';
import type { CliIO } from '../../cli/io';
import { EventPageSchema, type ListedEvent } from '../../contract/review/events';
import { OrderPageSchema } from '../../contract/review/orders';
import { jrIdOf } from '../../rules/interop/finding-ref';
import type { Db } from '../../hub/src/db/db';
import { DatabaseUnavailableError } from '../../hub/src/db/unavailable';
import { createApp } from '../../hub/src/http/app';
import { DRIVERS, itOnce, OPEN_TIMEOUT_MS } from './support/db';
import { REPO_ROOT } from './support/events';
import { startTestHub, type TestHub } from './support/hub';
import { Answer3101Schema, Answer3103Schema, DEMO_PACK_PATH, envelope, fixtureRequest, msgid, signedDemoPack, type Answer3101 } from './support/nhsa';
import { newSigningKey, type SigningKey } from './support/packs';

/**
 * The hub's national 3101/3103 service: the same answer as `preflight check --format 3101`, the
 * flag log shared with the extension's events, dispositions as decisions in the review.
 */

const FIXTURE_PATH = path.join(REPO_ROOT, 'tests/unit/interop/fixtures/nhsa3101-request.json');

/** `preflight check <fixture> --format 3101 --pack <demo pack>`, in process. */
async function cliAnswer(): Promise<unknown> {
  const out: string[] = [];
  const io: CliIO = {
    readFile: async (file) => (await import('node:fs/promises')).readFile(file, 'utf8'),
    readStdin: async () => '',
    out: (text) => void out.push(text),
    err: () => undefined,
  };
  expect(await runCheck(io, { input: FIXTURE_PATH, pack: DEMO_PACK_PATH, format: '3101' })).toBe(0);
  return (JSON.parse(out.join('\n')) as { output: unknown }).output;
}

describe.each(DRIVERS)('3101/3103 service on %s', (driver) => {
  let h: TestHub;
  let key: SigningKey;
  beforeAll(async () => {
    key = await newSigningKey();
    h = await startTestHub(driver, { trustedKeys: [key.trusted], packRefreshMs: 0 });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());
  // The engine's answer, the envelope and the refusals are decided above the database (support/db.ts).
  const itAnswer = itOnce(driver);

  const post = (infno: string, body: unknown, token = h.tokens.workstation, headers: Record<string, string> = {}) =>
    h.call('POST', `/api/v1/nhsa/${infno}`, { token, body, headers });
  const publish = async (version: string, select?: (rule: { id: string }) => boolean) => {
    const response = await h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body: await signedDemoPack(version, key, select) });
    expect(response.status).toBe(201);
  };
  const check = async (body = envelope('3101', fixtureRequest().input.data)): Promise<{ answer: Answer3101; version: string | null }> => {
    const response = await post('3101', body);
    expect(response.status).toBe(200);
    return { answer: Answer3101Schema.parse(await response.json()), version: response.headers.get('x-pack-version') };
  };
  // No waiting for the log anywhere below: every answer follows the commit of its records.
  const events = async (query: string): Promise<ListedEvent[]> => {
    const response = await h.call('GET', `/api/v1/events?${query}`, { token: h.tokens.quality });
    expect(response.status).toBe(200);
    return EventPageSchema.parse(await response.json()).events;
  };

  it('answers a national error naming the missing pack, and logs the unchecked call', async () => {
    const { answer, version } = await check();
    expect(answer).toMatchObject({ infcode: -1, output: null });
    expect(answer.err_msg).toContain('尚未发布规则包');
    expect(version).toBeNull();
    const logged = await events('source=his-3101');
    expect(logged.map((e) => [e.event.type, 'reason' in e.event ? e.event.reason : undefined])).toEqual([['check-incomplete', 'no-pack']]);
  });

  itAnswer('answers the 3101 request exactly as preflight check --format 3101 does, with the pack version', async () => {
    await publish('2026.11.1');
    const { answer, version } = await check();
    expect(answer.infcode).toBe(0);
    expect(answer.err_msg).toBeNull();
    expect(version).toBe('2026.11.1');
    expect(answer.output).toEqual(await cliAnswer());
    expect(answer.output!.result.map((r) => r.rule_id)).toContain('nhsa-r81-sex-尿妊娠试验');
    // The checks the 3101 data did not allow, for the 医保办's eyes.
    expect(answer.warn_msg).toContain('无用药天数(prd_days)');
    expect(answer.refmsg_time).toMatch(/^20\d{15}$/);
    expect(answer.inf_refmsgid).toHaveLength(30);
  });

  it('logs each check as the extension does: a shown finding per jr_id, a check per order, no patient identifiers', async () => {
    await publish('2026.11.1');
    const { answer } = await check();
    const logged = await events('source=his-3101&limit=500');
    const shown = logged.filter((e) => e.event.type === 'finding-shown');
    expect(shown).toHaveLength(answer.output!.result.length);
    expect(logged.filter((e) => e.event.type === 'submit-check')).toHaveLength(3);
    for (const e of logged) {
      expect(e.source).toBe('his-3101');
      expect(e.workstation.id).toBe(h.tokenIds.workstation);
      expect(e.event.packVersion).toBe('2026.11.1');
      expect(e.event.context?.patientKey).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await events('source=extension')).toEqual([]);
    // Every record of an order carries its lines and diagnoses as read back, the summary stored
    // once per order (order_summaries) rather than with each of the ~20 records.
    const request = fixtureRequest().input.data as { patient_dtos: { fsi_encounter_dtos: { fsi_order_dtos: { rx_id: string; hilist_name?: string }[] }[] }[] };
    const requestLines = new Set(request.patient_dtos.flatMap((p) => p.fsi_encounter_dtos.flatMap((e) => e.fsi_order_dtos.map((o) => o.rx_id))));
    for (const e of logged.filter((e) => e.event.type === 'finding-shown' || e.event.type === 'submit-check')) {
      const order = 'order' in e.event ? e.event.order : undefined;
      expect(order?.lines.length, e.event.id).toBeGreaterThan(0);
      for (const line of order!.lines) expect(requestLines).toContain(line.id);
      if (e.event.type === 'finding-shown' && e.event.finding.lineId !== undefined) expect(order!.lines.map((l) => l.id)).toContain(e.event.finding.lineId);
    }
    const summaries = await h.deps.db.query<{ n: number; named: number; inline: number }>(
      `SELECT (SELECT count(*)::int FROM order_summaries) AS n,
              (SELECT count(DISTINCT summary_id)::int FROM events) AS named,
              (SELECT count(*)::int FROM events WHERE payload ? 'order') AS inline`,
    );
    expect(summaries.rows[0]).toEqual({ n: 3, named: 3, inline: 0 });
    const stored = await h.deps.db.query<{ payload: string }>('SELECT payload::text AS payload FROM events UNION ALL SELECT summary::text FROM order_summaries');
    const text = stored.rows.map((r) => r.payload).join('\n');
    for (const identifier of ['110101195803070011', '32010219930415262X', '已脱敏', '示例市']) expect(text).not.toContain(identifier);
    const summary = await h.call('GET', '/api/v1/stats/summary', { token: h.tokens['insurance-office'] });
    expect(((await summary.json()) as { byType: Record<string, number> }).byType).toMatchObject({ 'finding-shown': shown.length, 'submit-check': 3 });
  });

  it('answers only once the records are committed: every answered check is in the log, also under concurrency', async () => {
    await publish('2026.11.1');
    const count = async (session: string) =>
      (await h.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE session_id = $1', [session])).rows[0]!.n;
    const answered = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const id = msgid();
        const response = await post('3101', envelope('3101', fixtureRequest().input.data, id));
        const answer = Answer3101Schema.parse(await response.json());
        // Read the moment this answer arrives, while the others may still be in flight.
        return { results: answer.output!.result.length, stored: await count(id) };
      }),
    );
    // A shown finding per result and a submit-check per order (the fixture has 3 orders).
    for (const { results, stored } of answered) expect(stored).toBe(results + 3);
  });

  itAnswer('answers 503 in the national envelope when the log cannot be written: no answer without its record', async () => {
    await publish('2026.11.1');
    // The database goes away just as the check's records are written.
    const down: Db = {
      ...h.deps.db,
      query: (sql, params) => (sql.includes('INSERT INTO events') ? Promise.reject(new DatabaseUnavailableError(2)) : h.deps.db.query(sql, params)),
    };
    const { nhsa: _own, ...deps } = h.deps;
    const app = createApp({ ...deps, db: down });
    const response = await app.request('/api/v1/nhsa/3101', {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.tokens.workstation}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(envelope('3101', fixtureRequest().input.data)),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const answer = Answer3101Schema.parse(await response.json());
    expect(answer).toMatchObject({ infcode: -1, output: null });
    expect(answer.err_msg).toContain('数据库暂不可用');
    expect(await events('limit=10')).toEqual([]);
  });

  itAnswer('stops answering a token revoked through the hub at once, though verified tokens are kept a few seconds', async () => {
    await publish('2026.11.1');
    const issued = await h.call('POST', '/api/v1/tokens', { token: h.tokens.admin, body: { role: 'workstation', label: 'HIS 临时' } });
    const { id, token } = (await issued.json()) as { id: string; token: string };
    const body = () => envelope('3101', fixtureRequest().input.data);
    expect((await post('3101', body(), token)).status).toBe(200);
    expect((await post('3101', body(), token)).status).toBe(200);
    expect((await h.call('DELETE', `/api/v1/tokens/${id}`, { token: h.tokens.admin })).status).toBe(204);
    const refused = await post('3101', body(), token);
    expect(refused.status).toBe(401);
    expect(Answer3101Schema.parse(await refused.json()).err_msg).toMatch(/令牌无效/);
  });

  it('stores a re-sent message (same msgid) once and answers it the same', async () => {
    await publish('2026.11.1');
    const body = envelope('3101', fixtureRequest().input.data);
    const first = await check(body);
    const count = (await events('limit=500')).length;
    const again = await check(body);
    expect(again.answer.output).toEqual(first.answer.output);
    expect(await events('limit=500')).toHaveLength(count);
  });

  it('records 3103 dispositions as decisions on the same findings, shown in the review and the statistics', async () => {
    await publish('2026.11.1');
    const { answer } = await check();
    const [continued, modified] = answer.output!.result;
    const response = await post('3103', envelope('3103', {
      warn_type: '1',
      warns: [
        { warn_rslt_id: continued!.jr_id, dspo_way: '1', dspo_way_rea: '患者同意自费' },
        { warn_rslt_id: modified!.jr_id, dspo_way: 2, dspo_way_rea: null },
      ],
    }));
    expect(response.status).toBe(200);
    const feedback = Answer3103Schema.parse(await response.json());
    expect(feedback).toMatchObject({ infcode: 0, err_msg: null, output: { recorded: 2 } });

    const decisions = await events('type=decision&source=his-3101');
    expect(decisions).toHaveLength(2);
    const decided = decisions.flatMap((e) => (e.event.type === 'decision' ? [e.event] : []));
    const byJr = new Map(decided.map((event) => [jrIdOf(event.decision.findingRef), event]));
    const kept = byJr.get(continued!.jr_id)!;
    const changed = byJr.get(modified!.jr_id)!;
    expect(kept).toMatchObject({
      orderId: continued!.mdtrt_id,
      finding: { ruleId: continued!.rule_id, lineId: continued!.judge_result_detail_dtos[0]!.rx_id },
      decision: { decision: 'continued', reason: '患者同意自费', reasonCode: '患者同意自费' },
    });
    expect(changed).toMatchObject({ finding: { ruleId: modified!.rule_id }, decision: { decision: 'modified' } });
    const shown = (await events('type=finding-shown')).find(
      (e) => e.event.type === 'finding-shown' && e.event.orderId === kept.orderId && e.event.finding.ruleId === continued!.rule_id && e.event.finding.lineId === continued!.judge_result_detail_dtos[0]!.rx_id,
    )!;
    expect(kept.context).toEqual(shown.event.context);
    expect((await events('type=review')).map((e) => 'outcome' in e.event && e.event.outcome)).toEqual(['returned']);

    // The 质控's review by prescription: the order with its lines and diagnoses (stored once per
    // order, apart from the records), the HIS decision on the finding; one event's detail likewise.
    const orders = OrderPageSchema.parse(await (await h.call('GET', '/api/v1/orders?source=his-3101', { token: h.tokens.quality })).json()).orders;
    const reviewed = orders.find((o) => o.orderId === kept.orderId)!;
    expect(reviewed.lines.map((l) => l.id)).toContain(continued!.judge_result_detail_dtos[0]!.rx_id);
    expect(reviewed.diagnoses.length).toBeGreaterThan(0);
    expect(reviewed.findings.find((f) => f.ruleId === continued!.rule_id)?.decision?.decision).toBe('continued');
    const detail = (await (await h.call('GET', `/api/v1/events/${shown.event.id}`, { token: h.tokens.quality })).json()) as { event: { order?: { lines: unknown[] } } };
    expect(detail.event.order?.lines).toEqual(reviewed.lines);

    const overrides = await h.call('GET', '/api/v1/stats/overrides/rule', { token: h.tokens['insurance-office'] });
    const rows = ((await overrides.json()) as { rows: { key: string; continued: number; corrected: number }[] }).rows;
    expect(rows.find((r) => r.key === continued!.rule_id)).toMatchObject({ continued: 1 });
    // The 质控 reviews a HIS decision like any other.
    const verdict = await h.call('POST', `/api/v1/events/${kept.id}/verdict`, { token: h.tokens.quality, body: { verdict: '合理使用' } });
    expect(verdict.status).toBe(201);

    // Re-sent after a timeout: nothing twice.
    const before = (await events('limit=500')).length;
    const resend = await post('3103', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: continued!.jr_id, dspo_way: '1', dspo_way_rea: '患者同意自费' }] }, 'H110105000012026112209300099'));
    expect(Answer3103Schema.parse(await resend.json()).infcode).toBe(0);
    const resend2 = await post('3103', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: continued!.jr_id, dspo_way: '1', dspo_way_rea: '患者同意自费' }] }, 'H110105000012026112209300099'));
    expect(Answer3103Schema.parse(await resend2.json()).infcode).toBe(0);
    expect(await events('limit=500')).toHaveLength(before + 2);
  });

  it('refuses a 3103 naming a jr_id this system was never answered, storing nothing', async () => {
    await publish('2026.11.1');
    const { answer } = await check();
    const jr = answer.output!.result[0]!.jr_id;
    const before = (await events('limit=500')).length;
    const stranger = await post('3103', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: jr, dspo_way: '2' }] }), h.otherWorkstation.token);
    const refused = Answer3103Schema.parse(await stranger.json());
    expect(refused.infcode).toBe(-1);
    expect(refused.err_msg).toContain('input.data.warns[0].warn_rslt_id（提醒结果ID');
    const mixed = await post('3103', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: jr, dspo_way: '2' }, { warn_rslt_id: 'jr-0000000000000000', dspo_way: '2' }] }));
    expect(Answer3103Schema.parse(await mixed.json()).err_msg).toMatch(/^input\.data\.warns\[1\]\.warn_rslt_id/);
    expect(await events('limit=500')).toHaveLength(before);
  });

  it('switches to a newly published pack at once, never mixing two packs in one answer', async () => {
    const fired = new Set(['nhsa-r81-sex-尿妊娠试验', 'nhsa-r2-insurance-type-益母草注射液']);
    await publish('2026.11.1', (rule) => !fired.has(rule.id));
    const before = await check();
    expect(before.version).toBe('2026.11.1');
    const rulesOf = (a: Answer3101) => a.output!.result.map((r) => r.rule_id).sort().join();
    const older = rulesOf(before.answer);

    const during = Array.from({ length: 12 }, () => check(envelope('3101', fixtureRequest().input.data)));
    await publish('2026.11.2');
    const answers = await Promise.all(during);
    const after = await check();
    expect(after.version).toBe('2026.11.2');
    const newer = rulesOf(after.answer);
    expect(newer).not.toBe(older);
    for (const { answer, version } of answers) expect(rulesOf(answer)).toBe(version === '2026.11.1' ? older : newer);

    const withdrawn = await h.call('POST', '/api/v1/packs/2026.11.2/withdraw', { token: h.tokens['insurance-office'], body: { reason: '测试撤回' } });
    expect(withdrawn.status).toBe(200);
    const back = await check();
    expect(back.version).toBe('2026.11.1');
    expect(rulesOf(back.answer)).toBe(older);
  });

  itAnswer('answers 3102 (事中) with the same checks', async () => {
    await publish('2026.11.1');
    const response = await post('3102', envelope('3102', { ...fixtureRequest().input.data, trig_scen: '7' }));
    const answer = Answer3101Schema.parse(await response.json());
    expect(answer.output).toEqual(await cliAnswer());
    expect((await events('source=his-3101&type=submit-check')).map((e) => e.event.profileId)).toEqual(['nhsa-3102', 'nhsa-3102', 'nhsa-3102']);
  });

  itAnswer('answers refusals of the caller in the national envelope', async () => {
    const body = envelope('3101', fixtureRequest().input.data);
    const cases: [string | undefined, number, RegExp][] = [
      [undefined, 401, /未提供令牌/],
      [h.revoked, 401, /令牌无效/],
      ['pfh_not-a-token', 401, /令牌无效/],
      [h.tokens.quality, 403, /workstation/],
    ];
    for (const [token, status, message] of cases) {
      const response = await h.call('POST', '/api/v1/nhsa/3101', { ...(token === undefined ? {} : { token }), body });
      expect(response.status).toBe(status);
      const answer = Answer3101Schema.parse(await response.json());
      expect(answer.infcode).toBe(-1);
      expect(answer.err_msg).toMatch(message);
    }
    const small = h.variant({ maxBodyBytes: 1000 });
    const big = await small.call('POST', '/api/v1/nhsa/3101', { token: h.tokens.workstation, body });
    expect(big.status).toBe(413);
    expect(Answer3101Schema.parse(await big.json()).err_msg).toContain('1000 字节');
  });

  itAnswer('over HTTP, judges the size by Content-Length or counts a streamed body, answering both in the envelope', async () => {
    await publish('2026.11.1');
    const text = JSON.stringify(envelope('3101', fixtureRequest().input.data));
    const small = h.variant({ maxBodyBytes: Buffer.byteLength(text) + 100 });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: small.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/nhsa/3101`;
      const headers = { Authorization: `Bearer ${h.tokens.workstation}`, 'Content-Type': 'application/json' };
      const streamed = (body: string) =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            const bytes = new TextEncoder().encode(body);
            for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
            controller.close();
          },
        });
      const over = `${text.slice(0, -1)}, "padding": "${'x'.repeat(200)}"}`;
      const answers = [];
      for (const init of [{ body: text }, { body: streamed(text), duplex: 'half' }, { body: over }, { body: streamed(over), duplex: 'half' }]) {
        const response = await fetch(url, { method: 'POST', headers, ...init } as RequestInit);
        answers.push([response.status, Answer3101Schema.parse(await response.json()).infcode, response.headers.get('x-content-type-options')]);
      }
      expect(answers).toEqual([[200, 0, 'nosniff'], [200, 0, 'nosniff'], [413, -1, 'nosniff'], [413, -1, 'nosniff']]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  itAnswer('answers malformed messages with infcode -1 and the field path in Chinese, storing nothing', async () => {
    await publish('2026.11.1');
    const data = () => fixtureRequest().input.data as { patient_dtos: Record<string, any>[] };
    const encounter = (d: ReturnType<typeof data>) => d.patient_dtos[0]!.fsi_encounter_dtos[0] as Record<string, any>;
    const cases: [string, string, unknown, RegExp][] = [
      ['3101', 'not JSON', '{"infno": "3101",', /^报文不是合法的 JSON/],
      ['3101', 'an array', [], /^报文：类型不符，应为对象/],
      ['3101', 'no infno', { input: { data: data() } }, /^infno（交易编号）：缺少必填字段/],
      ['3101', 'another infno', envelope('3103', data()), /^infno（交易编号）：3103 与接口地址不符，本地址应为 3101/],
      ['3101', 'no input', { infno: '3101', msgid: msgid() }, /^input（交易输入）：缺少必填字段/],
      ['3101', 'no patients', envelope('3101', { ...data(), patient_dtos: [] }), /^input\.data\.patient_dtos（参保人信息列表）：至少需要 1 项/],
      ['3101', 'a bad gend', envelope('3101', (() => { const d = data(); d.patient_dtos[0]!.gend = '3'; return d; })()), /^input\.data\.patient_dtos\[0\]\.gend（性别）：取值不在允许范围内（允许：0、1、2、9）/],
      ['3101', 'no adm_date', envelope('3101', (() => { const d = data(); delete encounter(d).adm_date; return d; })()), /^input\.data\.patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.adm_date（入院日期（门诊为就诊日期））：缺少必填字段/],
      ['3101', 'a slashed date', envelope('3101', (() => { const d = data(); encounter(d).adm_date = '2026/11/22'; return d; })()), /adm_date（入院日期（门诊为就诊日期））：日期格式不符/],
      ['3101', 'a line without a code', envelope('3101', (() => { const d = data(); const o = encounter(d).fsi_order_dtos[1]; delete o.hilist_code; return d; })()), /fsi_order_dtos\[1\]\.hilist_code（医保目录编码）：缺少医保目录编码/],
      ['3101', 'a text count', envelope('3101', (() => { const d = data(); encounter(d).fsi_order_dtos[0].cnt = '两盒'; return d; })()), /fsi_order_dtos\[0\]\.cnt（数量）：类型不符，应为数字/],
      ['3103', 'no warns', envelope('3103', { warn_type: '1', warns: [] }), /^input\.data\.warns（提醒信息列表）：至少需要 1 项/],
      ['3103', 'continuing without a reason', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: 'jr-1', dspo_way: '1' }] }), /^input\.data\.warns\[0\]\.dspo_way_rea（处理原因）：处理方式为 1（继续执行医嘱）时须填写处理原因/],
      ['3103', 'an unknown disposition', envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: 'jr-1', dspo_way: '3' }] }), /^input\.data\.warns\[0\]\.dspo_way（处理方式）：取值不在允许范围内（允许：1、2）/],
    ];
    for (const [infno, what, body, message] of cases) {
      const response = await post(infno, body);
      expect(response.status, what).toBe(200);
      const answer = Answer3101Schema.parse(await response.json());
      expect(answer.infcode, what).toBe(-1);
      expect(answer.output, what).toBeNull();
      expect(answer.err_msg, what).toMatch(message);
    }
    const form = await post('3101', 'infno=3101', h.tokens.workstation, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(Answer3101Schema.parse(await form.json()).err_msg).toMatch(/须为 JSON/);
    expect(await events('limit=10')).toEqual([]);
  });
});
