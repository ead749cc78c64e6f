import { useState } from 'preact/hooks';
import { useReview } from './context';
import { hasVerdicts } from '../../contract/review/data-source';
import { statsParams, type ReviewFilters } from '../../contract/review/review-filters';
import type { RuleReport } from '../../contract/review/rule-reports';
import { QueryProgress } from './QueryProgress';
import { HIGHLIGHT, ruleHealth, type RuleHealth } from './rates';
import { kindText, percent, rt } from './review-i18n';
import { useTrackedQuery } from './use-query';
import { formatInstant } from '../../contract/review/zoned-time';
import { RuleTitle, ruleText, useNames, type NameBook } from './names';

export interface RulesViewProps {
  filters: ReviewFilters;
  /** Opens the event list filtered to one rule. */
  onShowEvents: (ruleId: string) => void;
}

/** How many rules each statistic asks for: enough for every rule that fires in a normal month. */
const RULE_LIMIT = 200;

/**
 * The 医保办's view: rules with their override and 误报 rates, those over the thresholds first
 * and marked, each with the 规则有误 reports 质控 filed about it.
 */
export function RulesView({ filters, onShowEvents }: RulesViewProps) {
  const { source } = useReview();
  const [open, setOpen] = useState<string | undefined>(undefined);
  const key = JSON.stringify(statsParams(filters, source.timeZone));
  const { tracker, reload } = useTrackedQuery<RuleHealth[]>(async (signal) => {
    const [topRules, overrides, verdicts, reports] = await Promise.all([
      source.topRules(filters, RULE_LIMIT, signal),
      source.overrides('rule', filters, RULE_LIMIT, signal),
      source.verdictCounts(filters, signal),
      source.capabilities.readReports ? source.ruleReports({ limit: 500 }, signal) : Promise.resolve([] as RuleReport[]),
    ]);
    // A rule filter narrows the statistics; the reports are narrowed the same way here.
    const relevant = filters.ruleId ? reports.filter((r) => r.ruleId === filters.ruleId) : reports;
    return ruleHealth({ topRules, overrides, verdicts, reports: relevant });
  }, key);
  const rows = tracker.state.value.data;
  const book = useNames({ rules: rows?.map((r) => r.ruleId) ?? [] });
  // Without verdicts (the local log) the 误报 columns would only ever read 0: they are left out.
  const columns: RuleColumns = { verdicts: hasVerdicts(source.capabilities), reports: source.capabilities.readReports };
  const attention = rows?.filter((r) => r.flags.length > 0).length ?? 0;

  return (
    <section class="rv-rules">
      <header class="rv-rules-head">
        <h2>{rt(columns.verdicts ? 'rules.title' : 'rules.title.noVerdicts')}</h2>
        <p class="rv-thresholds">
          {rt(columns.verdicts ? 'rules.thresholds' : 'rules.thresholds.noVerdicts', {
            override: percent(HIGHLIGHT.overrideRate),
            falsePositive: percent(HIGHLIGHT.falsePositiveRate),
            min: HIGHLIGHT.minEvents,
          })}
        </p>
        {rows && attention > 0 && <p class="rv-attention">{rt('rules.attention', { count: attention })}</p>}
      </header>
      <QueryProgress tracker={tracker} onRetry={reload} />
      {rows && rows.length === 0 && <p class="rv-empty">{rt('rules.empty')}</p>}
      {rows && rows.length > 0 && (
        <div class="rv-table-wrap">
          <table class="rv-table rv-rule-table">
            <thead>
              <tr>
                <th scope="col">{rt('rules.col.rule')}</th>
                <th scope="col">{rt('rules.col.kind')}</th>
                <th scope="col" class="rv-num">{rt('rules.col.shown')}</th>
                <th scope="col" class="rv-num">{rt('rules.col.decisions')}</th>
                <th scope="col" class="rv-num">{rt('rules.col.override')}</th>
                {columns.verdicts && (
                  <>
                    <th scope="col" class="rv-num">{rt('rules.col.reviewed')}</th>
                    <th scope="col" class="rv-num">{rt('rules.col.falsePositive')}</th>
                    <th scope="col" class="rv-num">{rt('rules.col.falsePositiveRate')}</th>
                  </>
                )}
                {columns.reports && <th scope="col" class="rv-num">{rt('rules.col.reports')}</th>}
                <th scope="col">{rt('rules.col.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <RuleRowView key={row.ruleId} row={row} book={book} columns={columns} open={open === row.ruleId} onToggle={() => setOpen(open === row.ruleId ? undefined : row.ruleId)} onShowEvents={onShowEvents} timeZone={source.timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface RuleColumns {
  verdicts: boolean;
  reports: boolean;
}

function RuleRowView({
  row,
  book,
  columns,
  open,
  onToggle,
  onShowEvents,
  timeZone,
}: {
  row: RuleHealth;
  book: NameBook;
  columns: RuleColumns;
  open: boolean;
  onToggle: () => void;
  onShowEvents: (ruleId: string) => void;
  timeZone: string;
}) {
  const high = (flag: RuleHealth['flags'][number]) => row.flags.includes(flag);
  const classes = ['rv-row', row.flags.length > 0 ? 'rv-row-high' : '', row.reports.length > 0 ? 'rv-row-reported' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr class={classes} data-rule-id={row.ruleId} tabIndex={0} aria-expanded={open ? 'true' : 'false'} onClick={onToggle} onKeyDown={(e) => e.key === 'Enter' && onToggle()}>
        <td class="rv-rule">
          <RuleTitle book={book} ruleId={row.ruleId} kind={row.kind} />
          {row.reports[0] && (
            <div class="rv-sub rv-report-latest" title={rt('rules.reports')}>
              {rt('reportForm.title')}: {row.reports[0].comment}
            </div>
          )}
        </td>
        <td>{kindText(row.kind)}</td>
        <td class="rv-num">{row.shown}</td>
        <td class="rv-num">{row.decisions}</td>
        <td class={high('override-high') ? 'rv-num rv-rate-high' : 'rv-num'}>{percent(row.overrideRate)}</td>
        {columns.verdicts && (
          <>
            <td class="rv-num">{row.reviewed}</td>
            <td class="rv-num">{row.falsePositive}</td>
            <td class={high('false-positive-high') ? 'rv-num rv-rate-high' : 'rv-num'}>{percent(row.falsePositiveRate)}</td>
          </>
        )}
        {columns.reports && <td class="rv-num">{row.reports.length || ''}</td>}
        <td>
          {row.flags.map((flag) => (
            <span key={flag} class="rv-flag">
              {rt(`rules.flag.${flag}`)}
            </span>
          ))}
        </td>
      </tr>
      {open && (
        <tr class="rv-rule-open">
          <td colSpan={6 + (columns.verdicts ? 3 : 0) + (columns.reports ? 1 : 0)}>
            <div class="rv-rule-reports">
              {columns.reports && (
                <>
                  <h3>{rt('rules.reports.for', { rule: ruleText(book, row.ruleId, row.kind) })}</h3>
                  <ReportList reports={row.reports} timeZone={timeZone} />
                </>
              )}
              <button type="button" onClick={() => onShowEvents(row.ruleId)}>
                {rt('rules.showEvents')}
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

export function ReportList({ reports, timeZone }: { reports: readonly RuleReport[]; timeZone: string }) {
  if (reports.length === 0) return <p class="rv-muted">{rt('rules.reports.empty')}</p>;
  return (
    <ul class="rv-report-list">
      {reports.map((report) => (
        <li key={report.id}>
          <p class="rv-comment">{report.comment}</p>
          <span class="rv-muted">
            {report.reporterLabel || report.reporter} · {formatInstant(report.at, timeZone)}
            {report.packVersion && ` · ${rt('rules.reports.pack', { version: report.packVersion })}`}
            {report.eventId && ` · ${rt('rules.reports.event', { id: report.eventId })}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
