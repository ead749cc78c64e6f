import type { CheckResult } from '../../../contract/findings';
import { evaluate } from '../../../rules/engine/evaluate';
import { Data3101Schema } from '../../../rules/interop/nhsa3101-request';
import { ordersFrom3101 } from '../../../rules/interop/nhsa3101';
import { to3101Response } from '../../../rules/interop/nhsa3101-result';
import { describeIssuesZh, errMsgZh } from '../../../rules/interop/nhsa-errors';
import type { Rule } from '../../../rules/pack/schema';
import { answerError, answerOk, type NhsaAnswer } from './envelope';
import { checkRecords, incompleteRow, type CallContext } from './log-events';
import type { NhsaService } from './service';

/**
 * 3101 明细审核事前分析 and 3102 事中分析 on the hub: the national request in, the national result
 * out, checked with the hub's active signed pack exactly as `preflight check --format 3101` checks
 * it (same converter, same engine, same result builder), and logged as flag events.
 */

export interface CheckAnswer {
  answer: NhsaAnswer;
  /** The pack version used, for the X-Pack-Version header; absent when nothing was checked. */
  packVersion?: string;
}

const PATH_PREFIX = ['input', 'data'] as const;

export async function check3101(service: NhsaService, call: CallContext, body: unknown, data: unknown): Promise<CheckAnswer> {
  const started = performance.now();
  const parsed = Data3101Schema.safeParse(data);
  if (!parsed.success) return { answer: answerError(call.receipt, errMsgZh(describeIssuesZh(parsed.error, body, PATH_PREFIX))) };

  const state = await service.packs.get();
  if (!state.ok) {
    const first = parsed.data.patient_dtos[0]?.fsi_encounter_dtos[0]?.mdtrt_id;
    const row = incompleteRow(call, first, performance.now() - started);
    if (row) await service.writer.write({ rows: [row] });
    return { answer: answerError(call.receipt, state.message) };
  }
  const pack = state.pack;

  const conversion = ordersFrom3101(parsed.data);
  const converted = performance.now();
  const results: CheckResult[] = conversion.orders.map((order) => evaluate(pack.compiled, order));
  const evaluated = performance.now();

  const records = checkRecords(call, conversion.orders, results, pack.version, {
    extractMs: converted - started,
    engineMs: evaluated - converted,
    totalMs: evaluated - started,
  });
  // Committed before the answer (see EventWriter): what the HIS is told is in the log. The
  // answer's findings are put in national form while the database writes, not before.
  const written = service.writer.write(records);
  let response: ReturnType<typeof to3101Response>;
  try {
    // Only the rules that found something: to3101Response indexes what it is given, and a
    // national pack has tens of thousands of rules.
    const rules = [...new Set(results.flatMap((r) => r.findings.map((f) => f.ruleId)))]
      .map((id) => pack.rulesById.get(id))
      .filter((rule): rule is Rule => rule !== undefined);
    response = to3101Response(results, { links: conversion.links, rules, orders: conversion.orders });
  } finally {
    await written;
  }

  const warnings = conversion.notes.map((n) => (n.orderId ? `${n.orderId}：${n.message}` : n.message));
  if (pack.expiredOn !== undefined) warnings.unshift(`规则包 ${pack.version} 已于 ${pack.expiredOn} 过有效期，请医保办发布新版本`);
  return {
    answer: answerOk(call.receipt, response.output, warnings.length > 0 ? warnings.join('；') : null),
    packVersion: pack.version,
  };
}
