import { render } from 'preact';
import '../../components/options/deployment/deployment.css';
import { OptionsApp } from '../../components/options/OptionsApp';
import { ot } from '../../components/options/options-i18n';
import { createOptionsStore } from '../../components/options/store-context';
import { followLanguageInValidation } from '../../components/options/validation-language';
import { RuleStoreDb } from '../../rules/store/db';
import { RuleSummaries } from '../../rules/store/search';
import { startRuleStore } from '../../rules/store/start';
import { loadBuiltinPack } from '../../workers/builtin-pack';
import { activatePackInThisBrowser } from './activate';
import { BUILTIN_EXAMPLES } from './examples';

const root = document.getElementById('app')!;

async function main(): Promise<void> {
  followLanguageInValidation();
  render(<p class="op-loading">{ot('app.loading')}</p>, root);
  const db = new RuleStoreDb();
  // The built-in pack is fetched only the first time; afterwards the working set is in Dexie.
  const started = await startRuleStore(db, loadBuiltinPack, BUILTIN_EXAMPLES);
  if (!started.ok) {
    render(
      <div class="op-error-summary" role="alert">
        {ot('app.startFailed')}
        <ul>
          {started.errors.map((e, i) => (
            <li key={i}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      </div>,
      root,
    );
    return;
  }
  const summaries = await RuleSummaries.load(db);
  render(<OptionsApp store={createOptionsStore(db, summaries)} activate={activatePackInThisBrowser} />, root);
}

void main();
