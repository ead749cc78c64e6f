import { useEffect, useMemo, useState } from 'preact/hooks';
import '../../review/review.css';
import './local-review.css';
import { language } from '../../i18n';
import { ReviewContext } from '../../review/context';
import { EventsView } from '../../review/EventsView';
import { OrdersView } from '../../review/OrdersView';
import { FiltersBar } from '../../review/FiltersBar';
import type { ReviewFilters } from '../../../contract/review/review-filters';
import { OverviewView } from '../../review/OverviewView';
import { RulesView } from '../../review/RulesView';
import { formatInstant } from '../../../contract/review/zoned-time';
import type { SyncStatus } from '../../../log/upload/sync-status';
import { localReviewSource } from '../../../log/review-source';
import { ot, type OptionsKey } from '../options-i18n';
import { browserReviewServices, dashboardUrl, type ReviewTabServices } from './review-services';

export type LocalView = 'overview' | 'orders' | 'events' | 'rules';
const VIEWS: readonly LocalView[] = ['overview', 'orders', 'events', 'rules'];

export interface LocalReviewPanelProps {
  services?: ReviewTabServices;
  initialView?: LocalView;
}

/**
 * 审核记录: the hub dashboard's views over this workstation's own flag log, so the 医保办 and the
 * doctor can look back at findings and decisions with no hub at all. Verdicts and 规则有误 are the
 * hub's (the views leave them out here); the banner says which records these are.
 */
export function LocalReviewPanel({ services: given, initialView = 'orders' }: LocalReviewPanelProps) {
  const services = useMemo(() => given ?? browserReviewServices(), [given]);
  const [view, setView] = useState<LocalView>(initialView);
  const [filters, setFilters] = useState<ReviewFilters>({});
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [order, setOrder] = useState<string | undefined>(undefined);
  // 刷新 remounts the views: each reloads what it shows from the log as it now is.
  const [generation, setGeneration] = useState(0);
  const lang = language.value;
  const source = useMemo(
    () =>
      localReviewSource(services.db, {
        workstationLabel: ot('review.workstation'),
        ...(services.timeZone ? { timeZone: services.timeZone } : {}),
        ...(services.ruleNames ? { ruleNames: services.ruleNames } : {}),
      }),
    [services, lang],
  );
  const context = useMemo(() => ({ source, roleLabel: ot('review.workstation') }), [source]);

  const change = (next: ReviewFilters) => {
    setFilters(next);
    setSelected(undefined);
    setOrder(undefined);
  };

  return (
    <ReviewContext.Provider value={context}>
      <section class="op-review rv-root" data-role="local-review">
        <HubBanner services={services} timeZone={source.timeZone} />
        <div class="op-review-bar">
          <div class="rv-switch op-review-views" role="group" aria-label={ot('tab.review')}>
            {VIEWS.map((v) => (
              <button key={v} type="button" data-view={v} aria-pressed={v === view ? 'true' : 'false'} onClick={() => setView(v)}>
                {ot(`review.view.${v}` as OptionsKey)}
              </button>
            ))}
          </div>
          <button type="button" class="op-review-refresh" onClick={() => setGeneration((g) => g + 1)}>
            {ot('review.refresh')}
          </button>
        </div>
        <FiltersBar filters={filters} onChange={change} showVerdict={false} showWorkstation={false} />
        <div key={`${view} ${generation}`} class="op-review-view">
          {view === 'overview' && <OverviewView filters={filters} onFiltersChange={change} />}
          {view === 'orders' && <OrdersView filters={filters} selectedKey={order} onSelect={setOrder} />}
          {view === 'events' && (
            <EventsView
              filters={filters}
              selectedId={selected}
              onSelect={setSelected}
              onOpenOrder={(key) => {
                change({});
                setOrder(key);
                setView('orders');
              }}
            />
          )}
          {view === 'rules' && (
            <RulesView
              filters={filters}
              onShowEvents={(ruleId) => {
                change({ ...filters, ruleId });
                setView('orders');
              }}
            />
          )}
        </div>
      </section>
    </ReviewContext.Provider>
  );
}

function HubBanner({ services, timeZone }: { services: ReviewTabServices; timeZone: string }) {
  const [sync, setSync] = useState<SyncStatus | undefined>(undefined);
  const [hub, setHub] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void services.readSync().then((status) => live && setSync(status));
    void services.hubUrl().then((url) => live && setHub(dashboardUrl(url)));
    const stop = services.watchSync?.((status) => live && setSync(status));
    return () => {
      live = false;
      stop?.();
    };
  }, [services]);
  // Nothing until the status is read: a flash of 未配置 on a connected workstation would be wrong.
  if (!sync) return null;

  if (!sync.hubConfigured) {
    return (
      <div class="op-review-banner" data-role="review-banner" data-hub="local">
        <strong>{ot('review.banner.local')}</strong>
        <p>{ot('review.note.local')}</p>
        {sync.droppedUnsent > 0 && <p class="op-review-warn">{ot('review.dropped', { count: sync.droppedUnsent })}</p>}
      </div>
    );
  }
  const failing = sync.lastError !== null;
  const origin = sync.hubOrigin ?? '';
  return (
    <div class="op-review-banner" data-role="review-banner" data-hub={failing ? 'failing' : 'connected'}>
      <strong>{ot(failing ? 'review.banner.hubFailing' : 'review.banner.hub', { origin })}</strong>
      <p data-role="review-queue">
        {ot('review.queued', { count: sync.queued })}
        {' · '}
        {sync.lastSuccessAt ? ot('review.lastUpload', { time: formatInstant(sync.lastSuccessAt, timeZone) }) : ot('review.neverUploaded')}
      </p>
      {sync.lastError && <p class="op-review-warn">{ot('review.lastError', { message: sync.lastError.message })}</p>}
      {sync.droppedUnsent > 0 && <p class="op-review-warn">{ot('review.dropped', { count: sync.droppedUnsent })}</p>}
      <p>
        {ot('review.note.hub')}
        {hub && (
          <>
            {' '}
            <a href={hub} target="_blank" rel="noopener noreferrer">
              {ot('review.openHub')}
            </a>
          </>
        )}
      </p>
    </div>
  );
}
