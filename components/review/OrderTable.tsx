import { SeverityIcon } from '../SeverityIcon';
import type { LoggedLine } from '../../contract/order-summary';
import type { OrderFinding, OrderGroup } from '../../contract/review/orders';
import { formatInstant } from '../../contract/review/zoned-time';
import { lineNameOf, PrescriberTitle, ruleText, useNames, type NameBook } from './names';
import { rxt } from './order-i18n';
import { rt, severityText } from './review-i18n';

export interface OrderTableProps {
  orders: readonly OrderGroup[];
  timeZone: string;
  selectedKey?: string | undefined;
  onOpen: (key: string) => void;
  showVerdict?: boolean;
  showWorkstation?: boolean;
  /** Beside an open prescription: the lines and findings are in the detail, the row says who, when and what became of it. */
  compact?: boolean;
}

/** Lines named in a row; the rest are counted. */
const LINES_SHOWN = 3;
const FINDINGS_SHOWN = 3;

/** The ids a page of orders shows, for the name book. */
export function orderIds(orders: readonly OrderGroup[]) {
  return {
    rules: [...new Set(orders.flatMap((o) => o.findings.map((f) => f.ruleId)))],
    prescribers: [...new Set(orders.map((o) => o.prescriberId).filter((id): id is string => !!id))],
    workstations: [...new Set(orders.map((o) => o.workstation.id))],
  };
}

/** 复核 progress of an order: how many of its findings have a verdict. */
export function reviewProgress(findings: readonly OrderFinding[]): { done: number; total: number } {
  return { done: findings.filter((f) => f.verdict !== null).length, total: findings.length };
}

/** The prescription list: one row per order, newest first; a row opens the order. */
export function OrderTable({ orders, timeZone, selectedKey, onOpen, showVerdict = true, showWorkstation = true, compact = false }: OrderTableProps) {
  const book = useNames(orderIds(orders));
  if (orders.length === 0) return <p class="rv-empty">{rxt('orders.empty')}</p>;
  return (
    <div class="rv-table-wrap">
      <table class={compact ? 'rv-table rv-orders rv-orders-compact' : 'rv-table rv-orders'}>
        <thead>
          <tr>
            <th scope="col">{rxt('ocol.at')}</th>
            <th scope="col">{rxt('ocol.order')}</th>
            <th scope="col">{rxt('ocol.prescriber')}</th>
            {!compact && <th scope="col">{rxt('ocol.lines')}</th>}
            {!compact && <th scope="col">{rxt('ocol.findings')}</th>}
            <th scope="col">{rxt('ocol.outcome')}</th>
            {showVerdict && <th scope="col">{rxt('ocol.review')}</th>}
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr
              key={order.key}
              class={order.key === selectedKey ? 'rv-row rv-row-selected' : 'rv-row'}
              data-order-id={order.orderId}
              tabIndex={0}
              aria-selected={order.key === selectedKey ? 'true' : 'false'}
              onClick={() => onOpen(order.key)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(order.key)}
            >
              <td class="rv-nowrap">{formatInstant(order.at, timeZone)}</td>
              <td>
                <div class="rv-order-id">{order.orderId}</div>
                <div class="rv-sub">
                  {order.department ?? rt('common.none')}
                  {showWorkstation && ` · ${order.workstation.label || book.workstation(order.workstation.id) || order.workstation.id}`}
                </div>
              </td>
              <td>
                <PrescriberTitle book={book} id={order.prescriberId} />
              </td>
              {!compact && (
                <td class="rv-order-lines">
                  <LinesCell order={order} />
                </td>
              )}
              {!compact && (
                <td class="rv-order-findings">
                  <FindingsCell findings={order.findings} lines={order.lines} book={book} />
                </td>
              )}
              <td>
                <span class={`rv-outcome rv-outcome-${order.outcome}`}>{rxt(`outcome.${order.outcome}`)}</span>
                {compact && <div class="rv-sub">{order.findings.length > 0 ? rxt('orders.findingCount', { count: order.findings.length }) : rxt('orders.noFindings')}</div>}
              </td>
              {showVerdict && (
                <td>
                  <ReviewCell findings={order.findings} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LinesCell({ order }: { order: OrderGroup }) {
  if (order.lines.length === 0) return <span class="rv-muted">{rxt('orders.noLines')}</span>;
  const flagged = new Set(order.findings.map((f) => f.lineId));
  const shown = order.lines.slice(0, LINES_SHOWN);
  return (
    <>
      {shown.map((line, i) => (
        <span key={line.id} class={flagged.has(line.id) ? 'rv-line-name rv-line-flagged' : 'rv-line-name'}>
          {i > 0 && '、'}
          {line.name || line.code}
        </span>
      ))}
      <div class="rv-sub">{rxt('orders.lineCount', { count: order.lines.length })}</div>
    </>
  );
}

function FindingsCell({ findings, lines, book }: { findings: readonly OrderFinding[]; lines: readonly LoggedLine[]; book: NameBook }) {
  if (findings.length === 0) return <span class="rv-muted">{rxt('orders.noFindings')}</span>;
  return (
    <ul class="rv-finding-list">
      {findings.slice(0, FINDINGS_SHOWN).map((f) => (
        <li key={`${f.ruleId} ${f.lineId ?? ''}`} title={severityText(f.severity)}>
          <SeverityIcon severity={f.severity} /> {ruleText(book, f.ruleId, f.kind, lineNameOf(lines, f))}
        </li>
      ))}
      {findings.length > FINDINGS_SHOWN && <li class="rv-sub">{rxt('orders.findingCount', { count: findings.length })}</li>}
    </ul>
  );
}

function ReviewCell({ findings }: { findings: readonly OrderFinding[] }) {
  if (findings.length === 0) return <span class="rv-muted">{rt('common.none')}</span>;
  const { done, total } = reviewProgress(findings);
  return done === total ? (
    <span class="rv-review-done">{rxt('orders.reviewed', { done, total })}</span>
  ) : (
    <span class="rv-review-todo">{rxt('orders.toReview', { count: total - done })}</span>
  );
}
