import { describe, expect, it } from 'vitest';
import { parse3101 } from '../../../rules/interop/nhsa3101-request';
import { ordersFrom3101 } from '../../../rules/interop/nhsa3101';
import { to3101Response, Response3101Schema } from '../../../rules/interop/nhsa3101-result';
import { to3103Request, toWarn, Request3103Schema, IGNORED_REASON } from '../../../rules/interop/nhsa3103';
import { jrIdOf, refOf } from '../../../rules/interop/finding-ref';
import { DecisionSchema, type Decision } from '../../../contract/decision';
import type { CheckResult, Finding } from '../../../contract/findings';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { formatPath } from '../../../rules/pack/load';
import { request3101, testPack } from './fixtures';

function checkFixture() {
  const parsed = parse3101(request3101());
  if (!parsed.success) throw new Error('fixture does not parse');
  const conversion = ordersFrom3101(parsed.data);
  const pack = testPack();
  const compiled = compilePack(pack);
  const results = conversion.orders.map((o) => evaluate(compiled, o));
  return { ...conversion, pack, results };
}

const AT = '2026-11-22T09:30:00+08:00';

describe('findings → 3101 result', () => {
  const { results, links, pack, orders } = checkFixture();
  const response = to3101Response(results, { links, rules: pack.rules, orders });
  const [sexResult, insuranceResult] = response.output.result;

  it('flags the male patient’s 尿妊娠试验 and the resident’s 益母草注射液, nothing else', () => {
    expect(Response3101Schema.parse(response)).toEqual(response);
    expect(response.output.result.map((r) => [r.rule_id, r.judge_result_detail_dtos.map((d) => d.rx_id)])).toEqual([
      ['nhsa-b1-sex-尿妊娠试验', ['R1-02']],
      ['nhsa-b3-insurance-益母草注射液', ['R2-07']],
    ]);
  });

  it('fills every field from the finding, the rule and the request', () => {
    const finding = results[1]!.findings[0]!;
    expect(insuranceResult).toEqual({
      jr_id: jrIdOf({ orderId: 'MD-IP-20261118-0457', ruleId: 'nhsa-b3-insurance-益母草注射液', lineId: 'R2-07' }),
      rule_id: 'nhsa-b3-insurance-益母草注射液',
      rule_name: '限险种：益母草注射液',
      vola_cont: finding.message,
      vola_evid: '国家医保局两库 第三批 药品规则库（限定保险类型）；限生育保险',
      sev_deg: '2',
      vola_bhvr_type: 'insurance-type',
      vola_amt: 75,
      patn_id: '32010219930415262X',
      mdtrt_id: 'MD-IP-20261118-0457',
      task_id: 'T20261122-0001',
      judge_result_detail_dtos: [
        {
          jrd_id: `${insuranceResult!.jr_id}-1`,
          patn_id: '32010219930415262X',
          mdtrt_id: 'MD-IP-20261118-0457',
          rx_id: 'R2-07',
          vola_item_type: '101',
          vola_amt: 75,
        },
      ],
    });
    expect(finding.message).toContain('限生育保险支付');
    expect(sexResult).toMatchObject({ patn_id: '110101195803070011', vola_amt: 5, vola_evid: '国家医保局两库 第一批 项目规则库(限定性别对象)' });
    expect(sexResult!.judge_result_detail_dtos[0]!.vola_item_type).toBe('201');
  });

  it('answers a 出院带药 finding under the encounter’s own mdtrt_id', () => {
    const raw = request3101();
    raw.input.data.patient_dtos[1]!.gend = '1'; // now the discharge 益母草颗粒 (限女性) is flagged
    const parsed = parse3101(raw);
    if (!parsed.success) throw new Error('does not parse');
    const conversion = ordersFrom3101(parsed.data);
    const compiled = compilePack(testPack());
    const out = to3101Response(conversion.orders.map((o) => evaluate(compiled, o)), { links: conversion.links });
    const discharge = out.output.result.find((r) => r.rule_id === 'nhsa-r67-sex-益母草颗粒')!;
    expect(discharge.mdtrt_id).toBe('MD-IP-20261118-0457');
    expect(discharge.judge_result_detail_dtos[0]!.rx_id).toBe('R2-09');
    expect(discharge.jr_id).toBe(jrIdOf({ orderId: 'MD-IP-20261118-0457-dscg', ruleId: 'nhsa-r67-sex-益母草颗粒', lineId: 'R2-09' }));
  });

  it('maps severities and falls back to order ids without a 3101 link', () => {
    const result: CheckResult = {
      orderId: 'rx-1',
      packVersion: '1',
      elapsedMs: 0,
      findings: (['info', 'warning', 'critical'] as const).map((severity, i): Finding => ({
        ruleId: `r${i}`, kind: 'data', severity, message: '未能核对', actions: [],
      })),
    };
    const out = to3101Response([result]);
    expect(out.output.result.map((r) => r.sev_deg)).toEqual(['3', '2', '1']);
    expect(out.output.result[0]).toMatchObject({ mdtrt_id: 'rx-1', rule_name: '数据不全', judge_result_detail_dtos: [] });
  });

  it('lists every line of a cross-line finding, with the amount on its own line only', () => {
    const result: CheckResult = {
      orderId: 'rx-2', packVersion: '1', elapsedMs: 0,
      findings: [{ ruleId: 'dup', kind: 'duplicate-drug', severity: 'warning', message: '重复开药', actions: [], lineId: '2', relatedLineIds: ['1', '2'], amountAtRisk: 30 }],
    };
    const details = to3101Response([result]).output.result[0]!.judge_result_detail_dtos;
    expect(details.map((d) => [d.rx_id, d.vola_amt])).toEqual([['2', 30], ['1', undefined]]);
    expect(new Set(details.map((d) => d.jrd_id)).size).toBe(2);
  });
});

