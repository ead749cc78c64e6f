import type { ReviewDataSource } from '../../contract/review/data-source';
import type { OrderFinding, OrderGroup } from '../../contract/review/orders';
import type { ReviewFilters } from '../../contract/review/review-filters';
import { formatInstant } from '../../contract/review/zoned-time';
import type { Cell, Table } from './export/cells';
import { lineNameOf, prescriberText, ruleText, type NameBook } from './names';
import { orderIds } from './OrderTable';
import { rxt, valueText, type RxKey } from './order-i18n';
import { decisionText, kindText, reasonText, severityText, verdictText } from './review-i18n';

/**
 * The prescription list as a spreadsheet: one row per finding (an order without findings is one
 * row), the order's facts repeated on each, names before ids, every value in the UI language.
 */

const PAGE = 200;
export const ORDER_EXPORT_LIMIT = 5_000;

type Row = { order: OrderGroup; finding: OrderFinding | undefined };

const COLUMNS: readonly { header: RxKey; value: (row: Row, zone: string, book: NameBook) => Cell }[] = [
  { header: 'ocol.at', value: ({ order }, zone) => formatInstant(order.at, zone) },
  { header: 'ocol.order', value: ({ order }) => order.orderId },
  { header: 'ocol.department', value: ({ order }) => order.department },
  { header: 'ocol.prescriber', value: ({ order }, _, book) => prescriberText(book, order.prescriberId) },
  { header: 'ocol.prescriberId', value: ({ order }) => order.prescriberId },
  { header: 'ocol.workstation', value: ({ order }, _, book) => order.workstation.label || book.workstation(order.workstation.id) || order.workstation.id },
  { header: 'ocol.diagnoses', value: ({ order }) => order.diagnoses.map((d) => `${d.code} ${d.name ?? ''}`.trim()).join('；') },
  { header: 'ocol.lines', value: ({ order }) => order.lines.map((l) => l.name || l.code).join('、') },
  { header: 'ocol.line', value: ({ order, finding }) => (finding?.lineId === undefined ? undefined : (order.lines.find((l) => l.id === finding.lineId)?.name ?? finding.lineCode)) },
  { header: 'ocol.code', value: ({ finding }) => finding?.lineCode },
  { header: 'ocol.rule', value: ({ order, finding }, _, book) => (finding ? ruleText(book, finding.ruleId, finding.kind, lineNameOf(order.lines, finding)) : undefined) },
  { header: 'ocol.ruleId', value: ({ finding }) => finding?.ruleId },
  { header: 'ocol.kind', value: ({ finding }) => (finding ? kindText(finding.kind) : undefined) },
  { header: 'ocol.severity', value: ({ finding }) => (finding ? severityText(finding.severity) : undefined) },
  { header: 'ocol.message', value: ({ finding }) => finding?.message },
  { header: 'ocol.basis', value: ({ finding }) => finding?.basis },
  { header: 'ocol.decision', value: ({ finding }) => (finding?.decision ? [decisionText(finding.decision.decision), valueText('action', finding.decision.action)].filter(Boolean).join(' · ') : undefined) },
  { header: 'ocol.reason', value: ({ finding }) => (finding?.decision?.reason ? reasonText(finding.decision.reason) : undefined) },
  { header: 'ocol.outcome', value: ({ order }) => rxt(`outcome.${order.outcome}`) },
  { header: 'ocol.verdict', value: ({ finding }) => (finding?.verdict ? verdictText(finding.verdict.verdict) : undefined) },
  { header: 'ocol.verdictComment', value: ({ finding }) => finding?.verdict?.comment ?? undefined },
];

export function orderTable(orders: readonly OrderGroup[], timeZone: string, book: NameBook): Table {
  const rows: Row[] = orders.flatMap((order): Row[] => (order.findings.length === 0 ? [{ order, finding: undefined }] : order.findings.map((finding) => ({ order, finding }))));
  return { header: COLUMNS.map((c) => rxt(c.header)), rows: rows.map((row) => COLUMNS.map((c) => c.value(row, timeZone, book))) };
}

/** Every order the filters select, page by page, up to `limit`. */
export async function collectOrders(
  source: ReviewDataSource,
  filters: ReviewFilters,
  signal: AbortSignal,
  onProgress: (count: number) => void,
  limit = ORDER_EXPORT_LIMIT,
): Promise<{ orders: OrderGroup[]; capped: boolean }> {
  const orders: OrderGroup[] = [];
  let cursor: string | undefined;
  do {
    const page = await source.listOrders(filters, { ...(cursor ? { cursor } : {}), limit: Math.min(PAGE, limit - orders.length) }, signal);
    orders.push(...page.orders);
    onProgress(orders.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && orders.length < limit);
  return { orders, capped: cursor !== undefined };
}

export { orderIds };
