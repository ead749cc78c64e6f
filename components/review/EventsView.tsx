import { useMemo, useState } from 'preact/hooks';
import { useReview } from './context';
import { hasVerdicts, hasWorkstations } from '../../contract/review/data-source';
import { EventDetail } from './EventDetail';
import { EventTable } from './EventTable';
import { LineNames } from './event-facts';
import { ExportButtons } from './ExportButtons';
import { eventListParams, type ReviewFilters } from '../../contract/review/review-filters';
import type { EventPage, ListedEvent } from '../../contract/review/events';
import { QueryProgress } from './QueryProgress';
import { rt } from './review-i18n';
import { useTrackedQuery, useTracker } from './use-query';

export const PAGE_SIZE = 100;

export interface EventsViewProps {
  filters: ReviewFilters;
  /** The event open in the detail panel (kept in the link by the shell). */
  selectedId?: string | undefined;
  onSelect: (eventId: string | undefined) => void;
  /** Opens an event's whole prescription (处方复核); absent where that view is not offered. */
  onOpenOrder?: (orderKey: string) => void;
}

/** The filtered event list with paging, exports, and the drill-down beside it. */
export function EventsView({ filters, selectedId, onSelect, onOpenOrder }: EventsViewProps) {
  const { source } = useReview();
  const key = JSON.stringify(eventListParams(filters, source.timeZone));
  const [pages, setPages] = useState<{ key: string; events: ListedEvent[]; cursor: string | null } | undefined>(undefined);
  const { tracker, reload } = useTrackedQuery<EventPage>(async (signal) => {
    const page = await source.listEvents(filters, { limit: PAGE_SIZE }, signal);
    setPages({ key, events: page.events, cursor: page.nextCursor });
    return page;
  }, key);
  const more = useTracker<EventPage>();

  const loadMore = () => {
    const cursor = pages?.cursor;
    if (!cursor) return;
    void more.run(async (signal) => {
      const page = await source.listEvents(filters, { cursor, limit: PAGE_SIZE }, signal);
      setPages((before) => (before && before.key === key ? { key, events: [...before.events, ...page.events], cursor: page.nextCursor } : before));
      return page;
    });
  };

  // A verdict saved in the detail shows in the list at once, without reloading it.
  const replace = (listed: ListedEvent) =>
    setPages((before) => before && { ...before, events: before.events.map((e) => (e.event.id === listed.event.id ? { ...e, verdict: listed.verdict } : e)) });

  const current = pages && pages.key === key ? pages : undefined;
  const pageLines = useMemo(() => new LineNames(current?.events ?? []), [current?.events]);
  return (
    <section class={selectedId ? 'rv-events-view rv-with-detail' : 'rv-events-view'}>
      <div class="rv-events-main">
        <div class="rv-toolbar">
          <span class="rv-muted" aria-live="polite">
            {current ? rt('events.loaded', { count: current.events.length }) : ''}
          </span>
          <ExportButtons filters={filters} />
        </div>
        <QueryProgress tracker={tracker} onRetry={reload} />
        {current && (
          <EventTable
            events={current.events}
            timeZone={source.timeZone}
            selectedId={selectedId}
            onOpen={(id) => onSelect(id === selectedId ? undefined : id)}
            showVerdict={hasVerdicts(source.capabilities)}
            showWorkstation={hasWorkstations(source.capabilities)}
          />
        )}
        {current && (
          <div class="rv-more">
            <QueryProgress tracker={more} onRetry={loadMore} />
            {current.cursor ? (
              <button type="button" onClick={loadMore} disabled={more.running}>
                {rt('events.more')}
              </button>
            ) : (
              current.events.length > 0 && <span class="rv-muted">{rt('events.end')}</span>
            )}
          </div>
        )}
      </div>
      {selectedId && <EventDetail key={selectedId} eventId={selectedId} onClose={() => onSelect(undefined)} onChanged={replace} onOpenOrder={onOpenOrder} pageLines={pageLines} />}
    </section>
  );
}
