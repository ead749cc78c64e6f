import { useEffect, useRef, useState } from 'preact/hooks';
import { SeveritySchema, type Severity } from '../../contract/findings';
import { KINDS, type PackRuleKind } from '../../rules/kinds';
import { countRules, listBatches, searchRules, type RulePage, type RuleQuery, type RuleSummary } from '../../rules/store/search';
import { setRuleEnabled } from '../../rules/store/working-set';
import { kindLabel, severityLabel } from '../i18n';
import { SeverityIcon } from '../SeverityIcon';
import { Select, type Choice } from './form-controls';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';

/** Typing pauses this long before a search runs: a scan of 2,600 rules per key is wasted work. */
const SEARCH_DELAY_MS = 200;
const PAGE_SIZE = 50;

export interface RuleListProps {
  selectedId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
}

function effectiveText(record: RuleSummary): string {
  const e = record.effective;
  if (!e?.from && !e?.to) return ot('list.effective.open');
  return `${e.from ?? '…'} ~ ${e.to ?? '…'}`;
}

function codeCount(record: RuleSummary): string {
  if (record.codeCount > 0) return String(record.codeCount);
  return record.lineKinds.map((k) => ot(`lineKind.${k}`)).join('、') || '0';
}

interface Filters {
  kind: string;
  batch: string;
  status: string;
  severity: string;
}

const ANY = '*';

/**
 * The working rule set, one page at a time: search by code prefix, name or pinyin initials, and
 * filters by kind, batch, status and severity. Only the page shown is rendered.
 */
export function RuleList({ selectedId, onOpen, onNew }: RuleListProps) {
  const store = useOptionsStore();
  const revision = store.revision.value;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({ kind: ANY, batch: ANY, status: ANY, severity: ANY });
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<RulePage | undefined>();
  const [batches, setBatches] = useState<string[]>([]);
  const [counts, setCounts] = useState({ total: 0, enabled: 0 });
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setQuery(text);
      setPage(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [text]);

  useEffect(() => {
    void listBatches(store.db).then(setBatches);
    void countRules(store.db).then(setCounts);
  }, [revision]);

  const [refreshed, setRefreshed] = useState(-1);
  useEffect(() => {
    let live = true;
    void store.summaries.refresh().then(() => {
      if (live) setRefreshed(revision);
    });
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    if (refreshed < 0) return undefined;
    let live = true;
    const q: RuleQuery = { text: query, page, pageSize: PAGE_SIZE };
    if (filters.kind !== ANY) q.kind = filters.kind as PackRuleKind;
    if (filters.batch !== ANY) q.batch = filters.batch;
    if (filters.status !== ANY) q.enabled = filters.status === 'enabled';
    if (filters.severity !== ANY) q.severity = filters.severity as Severity;
    void searchRules(store.db, store.summaries, q).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [query, filters, page, refreshed]);

  const setFilter = (key: keyof Filters) => (value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(0);
  };
  const toggle = async (record: RuleSummary) => {
    await setRuleEnabled(store.db, record.id, !record.enabled);
    store.changed();
  };

  const all: Choice = { value: ANY, label: ot('common.all') };
  const kindChoices = [all, ...KINDS.map((k) => ({ value: k.kind, label: kindLabel(k.kind) }))];
  const batchChoices = [all, ...batches.map((b) => ({ value: b, label: b || ot('list.batch.none') }))];
  const statusChoices = [all, { value: 'enabled', label: ot('status.enabled') }, { value: 'disabled', label: ot('status.disabled') }];
  const severityChoices = [all, ...SeveritySchema.options.map((s) => ({ value: s, label: severityLabel(s) }))];

  return (
    <section class="op-list" aria-label={ot('tab.rules')}>
      <div class="op-toolbar">
        <label class="op-search">
          <span class="op-visually-hidden">{ot('list.search')}</span>
          <input
            type="search"
            id="rule-search"
            value={text}
            placeholder={ot('list.search.placeholder')}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {ot('list.filter.kind')}
          <Select id="filter-kind" value={filters.kind} choices={kindChoices} onChange={setFilter('kind')} />
        </label>
        <label>
          {ot('list.filter.batch')}
          <Select id="filter-batch" value={filters.batch} choices={batchChoices} onChange={setFilter('batch')} />
        </label>
        <label>
          {ot('list.filter.status')}
          <Select id="filter-status" value={filters.status} choices={statusChoices} onChange={setFilter('status')} />
        </label>
        <label>
          {ot('list.filter.severity')}
          <Select id="filter-severity" value={filters.severity} choices={severityChoices} onChange={setFilter('severity')} />
        </label>
        <button type="button" class="op-primary" onClick={onNew}>
          {ot('list.new')}
        </button>
      </div>
      <p class="op-count" role="status">
        {ot('list.count', { total: result?.total ?? 0, all: counts.total, enabled: counts.enabled })}
      </p>
      <table class="op-table">
        <thead>
          <tr>
            <th>{ot('list.col.name')}</th>
            <th>{ot('list.col.kind')}</th>
            <th>{ot('list.col.batch')}</th>
            <th>{ot('list.col.codes')}</th>
            <th>{ot('list.col.severity')}</th>
            <th>{ot('list.col.mode')}</th>
            <th>{ot('list.col.effective')}</th>
            <th>{ot('list.col.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          {result?.records.map((record) => (
            <tr key={record.id} class={`op-row${record.id === selectedId ? ' op-selected' : ''}${record.enabled ? '' : ' op-off'}`} data-rule-id={record.id}>
              <td>
                <button type="button" class="op-link op-rule-name" onClick={() => onOpen(record.id)} title={record.id}>
                  {record.name || record.id}
                </button>
                <div class="op-sub">{record.id}</div>
              </td>
              <td>{kindLabel(record.kind)}</td>
              <td>{record.batch}</td>
              <td class="op-num">{codeCount(record)}</td>
              <td>
                <SeverityIcon severity={record.severity} /> {severityLabel(record.severity)}
              </td>
              <td>{ot(record.interruptive ? 'mode.short.interruptive' : 'mode.short.passive')}</td>
              <td class="op-nowrap">{effectiveText(record)}</td>
              <td>
                <input
                  type="checkbox"
                  class="op-toggle"
                  checked={record.enabled}
                  aria-label={ot('list.toggle', { name: record.name || record.id })}
                  onChange={() => void toggle(record)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result && result.total === 0 && <p class="op-empty">{ot('list.empty')}</p>}
      {result && result.pageCount > 1 && (
        <nav class="op-pager">
          <button type="button" disabled={result.page === 0} onClick={() => setPage(result.page - 1)}>
            {ot('list.prev')}
          </button>
          <span>{ot('list.page', { page: result.page + 1, pages: result.pageCount })}</span>
          <button type="button" disabled={result.page + 1 >= result.pageCount} onClick={() => setPage(result.page + 1)}>
            {ot('list.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