describe('findings sharing a rule and a line', () => {
  // A day-limit rule can report both an over-limit and a data gap on one line (比卡鲁胺片, 56 天 > 30 天).
  const overLimit: Finding = {
    ruleId: 'rx-day-limits', kind: 'quantity', lineId: 'R1-01', severity: 'warning',
    message: '比卡鲁胺片 门诊慢病处方 56 天，超过 30 天上限，超出 26 天医保不予支付', basis: '处方管理办法', actions: [], amountAtRisk: 52.28,
  };
  const gap: Finding = { ruleId: 'rx-day-limits', kind: 'data', lineId: 'R1-01', severity: 'info', message: '比卡鲁胺片 未填数量单位，未核对总量', actions: [] };
  const result: CheckResult = { orderId: 'MD-OP-20261122-0101', packVersion: '1', elapsedMs: 0, findings: [gap, overLimit] };

  it('become one 3101 result, led by the most severe, whose jr_id a decision answers', () => {
    const [only, ...rest] = to3101Response([result]).output.result;
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ sev_deg: '2', vola_bhvr_type: 'quantity', vola_amt: 52.28, vola_evid: '处方管理办法' });
    expect(only!.vola_cont).toBe(`${overLimit.message}；${gap.message}`);
    const warn = toWarn(DecisionSchema.parse({ findingRef: refOf(result.orderId, gap), decision: 'modified', at: AT }));
    expect(warn.warn_rslt_id).toBe(only!.jr_id);
  });
});

describe('jr_id', () => {
  it('is stable and distinguishes order, rule and line', () => {
    const ref = { orderId: 'MD-OP-20261122-0101', ruleId: 'nhsa-b1-sex-尿妊娠试验', lineId: 'R1-02' };
    expect(jrIdOf(ref)).toBe(jrIdOf({ ...ref }));
    expect(jrIdOf(ref)).toMatch(/^jr-[0-9a-f]{16}$/);
    const variants = [{ ...ref, lineId: 'R1-01' }, { ...ref, ruleId: 'x' }, { ...ref, orderId: 'y' }, { orderId: ref.orderId, ruleId: ref.ruleId }];
    for (const v of variants) expect(jrIdOf(v)).not.toBe(jrIdOf(ref));
    // Joining without a separator would make these collide.
    expect(jrIdOf({ orderId: 'a', ruleId: 'bc' })).not.toBe(jrIdOf({ orderId: 'ab', ruleId: 'c' }));
  });
});

