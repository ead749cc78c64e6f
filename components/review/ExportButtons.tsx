import { useState } from 'preact/hooks';
import { useReview } from './context';
import type { ReviewDataSource } from '../../contract/review/data-source';
import { downloadBlob } from './download';
import { exportTable } from './event-facts';
import type { Table } from './export/cells';
import { toCsv } from './export/csv';
import { CSV_MIME, toXlsx, XLSX_MIME } from './export/xlsx';
import type { ReviewFilters } from '../../contract/review/review-filters';
import type { ListedEvent } from '../../contract/review/events';
import { nameBookOf } from './names';
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

/** What an export writes: its table (names filled in), how many records it holds, and whether it hit the limit. */
export interface ExportContent {
  table: Table;
  count: number;
  capped: boolean;
}

export interface ExportButtonsProps {
  filters: ReviewFilters;
  /** Builds the table (the event list's by default), reporting records fetched so far. */
  build?: (signal: AbortSignal, onProgress: (count: number) => void) => Promise<ExportContent>;
  /** File name before the date, and the sheet's name. */
  file?: string;
  sheet?: string;
}

/** CSV and Excel of the filtered list, all pages of it, with progress and 取消. */
export function ExportButtons({ filters, build, file, sheet }: ExportButtonsProps) {
  const { source } = useReview();
  const tracker = useTracker<{ count: number; capped: boolean }>();
  const [fetched, setFetched] = useState(0);
  const [last, setLast] = useState<Format>('csv');

  const eventTable = async (signal: AbortSignal, onProgress: (count: number) => void): Promise<ExportContent> => {
    const { events, capped } = await collectEvents(source, filters, signal, onProgress);
    const book = nameBookOf(source);
    await book.load(exportNameIds(events), signal);
    return { table: exportTable(events, source.timeZone, book), count: events.length, capped };
  };

  const run = (format: Format) => {
    setLast(format);
    setFetched(0);
    void tracker.run(async (signal) => {
      const { table, count, capped } = await (build ?? eventTable)(signal, setFetched);
      const stamp = dayOf(new Date(), source.timeZone);
      const base = `${file ?? rt('export.file')}-${stamp}`;
      if (format === 'csv') downloadBlob(toCsv(table), `${base}.csv`, CSV_MIME);
      else downloadBlob(toXlsx(table, sheet ?? rt('export.sheet')) as Uint8Array<ArrayBuffer>, `${base}.xlsx`, XLSX_MIME);
      return { count, capped };
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

/** The ids an event export names. */
function exportNameIds(events: readonly ListedEvent[]) {
  const rules = new Set<string>();
  const prescribers = new Set<string>();
  const workstations = new Set<string>();
  for (const { event, workstation } of events) {
    if ('finding' in event) rules.add(event.finding.ruleId);
    if (event.context?.prescriberId) prescribers.add(event.context.prescriberId);
    workstations.add(workstation.id);
  }
  return { rules: [...rules], prescribers: [...prescribers], workstations: [...workstations] };
}
