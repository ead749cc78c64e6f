import type { Finding } from '../../contract/findings';
import type { OrderLine } from '../../contract/order';
import { fieldName } from '../../contract/order-fields';
import { lineLabel, makeFinding } from '../kinds/finding';
import type { CompiledRule } from './compile';

/**
 * A rule that needs a field the page could not read (a renamed column) is not judged on its
 * absence: 未见审批号 would be a guess when the 审批号 column is simply gone. It reports one data
 * gap naming the field and what went unchecked, as a missing 天数 or 频次 already does.
 */
export function unreadGap(rule: CompiledRule, line: OrderLine, unread: ReadonlySet<string>): Finding | undefined {
  const needs = rule.def.needs;
  if (!needs) return undefined;
  const missing = needs.fields.filter((field) => unread.has(field));
  if (missing.length === 0) return undefined;
  const names = missing.map((field) => `「${fieldName(field)}」`).join('');
  return makeFinding(rule.rule, line, {
    kind: 'data',
    severity: 'info',
    message: `${lineLabel(line)} 页面未读取${names}，未核对${needs.check}`,
    amountAtRisk: 0,
  });
}
