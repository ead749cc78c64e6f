import type { JSX } from 'preact';
import { DecisionKindSchema } from '../../contract/decision';
import { RULE_KINDS, SeveritySchema } from '../../contract/findings';
import { activeFilterCount, withFilter, type FilterName, type ReviewFilters } from '../../contract/review/review-filters';
import { EventSourceSchema } from '../../contract/flag-event';
import { EventTypeSchema } from '../../contract/review/event-filters';
import { VERDICTS } from '../../contract/review/verdicts';
import { monthRange } from '../../contract/review/monthly-report';
import { dayOf } from '../../contract/review/zoned-time';
import { useReview } from './context';
import { decisionText, eventTypeText, kindText, rt, severityText, sourceText, verdictText } from './review-i18n';
import { useNames } from './names';

export interface FiltersBarProps {
  filters: ReviewFilters;
  onChange: (filters: ReviewFilters) => void;
  /** The verdict filter only makes sense where the event list is shown. */
  showVerdict?: boolean;
  /** Off where every event is this workstation's own (the extension's local log). */
  showWorkstation?: boolean;
}

type TextFilter = 'department' | 'prescriber' | 'ruleId' | 'workstation';

/**
 * Date range, who, which rule, what happened. Dates and lists apply at once; text fields apply
 * when committed (Enter or leaving the field), so typing a department does not query per key.
 */
export function FiltersBar({ filters, onChange, showVerdict = true, showWorkstation = true }: FiltersBarProps) {
  const set = <K extends FilterName>(name: K, value: ReviewFilters[K] | '') => onChange(withFilter(filters, name, value));
  // 本月 / 上月 in the hospital's zone, as the 质控 speaks of them.
  const { source } = useReview();
  const month = (which: 'this' | 'last') => monthRange(dayOf(new Date(), source.timeZone), which);
  const isMonth = (which: 'this' | 'last') => {
    const range = month(which);
    return filters.from === range.from && filters.to === range.to;
  };
  const setMonth = (which: 'this' | 'last') => {
    const range = month(which);
    onChange(withFilter(withFilter(filters, 'from', range.from), 'to', range.to));
  };
  // A filter set from a chart holds an id: the name goes under it.
  const book = useNames({
    rules: filters.ruleId ? [filters.ruleId] : [],
    prescribers: filters.prescriber ? [filters.prescriber] : [],
    workstations: filters.workstation ? [filters.workstation] : [],
  });
  const named: Partial<Record<TextFilter, string | undefined>> = {
    ruleId: filters.ruleId && book.ruleName(filters.ruleId, filters.kind),
    prescriber: filters.prescriber && book.prescriber(filters.prescriber)?.name,
    workstation: filters.workstation && book.workstation(filters.workstation),
  };
  const onText = (name: TextFilter) => (event: JSX.TargetedEvent<HTMLInputElement>) => set(name, event.currentTarget.value.trim());
  const select = <K extends FilterName>(name: K, values: readonly string[], label: (v: string) => string) => (
    <label class="rv-filter">
      <span>{rt(`filter.${name}` as 'filter.kind')}</span>
      <select name={name} value={filters[name] ?? ''} onChange={(e) => set(name, e.currentTarget.value as ReviewFilters[K])}>
        <option value="">{rt('filter.all')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {label(v)}
          </option>
        ))}
      </select>
    </label>
  );
  const text = (name: TextFilter) => (
    <label class="rv-filter">
      <span>{rt(`filter.${name}`)}</span>
      <input type="text" name={name} value={filters[name] ?? ''} onChange={onText(name)} autoComplete="off" spellcheck={false} />
      {/* Beside the field, not part of its name: the field's label stays what it is. */}
      {named[name] && (
        <span class="rv-filter-name" aria-hidden="true" title={named[name]}>
          {named[name]}
        </span>
      )}
    </label>
  );
  const count = activeFilterCount(showVerdict ? filters : { ...filters, verdict: undefined });
  return (
    <form class="rv-filters" role="search" aria-label={rt('filter.title')} onSubmit={(e) => e.preventDefault()}>
      <label class="rv-filter">
        <span>{rt('filter.from')}</span>
        <input type="date" name="from" value={filters.from ?? ''} max={filters.to} onChange={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label class="rv-filter">
        <span>{rt('filter.to')}</span>
        <input type="date" name="to" value={filters.to ?? ''} min={filters.from} onChange={(e) => set('to', e.currentTarget.value)} />
      </label>
      <div class="rv-switch rv-filter-presets" role="group" aria-label={rt('filter.presets')}>
        {(['this', 'last'] as const).map((which) => (
          <button key={which} type="button" class="rv-filter-preset" aria-pressed={isMonth(which)} onClick={() => setMonth(which)}>
            {rt(`filter.month.${which}`)}
          </button>
        ))}
      </div>
      {text('department')}
      {text('prescriber')}
      {text('ruleId')}
      {select('kind', RULE_KINDS, kindText)}
      {select('severity', SeveritySchema.options, severityText)}
      {select('decision', DecisionKindSchema.options, decisionText)}
      {select('type', EventTypeSchema.options, eventTypeText)}
      {showVerdict && select('verdict', [...VERDICTS, 'none'], verdictText)}
      {showWorkstation && text('workstation')}
      {showWorkstation && select('source', EventSourceSchema.options, sourceText)}
      <div class="rv-filter-actions">
        <button type="button" class="rv-filter-clear" disabled={count === 0} onClick={() => onChange({})}>
          {rt('filter.clear')}
          {count > 0 ? ` (${count})` : ''}
        </button>
      </div>
      {showVerdict && filters.verdict !== undefined && <p class="rv-filter-note">{rt('filter.verdictNote')}</p>}
    </form>
  );
}
