import { useEffect, useState } from 'preact/hooks';
import type { CaseFinding, TrialCaseRecord, VersionRecord } from '../../../rules/store/db';
import { acceptResult, listCases, removeCase } from '../../../rules/store/trial-cases';
import { listVersions } from '../../../rules/store/versions';
import { severityLabel } from '../../i18n';
import { SeverityIcon } from '../../SeverityIcon';
import { useOptionsStore } from '../store-context';
import { changed, regression, type BaselineRef, type CaseOutcome, type RuleSetRef } from './regression';
import { tt } from './trial-i18n';

/** The select value of a rule set: '' the working set, 'saved' each case's saved findings, else a version. */
const refOf = (value: string): RuleSetRef => (value ? { kind: 'version', version: value } : { kind: 'working' });
const baselineOf = (value: string): BaselineRef => (value === 'saved' ? { kind: 'saved' } : refOf(value));

function FindingItem({ f, lines }: { f: CaseFinding; lines: ReadonlyMap<string, string> }) {
  return (
    <li class={`op-sev-${f.severity}`} data-rule-id={f.ruleId}>
      <SeverityIcon severity={f.severity} /> {severityLabel(f.severity)} · <strong>{f.ruleName || f.ruleId}</strong>
      {f.lineId && <span class="op-sub"> {tt('case.line', { id: f.lineId, name: lines.get(f.lineId) ?? '' })}</span>}
      <div>{f.message}</div>
    </li>
  );
}

function FindingList({ findings, lines, empty }: { findings: readonly CaseFinding[]; lines: ReadonlyMap<string, string>; empty: string }) {
  if (findings.length === 0) return <span class="op-sub">{empty}</span>;
  return (
    <ul class="op-case-findings">
      {findings.map((f, i) => (
        <FindingItem key={i} f={f} lines={lines} />
      ))}
    </ul>
  );
}

/**
 * 用例回归: runs every saved 试算用例 against the working set or a published version and shows,
 * case by case, the findings that appeared or went away compared with the saved result (or with
 * another version) — what a rule change does to orders the 医保办 knows, before it is published.
 */
export function CaseRegression({ onOpenCase }: { onOpenCase: (record: TrialCaseRecord) => void }) {
  const store = useOptionsStore();
  const revision = store.revision.value;
  const [cases, setCases] = useState<TrialCaseRecord[]>([]);
  const [versions, setVersions] = useState<VersionRecord[]>([]);
  const [target, setTarget] = useState('');
  const [baseline, setBaseline] = useState('saved');
  const [outcomes, setOutcomes] = useState<CaseOutcome[] | undefined>();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  useEffect(() => {
    void Promise.all([listCases(store.db), listVersions(store.db)]).then(([c, v]) => {
      setCases(c);
      setVersions(v);
    });
  }, [revision]);

  const run = async (list = cases) => {
    setRunning(true);
    setFailure(undefined);
    try {
      const result = await regression(store.db, list, refOf(target), baselineOf(baseline));
      // Changed cases first, each group by name.
      setOutcomes(result.sort((a, b) => Number(changed(b)) - Number(changed(a)) || a.record.name.localeCompare(b.record.name, 'zh-CN')));
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const accept = async (o: CaseOutcome) => {
    await acceptResult(store.db, o.record.id, o.after, target);
    const fresh = await listCases(store.db);
    setCases(fresh);
    await run(fresh);
  };
  const remove = async (o: CaseOutcome) => {
    await removeCase(store.db, o.record.id);
    setOutcomes((list) => list?.filter((x) => x.record.id !== o.record.id));
    store.changed();
  };

  const targetName = target ? tt('case.version', { version: target }) : tt('case.working');
  const changedCount = outcomes?.filter(changed).length ?? 0;
  return (
    <section class="op-trial-cases" aria-label={tt('case.title')}>
      <p class="op-hint">{tt('case.hint')}</p>
      <div class="op-toolbar">
        <label>
          {tt('case.target')}
          <select id="case-target" value={target} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{tt('case.working')}</option>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {tt('case.version', { version: v.version })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tt('case.baseline')}
          <select id="case-baseline" value={baseline} onChange={(e) => setBaseline((e.currentTarget as HTMLSelectElement).value)}>
            <option value="saved">{tt('case.saved')}</option>
            <option value="">{tt('case.working')}</option>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {tt('case.version', { version: v.version })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="op-primary" id="case-run" onClick={() => void run()} disabled={running || cases.length === 0}>
          {running ? tt('case.running') : tt('case.run', { count: cases.length })}
        </button>
      </div>
      {cases.length === 0 && <p class="op-empty">{tt('case.none')}</p>}
      {failure && (
        <p class="op-error-summary" role="alert">
          {tt('case.failed', { message: failure })}
        </p>
      )}
      {outcomes && (
        <>
          <p class="op-notice" role="status" id="case-summary">
            {tt('case.summary', { total: outcomes.length, changed: changedCount, target: targetName })}
          </p>
          <table class="op-table op-case-table">
            <thead>
              <tr>
                <th>{tt('case.col.name')}</th>
                <th>{tt('case.col.result')}</th>
                <th>{tt('case.col.added')}</th>
                <th>{tt('case.col.removed')}</th>
                <th>{tt('case.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => {
                const lines = new Map(o.record.order.lines.map((l) => [l.id, l.name || l.code]));
                const isChanged = changed(o);
                return (
                  <tr key={o.record.id} data-case={o.record.name} class={isChanged ? 'op-case-changed' : undefined}>
                    <td>
                      <strong>{o.record.name}</strong>
                      <div class="op-sub">{tt('case.savedAt', { at: o.record.savedAt.slice(0, 16).replace('T', ' '), from: o.record.expectedFrom ? tt('case.version', { version: o.record.expectedFrom }) : tt('case.working') })}</div>
                    </td>
                    <td class="op-nowrap">
                      {o.error !== undefined ? (
                        <span class="op-case-error">{tt('case.error', { message: o.error })}</span>
                      ) : isChanged ? (
                        <strong class="op-case-flag">{tt('case.changed')}</strong>
                      ) : (
                        tt('case.same', { count: o.after.length })
                      )}
                    </td>
                    <td class="op-case-added">
                      <FindingList findings={o.added} lines={lines} empty="—" />
                    </td>
                    <td class="op-case-removed">
                      <FindingList findings={o.removed} lines={lines} empty="—" />
                    </td>
                    <td>
                      <button type="button" class="op-link" onClick={() => onOpenCase(o.record)}>
                        {tt('case.open')}
                      </button>
                      {isChanged && baseline === 'saved' && o.error === undefined && (
                        <button type="button" class="op-link" onClick={() => void accept(o)}>
                          {tt('case.accept')}
                        </button>
                      )}
                      <button type="button" class="op-link" onClick={() => void remove(o)}>
                        {tt('common.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