describe('decisions → 3103', () => {
  const { results, links, pack } = checkFixture();
  const response = to3101Response(results, { links, rules: pack.rules });

  it('answers each warning with the jr_id of the 3101 result', () => {
    const decisions: Decision[] = results.flatMap((r) =>
      r.findings.map((f, i) =>
        DecisionSchema.parse(
          i === 0 && r.orderId.startsWith('MD-OP')
            ? { findingRef: refOf(r.orderId, f), decision: 'removed-line', at: AT }
            : { findingRef: refOf(r.orderId, f), decision: 'continued', reasonCode: '患者同意自费', reason: '患者同意自费', at: AT },
        ),
      ),
    );
    const request = to3103Request(decisions);
    expect(Request3103Schema.parse(request)).toEqual(request);
    expect(request.input.data.warn_type).toBe('1');
    expect(request.input.data.warns.map((w) => w.warn_rslt_id)).toEqual(response.output.result.map((r) => r.jr_id));
    expect(request.input.data.warns).toEqual([
      { warn_rslt_id: response.output.result[0]!.jr_id, dspo_way: '2' },
      { warn_rslt_id: response.output.result[1]!.jr_id, dspo_way: '1', dspo_way_rea: '患者同意自费' },
    ]);
  });

  const ref = { orderId: 'MD-IP-20261118-0457', ruleId: 'nhsa-b3-insurance-益母草注射液', lineId: 'R2-07' };

  it('maps modified to 返回修改 and ignored to 继续执行 with a stated reason', () => {
    expect(toWarn(DecisionSchema.parse({ findingRef: ref, decision: 'modified', at: AT }))).toEqual({ warn_rslt_id: jrIdOf(ref), dspo_way: '2' });
    expect(toWarn(DecisionSchema.parse({ findingRef: ref, decision: 'ignored', at: AT }))).toMatchObject({ dspo_way: '1', dspo_way_rea: IGNORED_REASON });
  });

  it('puts the preset before the doctor’s own words, once', () => {
    const continued = (extra: object) => toWarn(DecisionSchema.parse({ findingRef: ref, decision: 'continued', at: AT, ...extra }));
    expect(continued({ reasonCode: '已获审批', reason: '审批号 SP-2026-118' }).dspo_way_rea).toBe('已获审批：审批号 SP-2026-118');
    expect(continued({ reason: '产后出血，临床必需' }).dspo_way_rea).toBe('产后出血，临床必需');
    expect(continued({ reasonCode: '已获审批', reason: '已获审批' }).dspo_way_rea).toBe('已获审批');
  });
});

describe('DecisionSchema', () => {
  const ref = { orderId: 'o', ruleId: 'r' };
  const paths = (raw: unknown): string[] => {
    const parsed = DecisionSchema.safeParse(raw);
    return parsed.success ? [] : parsed.error.issues.map((i) => formatPath(i.path));
  };

  it('requires a reason when the doctor continues, and only then', () => {
    expect(paths({ findingRef: ref, decision: 'continued', at: AT })).toEqual(['reason']);
    expect(paths({ findingRef: ref, decision: 'continued', reason: '  ', at: AT })).toEqual(['reason']);
    expect(paths({ findingRef: ref, decision: 'continued', reasonCode: '已获审批', at: AT })).toEqual(['reason']);
    expect(paths({ findingRef: ref, decision: 'removed-line', at: AT })).toEqual([]);
  });

  it('accepts only the preset reason codes, a known decision and an ISO datetime', () => {
    expect(paths({ findingRef: ref, decision: 'continued', reason: 'x', reasonCode: '其他', at: AT })).toEqual(['reasonCode']);
    expect(paths({ findingRef: ref, decision: 'accepted', at: AT })).toEqual(['decision']);
    expect(paths({ findingRef: ref, decision: 'modified', at: '2026-11-22' })).toEqual(['at']);
    expect(paths({ findingRef: { orderId: 'o' }, decision: 'modified', at: AT })).toEqual(['findingRef.ruleId']);
  });
});
