import { render } from 'preact';
import '../../components/options/deployment/deployment.css';
import { OptionsApp, tabFromHash, type StoreState } from '../../components/options/OptionsApp';
import { createOptionsStore } from '../../components/options/store-context';
import { followLanguageInValidation } from '../../components/options/validation-language';
import { RuleStoreDb } from '../../rules/store/db';
import { RuleSummaries } from '../../rules/store/search';
import { startRuleStore } from '../../rules/store/start';
import { loadBuiltinPack } from '../../pack-updates/builtin-pack';
import { activatePackInThisBrowser } from './activate';
import { BUILTIN_EXAMPLES } from './examples';

const root = document.getElementById('app')!;

async function main(): Promise<void> {
  followLanguageInValidation();
  const initialTab = tabFromHash(location.hash) ?? 'rules';
  const show = (store: StoreState) => render(<OptionsApp store={store} activate={activatePackInThisBrowser} initialTab={initialTab} />, root);
  // Tabs that do not need the rule store (部署与更新, 站点配置) are usable at once; the first start
  // copies the built-in pack into IndexedDB, which takes seconds.
  show({ kind: 'loading' });
  const db = new RuleStoreDb();
  // The built-in pack is fetched only the first time; afterwards the working set is in Dexie.
  const started = await startRuleStore(db, loadBuiltinPack, BUILTIN_EXAMPLES);
  if (!started.ok) {
    show({ kind: 'failed', errors: started.errors });
    return;
  }
  const summaries = await RuleSummaries.load(db);
  show({ kind: 'ready', store: createOptionsStore(db, summaries) });
}

void main();
