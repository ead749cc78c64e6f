import { useEffect, useState } from 'preact/hooks';
import { downloadBlob } from '../../../components/review/download';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import type { Table } from '../../../components/review/export/cells';
import { XLSX_MIME } from '../../../components/review/export/xlsx';
import { MonthlyReportSchema, monthRange, type MonthlyReport, type MonthlyReportQuery } from '../../../contract/review/monthly-report';
import { dayOf, formatInstant } from '../../../contract/review/zoned-time';
import type { HubClient } from '../api-client';
import { departmentTable, doctorTable, reportXlsx } from './report-table';
import { rpt } from './report-i18n';

/**
 * 月度报表: per 科室 and per 医生 for 本月, 上月 or chosen days in the hospital's zone, from
 * `GET /reports/monthly`; exported as an Excel workbook and printed (A4, landscape) or saved as
 * PDF through the browser's print dialog — all three drawn from the same tables (report-table.ts).
 */
export function ReportView({ client, timeZone }: { client: HubClient; timeZone: string }) {
  const today = dayOf(new Date(), timeZone);
  const [mode, setMode] = useState<'this' | 'last' | 'custom'>('this');
  const [query, setQuery] = useState<MonthlyReportQuery>(monthRange(today, 'this'));
  const [custom, setCustom] = useState<MonthlyReportQuery>(monthRange(today, 'this'));
  const [report, setReport] = useState<MonthlyReport | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setBusy(true);
    setError(undefined);
    client
      .get('/reports/monthly', query, MonthlyReportSchema)
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(e))
      .finally(() => live && setBusy(false));
    return () => void (live = false);
  }, [client, query.from, query.to]);

  const pick = (which: 'this' | 'last') => {
    setMode(which);
    setQuery(monthRange(today, which));
  };

  return (
    <section class="db-report">
      <div class="db-report-bar db-no-print">
        <div class="rv-switch" role="group">
          {(['this', 'last', 'custom'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} onClick={() => (m === 'custom' ? setMode('custom') : pick(m))}>
              {rpt(m)}
            </button>
          ))}
        </div>
        {mode === 'custom' && (
          <form
            class="db-report-custom"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery(custom);
            }}
          >
            <label class="rv-filter">
              <span>{rpt('from')}</span>
              <input type="date" name="from" value={custom.from} onInput={(e) => setCustom({ ...custom, from: e.currentTarget.value })} />
            </label>
            <label class="rv-filter">
              <span>{rpt('to')}</span>
              <input type="date" name="to" value={custom.to} onInput={(e) => setCustom({ ...custom, to: e.currentTarget.value })} />
            </label>
            <button type="submit">{rpt('run')}</button>
          </form>
        )}
        <div class="rv-export">
          <button type="button" disabled={!report} onClick={() => report && downloadBlob(reportXlsx(report) as Uint8Array<ArrayBuffer>, `月度报表-${report.from}-${report.to}.xlsx`, XLSX_MIME)}>
            {rpt('xlsx')}
          </button>
          <button type="button" disabled={!report} onClick={() => window.print()}>
            {rpt('print')}
          </button>
        </div>
      </div>
      {busy && <p class="rv-muted db-no-print">{rpt('loading')}</p>}
      {error !== undefined && <ErrorNotice error={error} />}
      {report && <ReportBody report={report} />}
    </section>
  );
}

function ReportBody({ report }: { report: MonthlyReport }) {
  return (
    <article class="db-report-sheet">
      <h2>{rpt('title')}</h2>
      <p class="rv-sub">
        {rpt('period', { from: report.from, to: report.to, zone: report.timeZone })} · {rpt('generated', { time: formatInstant(report.generatedAt, report.timeZone) })}
      </p>
      {report.total.orders === 0 && <p class="rv-muted">{rpt('empty')}</p>}
      <h3>{rpt('byDepartment')}</h3>
      <ReportTable table={departmentTable(report)} name="department" />
      <h3>{rpt('byDoctor')}</h3>
      <ReportTable table={doctorTable(report)} name="doctor" />
      <h3>{rpt('notes.title')}</h3>
      <ul class="db-report-notes rv-sub">
        <li>{rpt('note.orders')}</li>
        <li>{rpt('note.alerts')}</li>
        <li>{rpt('note.confirmed')}</li>
        <li>{rpt('note.amounts')}</li>
      </ul>
    </article>
  );
}

function ReportTable({ table, name }: { table: Table; name: string }) {
  const textColumns = name === 'doctor' ? 3 : 1;
  return (
    <div class="rv-table-wrap">
      <table class={`rv-table db-report-table db-report-${name}`}>
        <thead>
          <tr>
            {table.header.map((h, i) => (
              <th key={h} scope="col" class={i >= textColumns && i < table.header.length - 1 ? 'rv-num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} class={r === table.rows.length - 1 ? 'db-report-total' : undefined}>
              {row.map((cell, i) => (
                <td key={i} class={i >= textColumns && i < row.length - 1 ? 'rv-num' : i === 1 && name === 'doctor' ? 'rv-id' : undefined}>
                  {cell ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
