import { render } from 'preact';
import '../../components/review/review.css';
import './dashboard.css';
import { at } from '../../components/review/appeal-i18n';
import { HubClient } from './api-client';
import { AppealFindingsList } from './appeals/AppealFindingsList';

/**
 * The doctor's appeal page (`/appeal.html#pfa_…`), Chinese only: the link the 质控 sent carries
 * the doctor's appeal token in the fragment, which the browser never sends to a server or puts in
 * a Referer. It is kept in this tab's sessionStorage (a reload still works) and taken out of the
 * address bar at once, so it is not left on screen or in the history.
 */

const LINK_KEY = 'preflight.hub.appeal-link';
const LINK_SHAPE = /^pfa_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

function linkToken(): string | undefined {
  const fromHash = decodeURIComponent(location.hash.slice(1)).trim();
  if (LINK_SHAPE.test(fromHash)) {
    sessionStorage.setItem(LINK_KEY, fromHash);
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  const kept = sessionStorage.getItem(LINK_KEY) ?? undefined;
  return kept && LINK_SHAPE.test(kept) ? kept : undefined;
}

function AppealPage({ client }: { client: HubClient | undefined }) {
  return (
    <div class="db-app rv-root ap-page">
      <header class="db-header">
        <h1>{at('page.title')}</h1>
      </header>
      <main class="db-main">{client ? <AppealFindingsList client={client} /> : <p class="rv-error" role="alert">{at('page.noLink')}</p>}</main>
    </div>
  );
}

document.title = at('page.title');
const token = linkToken();
render(<AppealPage client={token ? new HubClient(token) : undefined} />, document.getElementById('app')!);
