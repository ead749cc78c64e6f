import { signal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { language, type Language } from '../../components/i18n';
import { ReviewContext } from '../../components/review/context';
import { ReviewSourceError } from '../../contract/review/data-source';
import { ErrorNotice } from '../../components/review/ErrorNotice';
import { EventsView } from '../../components/review/EventsView';
import { FiltersBar } from '../../components/review/FiltersBar';
import type { ReviewFilters } from '../../contract/review/review-filters';
import { OverviewView } from '../../components/review/OverviewView';
import { roleText, rt } from '../../components/review/review-i18n';
import { RulesView } from '../../components/review/RulesView';
import { capabilitiesOf, hubSource } from './hub-source';
import { PublishView } from './publish/PublishView';
import { pt } from './publish/publish-i18n';
import { DirectoryView } from './directory/DirectoryView';
import { dt } from './directory/directory-i18n';
import { OrdersView } from '../../components/review/OrdersView';
import { rxt } from '../../components/review/order-i18n';
import { at } from '../../components/review/appeal-i18n';
import { AppealsView } from './appeals/AppealsView';
import { AppealFindingsList } from './appeals/AppealFindingsList';
import { ReportView } from './report/ReportView';
import { rpt } from './report/report-i18n';
import { forgetToken, signIn, storedToken, TOKEN_SHAPE, type SignedIn } from './session';
import { routeFromSearch, searchFromRoute, type Route, type View } from './url-state';

type Auth = { status: 'checking' } | { status: 'anonymous'; error?: unknown } | { status: 'signed-in'; signedIn: SignedIn };

const LANGUAGE_KEY = 'preflight.dashboard.lang';

const auth = signal<Auth>({ status: 'checking' });
const route = signal<Route>(routeFromSearch(location.search));

function navigate(next: Route, replace = false): void {
  const url = `${location.pathname}${searchFromRoute(next)}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route.value = next;
}

function signOut(error?: unknown): void {
  forgetToken();
  auth.value = error === undefined ? { status: 'anonymous' } : { status: 'anonymous', error };
}

async function attempt(token: string): Promise<void> {
  auth.value = { status: 'checking' };
  try {
    const signedIn = await signIn(token, { onUnauthenticated: () => signOut(new ReviewSourceError('unauthenticated', 'token no longer accepted', 401)) });
    auth.value = { status: 'signed-in', signedIn };
  } catch (error) {
    forgetToken();
    auth.value = { status: 'anonymous', error };
  }
}

export function startApp(): void {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') language.value = saved;
  window.addEventListener('popstate', () => (route.value = routeFromSearch(location.search)));
  const token = storedToken();
  if (token) void attempt(token);
  else auth.value = { status: 'anonymous' };
}

function toggleLanguage(): void {
  const next: Language = language.value === 'zh-CN' ? 'en' : 'zh-CN';
  language.value = next;
  localStorage.setItem(LANGUAGE_KEY, next);
}

export function App() {
  useEffect(() => {
    document.documentElement.lang = language.value;
    document.title = rt('app.title');
  });
  const state = auth.value;
  return (
    <div class="db-app rv-root">
      <header class="db-header">
        <h1>{rt('app.title')}</h1>
        {state.status === 'signed-in' && (
          <span class="db-who">
            <span class="db-role">{roleText(state.signedIn.session.role)}</span> {state.signedIn.session.label}
          </span>
        )}
        <div class="db-header-actions">
          <button type="button" class="db-lang" onClick={toggleLanguage}>
            {rt('app.lang')}
          </button>
          {state.status === 'signed-in' && (
            <button type="button" class="db-logout" onClick={() => signOut()}>
              {rt('app.logout')}
            </button>
          )}
        </div>
      </header>
      {state.status === 'checking' && <p class="db-checking rv-muted">{rt('login.checking')}</p>}
      {state.status === 'anonymous' && <LoginForm error={state.error} />}
      {state.status === 'signed-in' && <Dashboard signedIn={state.signedIn} />}
    </div>
  );
}

function LoginForm({ error }: { error?: unknown }) {
  const [token, setToken] = useState('');
  const malformed = token.trim() !== '' && !TOKEN_SHAPE.test(token.trim());
  return (
    <main class="db-login">
      <form
        class="db-login-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!malformed && token.trim()) void attempt(token);
        }}
      >
        <h2>{rt('login.title')}</h2>
        <label class="rv-field">
          <span>{rt('login.token')}</span>
          <input type="password" name="token" autoComplete="off" spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} aria-invalid={malformed ? 'true' : 'false'} />
        </label>
        <p class="rv-hint">{rt('login.hint')}</p>
        <button type="submit" class="rv-primary" disabled={!token.trim() || malformed}>
          {rt('login.submit')}
        </button>
        {error !== undefined && <ErrorNotice error={error} />}
      </form>
    </main>
  );
}

function tabText(view: View): string {
  if (view === 'publish') return pt('tab.publish');
  if (view === 'directory') return dt('tab.directory');
  if (view === 'orders') return rxt('tab.orders');
  if (view === 'events') return rxt('tab.events.all');
  if (view === 'appeals') return at('tab.appeals');
  if (view === 'report') return rpt('tab.report');
  return rt(`tab.${view}`);
}

function allowedViews(signedIn: SignedIn): View[] {
  const can = capabilitiesOf(signedIn.session);
  const views: View[] = [];
  if (can.readStats) views.push('overview');
  if (can.readEvents) views.push('orders', 'events');
  if (can.readStats && can.readReports) views.push('rules');
  if (can.readStats) views.push('report');
  // 质控 decides appeals; a 科室 lead (or admin) appeals for doctors: one tab, by permission.
  const permissions = signedIn.session.permissions;
  if (permissions.includes('appeals:decide') || permissions.includes('appeals:submit')) views.push('appeals');
  if (signedIn.session.permissions.includes('directory:manage')) views.push('directory');
  if (signedIn.session.permissions.includes('packs:publish')) views.push('publish');
  return views;
}

/** The view a role lands on: 质控 reviews prescriptions, 医保办 looks after rules. */
function defaultView(signedIn: SignedIn, allowed: readonly View[]): View | undefined {
  const role = signedIn.session.role;
  const preferred: View = role === 'quality' ? 'orders' : role === 'insurance-office' ? 'rules' : role === 'department-lead' ? 'appeals' : 'overview';
  return allowed.includes(preferred) ? preferred : allowed[0];
}

function Dashboard({ signedIn }: { signedIn: SignedIn }) {
  const source = useMemo(() => hubSource(signedIn.client, signedIn.session), [signedIn]);
  const context = useMemo(() => ({ source, roleLabel: roleText(signedIn.session.role) }), [source, signedIn, language.value]);
  const allowed = allowedViews(signedIn);
  const current = route.value;
  const view = current.view ?? defaultView(signedIn, allowed);

  if (allowed.length === 0) {
    return (
      <main class="db-main">
        <p class="rv-error" role="alert">
          {rt('login.workstation')}
        </p>
      </main>
    );
  }
  const setFilters = (filters: ReviewFilters) => navigate({ ...current, view, filters, eventId: undefined, orderKey: undefined });
  const reviewing = view === 'orders' || view === 'events';
  const forbidden = view !== undefined && !allowed.includes(view);

  return (
    <ReviewContext.Provider value={context}>
      <nav class="db-tabs" aria-label={rt('app.title')}>
        {allowed.map((v) => (
          <a
            key={v}
            href={searchFromRoute({ ...current, view: v, eventId: undefined, orderKey: undefined }) || '?'}
            class={v === view ? 'db-tab db-tab-on' : 'db-tab'}
            aria-current={v === view ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate({ ...current, view: v, eventId: undefined, orderKey: undefined });
            }}
          >
            {tabText(v)}
          </a>
        ))}
      </nav>
      <main class="db-main">
        {view !== 'publish' && view !== 'directory' && view !== 'appeals' && view !== 'report' && <FiltersBar filters={current.filters} onChange={setFilters} showVerdict={reviewing} />}
        {forbidden && <ErrorNotice error={new ReviewSourceError('forbidden', tabText(view), 403)} />}
        {!forbidden && view === 'publish' && <PublishView client={signedIn.client} timeZone={signedIn.session.timeZone} canRotate={signedIn.session.permissions.includes('keys:manage')} />}
        {!forbidden && view === 'directory' && <DirectoryView client={signedIn.client} timeZone={signedIn.session.timeZone} />}
        {!forbidden && view === 'report' && <ReportView client={signedIn.client} timeZone={signedIn.session.timeZone} />}
        {!forbidden && view === 'appeals' && (
          <div class="db-appeals">
            {signedIn.session.permissions.includes('appeals:decide') && (
              <AppealsView client={signedIn.client} timeZone={signedIn.session.timeZone} onOpenOrder={(orderKey) => navigate({ view: 'orders', filters: {}, eventId: undefined, orderKey })} />
            )}
            {signedIn.session.permissions.includes('appeals:submit') && <AppealFindingsList client={signedIn.client} />}
          </div>
        )}
        {!forbidden && view === 'orders' && (
          <OrdersView filters={current.filters} selectedKey={current.orderKey} onSelect={(orderKey) => navigate({ ...current, view, orderKey })} />
        )}
        {!forbidden && view === 'overview' && <OverviewView filters={current.filters} onFiltersChange={setFilters} />}
        {!forbidden && view === 'events' && (
          <EventsView
            filters={current.filters}
            selectedId={current.eventId}
            onSelect={(eventId) => navigate({ ...current, view, eventId })}
            onOpenOrder={(orderKey) => navigate({ view: 'orders', filters: {}, eventId: undefined, orderKey })}
          />
        )}
        {!forbidden && view === 'rules' && (
          <RulesView filters={current.filters} onShowEvents={(ruleId) => navigate({ view: 'orders', filters: { ...current.filters, ruleId }, eventId: undefined, orderKey: undefined })} />
        )}
      </main>
    </ReviewContext.Provider>
  );
}
