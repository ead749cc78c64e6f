import { useState } from 'preact/hooks';
import { language } from '../i18n';
import { DeploymentPanel } from './deployment/DeploymentPanel';
import type { DeploymentServices } from './deployment/deployment-services';
import { ImportPanel } from './ImportPanel';
import { KindBulk } from './KindBulk';
import { ot, type OptionsKey } from './options-i18n';
import { ProfilesPanel } from './profiles/ProfilesPanel';
import { LocalReviewPanel } from './review/LocalReviewPanel';
import type { ReviewTabServices } from './review/review-services';
import type { ProfileServices } from './profiles/profile-services';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { StoreContext, type OptionsStore } from './store-context';
import { TrialConsole } from './TrialConsole';
import { VersionsPanel, type ActivateOutcome } from './VersionsPanel';

export type OptionsTab = 'rules' | 'trial' | 'import' | 'versions' | 'deployment' | 'profiles' | 'review';
const TABS: readonly OptionsTab[] = ['rules', 'trial', 'import', 'versions', 'deployment', 'profiles', 'review'];

/** Tabs that work on the rule store; the others (deployment, profiles …) do not wait for it. */
const STORE_TABS: ReadonlySet<OptionsTab> = new Set(['rules', 'trial', 'import', 'versions']);

/** `#deployment` in the page URL opens that tab (links from the popup, bookmarks). */
export function tabFromHash(hash: string): OptionsTab | undefined {
  const name = hash.replace(/^#/, '');
  return (TABS as readonly string[]).includes(name) ? (name as OptionsTab) : undefined;
}

/** The rule store while it opens: the first start copies the built-in pack into IndexedDB. */
export type StoreState = { kind: 'ready'; store: OptionsStore } | { kind: 'loading' } | { kind: 'failed'; errors: readonly { path: string; message: string }[] };

export interface OptionsAppProps {
  store: OptionsStore | StoreState;
  activate?: (packJson: string) => Promise<ActivateOutcome>;
  initialTab?: OptionsTab;
  /** Storage and background for the deployment tab; the browser's own when absent. */
  deployment?: DeploymentServices;
  /** Storage for the site-profile tab; the browser's own when absent. */
  profiles?: ProfileServices;
  /** The flag log and upload status for the 审核记录 tab; the browser's own when absent. */
  review?: ReviewTabServices;
}

/** The 医保办's page: rules, 试算, import and versions, over one working rule set. */
export function OptionsApp({ store: given, activate, initialTab = 'rules', deployment, profiles, review }: OptionsAppProps) {
  const [tab, setTab] = useState<OptionsTab>(initialTab);
  const state: StoreState = 'kind' in given ? given : { kind: 'ready', store: given };
  const store = state.kind === 'ready' ? state.store : null;
  const waiting = STORE_TABS.has(tab) && state.kind !== 'ready';
  /** undefined: no editor open; null: a new rule. */
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const openRule = (id: string) => {
    setEditing(id);
    setTab('rules');
  };
  const toggleLanguage = () => {
    language.value = language.value === 'zh-CN' ? 'en' : 'zh-CN';
  };
  return (
    <StoreContext.Provider value={store}>
      <div class="op-app" lang={language.value}>
        <header class="op-header">
          <h1>{ot('app.title')}</h1>
          <nav class="op-tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t ? 'true' : 'false'} class={tab === t ? 'op-tab op-tab-on' : 'op-tab'} onClick={() => setTab(t)}>
                {ot(`tab.${t}` as OptionsKey)}
              </button>
            ))}
          </nav>
          <button type="button" class="op-lang" onClick={toggleLanguage}>
            {ot('app.lang')}
          </button>
        </header>
        <main class="op-main" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {waiting && state.kind === 'loading' && <p class="op-loading">{ot('app.loading')}</p>}
          {waiting && state.kind === 'failed' && (
            <div class="op-error-summary" role="alert">
              {ot('app.startFailed')}
              <ul>
                {state.errors.map((e, i) => (
                  <li key={i}>
                    {e.path}: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!waiting && tab === 'rules' && (
            <div class={editing === undefined ? 'op-rules' : 'op-rules op-rules-editing'}>
              <div class="op-rules-list">
                <KindBulk />
                <RuleList selectedId={editing ?? null} onOpen={openRule} onNew={() => setEditing(null)} />
              </div>
              {editing !== undefined && <RuleEditor key={editing ?? '\u0000new'} ruleId={editing} onOpen={openRule} onClose={() => setEditing(undefined)} />}
            </div>
          )}
          {!waiting && tab === 'trial' && <TrialConsole onOpenRule={openRule} />}
          {!waiting && tab === 'import' && <ImportPanel />}
          {!waiting && tab === 'versions' && <VersionsPanel onOpenRule={openRule} {...(activate ? { activate } : {})} />}
          {tab === 'deployment' && <DeploymentPanel {...deployment} />}
          {tab === 'profiles' && <ProfilesPanel {...(profiles ? { services: profiles } : {})} />}
          {tab === 'review' && <LocalReviewPanel {...(review ? { services: review } : {})} />}
        </main>
      </div>
    </StoreContext.Provider>
  );
}
