import { OrderSchema, type Order } from '../../contract/order';
import type { CheckResult, Finding } from '../../contract/findings';
import { compilePack } from '../../rules/engine/compile';
import { evaluate } from '../../rules/engine/evaluate';
import { looksLike3101, ordersFrom3101, parse3101 } from '../../rules/interop';
import { formatPath, zodErrors, type FieldError } from '../../rules/pack/load';
import type { Pack, Rule } from '../../rules/pack/schema';

/**
 * 试算: run orders against the working rule set, compiled here in the options page, so an edited
 * and unpublished rule set can be tried before anything reaches a workstation.
 */

export type TrialInput =
  | { ok: true; format: 'order' | 'orders' | '3101'; orders: Order[]; notes: string[] }
  | { ok: false; errors: FieldError[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseOrders(raw: unknown[]): TrialInput {
  const orders: Order[] = [];
  const errors: FieldError[] = [];
  raw.forEach((item, i) => {
    const parsed = OrderSchema.safeParse(item);
    if (parsed.success) orders.push(parsed.data);
    else errors.push(...zodErrors(parsed.error).map((e) => ({ ...e, path: formatPath([i]) + (e.path === '(root)' ? '' : `.${e.path}`) })));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, format: 'orders', orders, notes: [] };
}

/**
 * Reads what was pasted: an order in the contract shape, an array of orders, or a national 3101
 * request (wrapped in `input.data` or bare). Errors carry the path of the bad field.
 */
export function parseTrialInput(text: string): TrialInput {
  if (!text.trim()) return { ok: false, errors: [{ path: '(root)', message: '请粘贴医嘱 JSON 或 3101 入参' }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', message: `不是有效的 JSON：${(e as Error).message}` }] };
  }
  if (looksLike3101(raw)) {
    const parsed = parse3101(raw);
    if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
    const conversion = ordersFrom3101(parsed.data);
    const notes = conversion.notes.map((n) => (n.orderId ? `${n.orderId}：${n.message}` : n.message));
    if (conversion.orders.length === 0) return { ok: false, errors: [{ path: '(root)', message: notes.join('；') || '3101 入参中没有当前医嘱' }] };
    return { ok: true, format: '3101', orders: conversion.orders, notes };
  }
  if (Array.isArray(raw)) return parseOrders(raw);
  // A saved example may keep its title beside the order.
  const orderRaw = isRecord(raw) && isRecord(raw['order']) ? raw['order'] : raw;
  const parsed = OrderSchema.safeParse(orderRaw);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  return { ok: true, format: 'order', orders: [parsed.data], notes: [] };
}

export interface TrialFinding {
  finding: Finding;
  /** The rule that produced it; undefined for the engine's own findings (pack not in force). */
  rule: Rule | undefined;
}

export interface TrialOrderResult {
  order: Order;
  result: CheckResult;
  findings: TrialFinding[];
}

export interface TrialRun {
  compileMs: number;
  /** Sum of the engine's own evaluate times. */
  evaluateMs: number;
  ruleCount: number;
  orders: TrialOrderResult[];
}

const now = () => performance.now();

/** Compiles `pack` and checks each order, pairing every finding with its rule. */
export function runTrial(pack: Pack, orders: readonly Order[]): TrialRun {
  const started = now();
  const compiled = compilePack(pack);
  const compileMs = now() - started;
  const rules = new Map(pack.rules.map((r) => [r.id, r]));
  const results = orders.map((order): TrialOrderResult => {
    const result = evaluate(compiled, order);
    return { order, result, findings: result.findings.map((finding) => ({ finding, rule: rules.get(finding.ruleId) })) };
  });
  return {
    compileMs,
    evaluateMs: results.reduce((sum, r) => sum + r.result.elapsedMs, 0),
    ruleCount: compiled.ruleCount,
    orders: results,
  };
}
