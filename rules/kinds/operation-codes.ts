import { z } from 'zod';
import type { Finding, RuleKind } from '../../contract/findings';
import type { Operation } from '../../contract/order';
import type { RuleBase } from '../pack/rule-base';
import type { EvalContext } from '../engine/context';
import { compactOperation } from '../data/icd9-operations';
import { makeFinding } from './finding';

/**
 * What the operation kinds share: spans of ICD-9-CM-3 categories (`65`–`71`, or subcategories
 * `64.4`), compared on the code without its full stop as ICD-10 ranges are (each end on its own
 * length), the operations' label, and the data gap when the page has operations it could not read.
 */
export const OperationSpanSchema = z.object({
  from: z.string().regex(/^\d{2}(?:\.\d{1,2})?$/, 'expected an ICD-9-CM-3 category such as 65 or 64.4'),
  to: z.string().regex(/^\d{2}(?:\.\d{1,2})?$/, 'expected an ICD-9-CM-3 category such as 71 or 64.4'),
  title: z.string().optional(),
});
export type OperationSpan = z.infer<typeof OperationSpanSchema>;

/** The span an operation code falls in, if any (both compared compact: 652500X001 against 65–71). */
export function spanOf<S extends OperationSpan>(code: string, spans: readonly S[]): S | undefined {
  const compact = compactOperation(code);
  for (const span of spans) {
    const from = compactOperation(span.from);
    const to = compactOperation(span.to);
    if (compact.length < from.length) continue;
    if (compact.slice(0, from.length) >= from && compact.slice(0, to.length) <= to) return span;
  }
  return undefined;
}

/** Whether the code starts with one of `prefixes` (64.5 covers 64.5000x001). */
export const hasOperationPrefix = (code: string, prefixes: readonly string[]): boolean => {
  const compact = compactOperation(code);
  return prefixes.some((p) => compact.startsWith(compactOperation(p)));
};

/** "74.1x00 低位子宫下段剖宫产", or the code alone. */
export const operationLabel = (o: Operation): string => (o.name ? `${o.code} ${o.name}` : o.code);

/** Each operation once (a code entered twice is one operation), as the page wrote it. */
export function distinctOperations(ctx: EvalContext): Operation[] {
  const seen = new Set<string>();
  return (ctx.order.encounter.operations ?? []).filter((o) => {
    const key = compactOperation(o.code);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** 核对手术操作编码: back to the page's operation entry (as 核对诊断编码 is for diagnoses). */
export const checkOperationAction = { type: 'add-diagnosis' as const, label: '核对手术操作编码' };

/**
 * The page shows operations but could not read them: one data gap for the order (never a guess
 * from an empty list), naming what went unchecked.
 */
export function operationsGap(rule: Pick<RuleBase, 'id' | 'severity' | 'basis' | 'text'> & { kind: RuleKind }, ctx: EvalContext): Finding[] {
  if (!ctx.unread?.has('encounter.operations')) return [];
  return [makeFinding(rule, undefined, { kind: 'data', severity: 'info', message: '页面未读取「手术操作」，手术操作编码（格式、与性别、与诊断）未核对', amountAtRisk: 0 })];
}
