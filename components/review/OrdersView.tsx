import { useState } from 'preact/hooks';
import { useReview } from './context';
import { hasVerdicts, hasWorkstations } from '../../contract/review/data-source';
import { eventListParams, type ReviewFilters } from '../../contract/review/review-filters';
import type { OrderGroup, OrderPage } from '../../contract/review/orders';
import { ExportButtons, type ExportContent } from './ExportButtons';
import { nameBookOf } from './names';
import { collectOrders, orderIds, orderTable } from './order-export';
import { OrderDetail } from './OrderDetail';
import { OrderTable } from './OrderTable';
import { rxt } from './order-i18n';
import { QueryProgress } from './QueryProgress';
import { useTrackedQuery, useTracker } from './use-query';

export const ORDER_PAGE_SIZE = 50;

export interface OrdersViewProps {
  filters: ReviewFilters;
  /** The order open beside the list (its key; kept in the link by the shell). */
  selectedKey?: string | undefined;
  onSelect: (key: string | undefined) => void;
}

/**
 * 处方复核: the orders the filters select, one row each, newest first, with paging and exports,
 * and the open order beside the list, where the 质控 judges each finding.
 */
export function OrdersView({ filters, selectedKey, onSelect }: OrdersViewProps) {
  const { source } = useReview();
  const key = JSON.stringify(eventListParams(filters, source.timeZone));
  const [pages, setPages] = useState<{ key: string; orders: OrderGroup[]; cursor: string | null } | undefined>(undefined);
  const { tracker, reload } = useTrackedQuery<OrderPage>(async (signal) => {
    const page = await source.listOrders(filters, { limit: ORDER_PAGE_SIZE }, signal);
    setPages({ key, orders: page.orders, cursor: page.nextCursor });
    return page;
  }, key);
  const more = useTracker<OrderPage>();

  const loadMore = () => {
    const cursor = pages?.cursor;
    if (!cursor) return;
    void more.run(async (signal) => {
      const page = await source.listOrders(filters, { cursor, limit: ORDER_PAGE_SIZE }, signal);
      setPages((before) => (before && before.key === key ? { key, orders: [...before.orders, ...page.orders], cursor: page.nextCursor } : before));
      return page;
    });
  };

  // A verdict saved in the detail shows in the list at once, without reloading it.
  const replace = (fresh: OrderGroup) =>
    setPages((before) => before && { ...before, orders: before.orders.map((o) => (o.key === fresh.key ? { ...fresh, at: o.at, findings: fresh.findings.map(({ history: _h, ...f }) => f) } : o)) });

  const build = async (signal: AbortSignal, onProgress: (count: number) => void): Promise<ExportContent> => {
    const { orders, capped } = await collectOrders(source, filters, signal, onProgress);
    const book = nameBookOf(source);
    await book.load(orderIds(orders), signal);
    return { table: orderTable(orders, source.timeZone, book), count: orders.length, capped };
  };

  const current = pages && pages.key === key ? pages : undefined;
  return (
    <section class={selectedKey ? 'rv-events-view rv-orders-view rv-with-detail' : 'rv-events-view rv-orders-view'}>
      <div class="rv-events-main">
        <div class="rv-toolbar">
          <span class="rv-muted" aria-live="polite">
            {current ? rxt('orders.loaded', { count: current.orders.length }) : ''}
          </span>
          <ExportButtons filters={filters} build={build} file={rxt('orders.export.file')} sheet={rxt('orders.export.sheet')} />
        </div>
        <QueryProgress tracker={tracker} onRetry={reload} />
        {current && (
          <OrderTable
            orders={current.orders}
            timeZone={source.timeZone}
            selectedKey={selectedKey}
            onOpen={(k) => onSelect(k === selectedKey ? undefined : k)}
            showVerdict={hasVerdicts(source.capabilities)}
            showWorkstation={hasWorkstations(source.capabilities)}
            compact={selectedKey !== undefined}
          />
        )}
        {current && (
          <div class="rv-more">
            <QueryProgress tracker={more} onRetry={loadMore} />
            {current.cursor ? (
              <button type="button" onClick={loadMore} disabled={more.running}>
                {rxt('orders.more')}
              </button>
            ) : (
              current.orders.length > 0 && <span class="rv-muted">{rxt('orders.end')}</span>
            )}
          </div>
        )}
      </div>
      {selectedKey && <OrderDetail key={selectedKey} orderKey={selectedKey} onClose={() => onSelect(undefined)} onChanged={replace} />}
    </section>
  );
}
