import { useState } from 'preact/hooks';
import type { Bar } from './charts/BarList';
import { BarList } from './charts/BarList';
import { fillDays } from './charts/scale';
import { TrendChart } from './charts/TrendChart';
import { useReview } from './context';
import { hasWorkstations } from '../../contract/review/data-source';
import { statsParams, withFilter, type FilterName, type ReviewFilters } from '../../contract/review/review-filters';
import type { DailyRow, OverrideDimension, OverrideRow, ReasonRow, RuleRow, Summary } from '../../contract/review/stats';
import { QueryProgress } from './QueryProgress';
import { HIGHLIGHT, isHigh } from './rates';
import { kindText, percent, reasonText, rt } from './review-i18n';
import { useTrackedQuery } from './use-query';
import { dayOf } from '../../contract/review/zoned-time';
import { prescriberText, ruleText, unnamedPrescriberText, useNames, workstationText, type NameBook } from './names';

/** A chart entry's label for a rule, a doctor or a workstation: its name, the id as the quieter note. */
function dimensionLabel(book: NameBook, dimension: OverrideDimension, key: string): { label: string; note?: string } {
  if (dimension === 'rule') return { label: ruleText(book, key), note: key };
  if (dimension === 'prescriber') {
    const known = book.prescriber(key);
    return known ? { label: `${known.name}${known.department ? `（${known.department}）` : ''}`, note: key } : { label: unnamedPrescriberText(key) };
  }
  if (dimension === 'workstation') return { label: workstationText(book, key) ?? key, note: key };
  return { label: key };
}

export interface OverviewViewProps {
  filters: ReviewFilters;
  onFiltersChange: (filters: ReviewFilters) => void;
}

interface Overview {
  summary: Summary;
  daily: DailyRow[];
  topRules: RuleRow[];
  reasons: ReasonRow[];
}

const DIMENSIONS: readonly OverrideDimension[] = ['rule', 'department', 'prescriber', 'workstation'];
const DIMENSION_FILTER: Record<OverrideDimension, FilterName> = { rule: 'ruleId', department: 'department', prescriber: 'prescriber', workstation: 'workstation' };

/** Headline counts and the four charts, for whatever the filters select. */
export function OverviewView({ filters, onFiltersChange }: OverviewViewProps) {
  const { source } = useReview();
  const key = JSON.stringify(statsParams(filters, source.timeZone));
  const { tracker, reload } = useTrackedQuery<Overview>(async (signal) => {
    const [summary, daily, topRules, reasons] = await Promise.all([
      source.summary(filters, signal),
      source.daily(filters, signal),
      source.topRules(filters, 10, signal),
      source.overrideReasons(filters, 10, signal),
    ]);
    return { summary, daily, topRules, reasons };
  }, key);
  const data = tracker.state.value.data;
  const book = useNames({ rules: data?.topRules.map((r) => r.ruleId) ?? [] });
  const pick = (name: FilterName) => (bar: Bar) => onFiltersChange(withFilter(filters, name, bar.key));

  return (
    <section class="rv-overview" aria-busy={tracker.running}>
      <QueryProgress tracker={tracker} onRetry={reload} />
      {data && (
        <>
          <Headline summary={data.summary} daily={data.daily} />
          <div class="rv-grid">
            <article class="rv-card rv-card-wide">
              <h2>{rt('chart.daily')}</h2>
              <TrendChart days={fillDays(data.daily, filters.from, filters.to, undefined, dayOf(new Date(), source.timeZone))} />
            </article>
            <article class="rv-card">
              <h2>{rt('chart.topRules')}</h2>
              <BarList
                label={rt('chart.topRules')}
                bars={data.topRules.map((r) => ({ key: r.ruleId, label: ruleText(book, r.ruleId, r.kind), note: book.ruleName(r.ruleId, r.kind) ? `${kindText(r.kind)} · ${r.ruleId}` : r.ruleId, value: r.shown, display: rt('chart.times', { count: r.shown }) }))}
                onPick={pick('ruleId')}
              />
              <p class="rv-hint">{rt('chart.clickToFilter')}</p>
            </article>
            <OverrideCard filters={filters} statsKey={key} onPick={(dimension, bar) => pick(DIMENSION_FILTER[dimension])(bar)} />
            <article class="rv-card">
              <h2>{rt('chart.reasons')}</h2>
              <BarList
                label={rt('chart.reasons')}
                bars={data.reasons.map((r) => ({
                  key: r.reasonCode ?? '',
                  label: r.reasonCode === null ? rt('chart.freeText') : reasonText(r.reasonCode),
                  value: r.count,
                  display: rt('chart.times', { count: r.count }),
                }))}
              />
            </article>
          </div>
        </>
      )}
    </section>
  );
}

function Headline({ summary, daily }: { summary: Summary; daily: readonly DailyRow[] }) {
  const decisions = daily.reduce((sum, d) => sum + d.decisions, 0);
  const continued = daily.reduce((sum, d) => sum + d.continued, 0);
  const figures: [string, string][] = [
    [rt('overview.total'), String(summary.total)],
    [rt('overview.shown'), String(summary.byType['finding-shown'] ?? 0)],
    [rt('overview.decisions'), String(decisions)],
    [rt('overview.continued'), String(continued)],
    [rt('overview.overrideRate'), percent(decisions > 0 ? continued / decisions : null)],
  ];
  return (
    <dl class="rv-headline">
      {figures.map(([label, value]) => (
        <div key={label} class="rv-figure">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function OverrideCard({ filters, statsKey, onPick }: { filters: ReviewFilters; statsKey: string; onPick: (dimension: OverrideDimension, bar: Bar) => void }) {
  const { source } = useReview();
  const [dimension, setDimension] = useState<OverrideDimension>('rule');
  const dimensions = hasWorkstations(source.capabilities) ? DIMENSIONS : DIMENSIONS.filter((d) => d !== 'workstation');
  const { tracker, reload } = useTrackedQuery<OverrideRow[]>((signal) => source.overrides(dimension, filters, 10, signal), `${dimension} ${statsKey}`);
  const rows = tracker.state.value.data ?? [];
  const keys = rows.map((r) => r.key).filter((k): k is string => k !== null);
  const book = useNames(dimension === 'rule' ? { rules: keys } : dimension === 'prescriber' ? { prescribers: keys } : dimension === 'workstation' ? { workstations: keys } : {});
  return (
    <article class="rv-card">
      <h2>{rt('chart.overrides')}</h2>
      <div class="rv-switch" role="group" aria-label={rt('chart.overrides')}>
        {dimensions.map((d) => (
          <button key={d} type="button" aria-pressed={d === dimension ? 'true' : 'false'} onClick={() => setDimension(d)}>
            {rt(`dimension.${d}`)}
          </button>
        ))}
      </div>
      <QueryProgress tracker={tracker} onRetry={reload} />
      <BarList
        label={`${rt('chart.overrides')} · ${rt(`dimension.${dimension}`)}`}
        max={1}
        bars={rows.map((r) => ({
          key: r.key ?? '',
          ...(r.key === null ? { label: rt('chart.unknown') } : dimensionLabel(book, dimension, r.key)),
          value: r.overrideRate,
          display: `${percent(r.overrideRate)} (${rt('chart.of', { part: r.continued, whole: r.decisions })})`,
          high: isHigh(r.overrideRate, r.decisions, HIGHLIGHT.overrideRate, HIGHLIGHT.minEvents),
        }))}
        onPick={(bar) => bar.key !== '' && onPick(dimension, bar)}
      />
      <p class="rv-hint">{rt('chart.clickToFilter')}</p>
    </article>
  );
}
