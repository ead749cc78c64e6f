import { useState } from 'preact/hooks';
import { language } from '../i18n';
import { DeploymentPanel } from './deployment/DeploymentPanel';
import type { DeploymentServices } from './deployment/deployment-services';
import { ImportPanel } from './ImportPanel';
import { KindBulk } from './KindBulk';
import { ot, type OptionsKey } from './options-i18n';
import { ProfilesPanel } from './profiles/ProfilesPanel';
import type { ProfileServices } from './profiles/profile-services';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { StoreContext, type OptionsStore } from './store-context';
import { TrialConsole } from './TrialConsole';
import { VersionsPanel, type ActivateOutcome } from './VersionsPanel';

export type OptionsTab = 'rules' | 'trial' | 'import' | 'versions' | 'deployment' | 'profiles';
const TABS: readonly OptionsTab[] = ['rules', 'trial', 'import', 'versions', 'deployment', 'profiles'];

export interface OptionsAppProps {
  store: OptionsStore;
  activate?: (packJson: string) => Promise<ActivateOutcome>;
  initialTab?: OptionsTab;
  /** Storage and background for the deployment tab; the browser's own when absent. */
  deployment?: DeploymentServices;
  /** Storage for the site-profile tab; the browser's own when absent. */
  profiles?: ProfileServices;
}

/** The 医保办's page: rules, 试算, import and versions, over one working rule set. */
export function OptionsApp({ store, activate, initialTab = 'rules', deployment, profiles }: OptionsAppProps) {
  const [tab, setTab] = useState<OptionsTab>(initialTab);
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
          {tab === 'rules' && (
            <div class={editing === undefined ? 'op-rules' : 'op-rules op-rules-editing'}>
              <div class="op-rules-list">
                <KindBulk />
                <RuleList selectedId={editing ?? null} onOpen={openRule} onNew={() => setEditing(null)} />
              </div>
              {editing !== undefined && <RuleEditor key={editing ?? '\u0000new'} ruleId={editing} onOpen={openRule} onClose={() => setEditing(undefined)} />}
            </div>
          )}
          {tab === 'trial' && <TrialConsole onOpenRule={openRule} />}
          {tab === 'import' && <ImportPanel />}
          {tab === 'versions' && <VersionsPanel onOpenRule={openRule} {...(activate ? { activate } : {})} />}
          {tab === 'deployment' && <DeploymentPanel {...deployment} />}
          {tab === 'profiles' && <ProfilesPanel {...(profiles ? { services: profiles } : {})} />}
        </main>
      </div>
    </StoreContext.Provider>
  );
}
