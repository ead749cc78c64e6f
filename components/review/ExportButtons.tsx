import { useState } from 'preact/hooks';
import { useReview } from './context';
import type { ReviewDataSource } from '../../contract/review/data-source';
import { downloadBlob } from './download';
import { exportTable } from './event-facts';
import { toCsv } from './export/csv';
import { CSV_MIME, toXlsx, XLSX_MIME } from './export/xlsx';
import type { ReviewFilters } from '../../contract/review/review-filters';
import type { ListedEvent } from '../../contract/review/events';
import { QueryProgress } from './QueryProgress';
import { rt } from './review-i18n';
import { useTracker } from './use-query';
import { dayOf } from '../../contract/review/zoned-time';

/** A spreadsheet past this many rows is not a review list any more; narrow the filters instead. */
export const EXPORT_LIMIT = 20_000;
const PAGE = 500;

/** Every event the filters select, page by page, up to `limit`. */
export async function collectEvents(
  source: ReviewDataSource,
  filters: ReviewFilters,
  signal: AbortSignal,
  onProgress: (count: number) => void,
  limit = EXPORT_LIMIT,
): Promise<{ events: ListedEvent[]; capped: boolean }> {
  const events: ListedEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await source.listEvents(filters, { ...(cursor ? { cursor } : {}), limit: Math.min(PAGE, limit - events.length) }, signal);
    events.push(...page.events);
    onProgress(events.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && events.length < limit);
  return { events, capped: cursor !== undefined };
}

type Format = 'csv' | 'xlsx';

/** CSV and Excel of the filtered event list, all pages of it, with progress and 取消. */
export function ExportButtons({ filters }: { filters: ReviewFilters }) {
  const { source } = useReview();
  const tracker = useTracker<{ count: number; capped: boolean }>();
  const [fetched, setFetched] = useState(0);
  const [last, setLast] = useState<Format>('csv');

  const run = (format: Format) => {
    setLast(format);
    setFetched(0);
    void tracker.run(async (signal) => {
      const { events, capped } = await collectEvents(source, filters, signal, setFetched);
      const table = exportTable(events, source.timeZone);
      const stamp = dayOf(new Date(), source.timeZone);
      const base = `${rt('export.file')}-${stamp}`;
      if (format === 'csv') downloadBlob(toCsv(table), `${base}.csv`, CSV_MIME);
      else downloadBlob(toXlsx(table, rt('export.sheet')) as Uint8Array<ArrayBuffer>, `${base}.xlsx`, XLSX_MIME);
      return { count: events.length, capped };
    });
  };

  const { status, data } = tracker.state.value;
  return (
    <div class="rv-export">
      <button type="button" disabled={status === 'running'} onClick={() => run('csv')}>
        {rt('export.csv')}
      </button>
      <button type="button" disabled={status === 'running'} onClick={() => run('xlsx')}>
        {rt('export.xlsx')}
      </button>
      {status === 'running' && <span class="rv-export-count">{rt('export.running', { count: fetched })}</span>}
      <QueryProgress tracker={tracker} onRetry={() => run(last)} />
      {status === 'done' && data && (
        <span class="rv-export-done" role="status">
          {rt(data.capped ? 'export.capped' : 'export.done', { count: data.count })}
        </span>
      )}
    </div>
  );
}
