import { useEffect, useState } from 'preact/hooks';
import type { FieldError } from '../../rules/pack/load';
import type { ExampleRecord } from '../../rules/store/db';
import { listExamples, removeExample, saveExample } from '../../rules/store/examples';
import { workingPack } from '../../rules/store/working-set';
import { kindLabel, severityLabel } from '../i18n';
import { SeverityIcon } from '../SeverityIcon';
import { FieldErrors } from './form-controls';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';
import { parseTrialInput, runTrial, type TrialOrderResult, type TrialRun } from './trial-run';

/** The working set's version label in 试算 results: it has no version until published. */
export const WORKING_LABEL = 'working';

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));

function OrderResult({ item, onOpenRule }: { item: TrialOrderResult; onOpenRule: (id: string) => void }) {
  const names = new Map(item.order.lines.map((l) => [l.id, l.name || l.code]));
  return (
    <section class="op-trial-order" data-order-id={item.order.id}>
      <h3>
        {ot('trial.order', { id: item.order.id })} <span class="op-sub">{ot('common.ms', { ms: ms(item.result.elapsedMs) })}</span>
      </h3>
      {item.findings.length === 0 ? (
        <p class="op-empty">{ot('trial.noFindings')}</p>
      ) : (
        <table class="op-table op-findings">
          <thead>
            <tr>
              <th>{ot('trial.col.severity')}</th>
              <th>{ot('trial.col.kind')}</th>
              <th>{ot('trial.col.line')}</th>
              <th>{ot('trial.col.message')}</th>
              <th>{ot('trial.col.rule')}</th>
            </tr>
          </thead>
          <tbody>
            {item.findings.map(({ finding, rule }, i) => (
              <tr key={`${finding.ruleId}#${finding.lineId ?? ''}#${i}`} class={`op-sev-${finding.severity}`} data-rule-id={finding.ruleId}>
                <td class="op-nowrap">
                  <SeverityIcon severity={finding.severity} /> {severityLabel(finding.severity)}
                </td>
                <td class="op-nowrap">{kindLabel(finding.kind)}</td>
                <td>{finding.lineId ? `${finding.lineId} ${names.get(finding.lineId) ?? ''}` : ot('trial.orderLevel')}</td>
                <td>{finding.message}</td>
                <td>
                  {rule ? (
                    <button type="button" class="op-link" onClick={() => onOpenRule(rule.id)} title={ot('trial.openRule', { id: rule.id })}>
                      {rule.name || rule.id}
                      <div class="op-sub">{rule.id}</div>
                    </button>
                  ) : (
                    <span class="op-sub">
                      {finding.ruleId} {ot('trial.engineFinding')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * 试算: paste an order or a 3101 request (or pick a saved example) and see each finding with the
 * rule that produced it, checked against the working set — unpublished edits included.
 */
export function TrialConsole({ onOpenRule }: { onOpenRule: (id: string) => void }) {
  const store = useOptionsStore();
  const revision = store.revision.value;
  const [examples, setExamples] = useState<ExampleRecord[]>([]);
  const [exampleId, setExampleId] = useState('');
  const [input, setInput] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [run, setRun] = useState<TrialRun | undefined>();
  const [running, setRunning] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    void listExamples(store.db).then(setExamples);
  }, [revision]);

  const pickExample = (id: string) => {
    setExampleId(id);
    const example = examples.find((e) => e.id === id);
    if (example) {
      setInput(example.input);
      setSaveName(example.builtin ? '' : example.name);
    }
  };
  const start = async () => {
    setNotice(undefined);
    const parsed = parseTrialInput(input);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setRun(undefined);
      return;
    }
    setErrors([]);
    setRunning(true);
    try {
      const pack = await workingPack(store.db, WORKING_LABEL);
      setRun(runTrial(pack, parsed.orders));
      setNotes(parsed.format === '3101' ? [ot('trial.format.3101', { count: parsed.orders.length }), ...parsed.notes] : parsed.notes);
    } finally {
      setRunning(false);
    }
  };
  const save = async () => {
    const record = await saveExample(store.db, saveName, input);
    setNotice(ot('trial.saved', { name: record.name }));
    setExampleId(record.id);
    store.changed();
  };
  const remove = async () => {
    await removeExample(store.db, exampleId);
    setExampleId('');
    store.changed();
  };

  const selected = examples.find((e) => e.id === exampleId);
  const builtin = examples.filter((e) => e.builtin);
  const mine = examples.filter((e) => !e.builtin);

  return (
    <section class="op-trial" aria-label={ot('trial.title')}>
      <p class="op-hint">{ot('trial.hint')}</p>
      <div class="op-toolbar">
        <label>
          {ot('trial.example')}
          <select id="trial-example" value={exampleId} onChange={(e) => pickExample((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{ot('trial.example.pick')}</option>
            <optgroup label={ot('trial.example.builtin')}>
              {builtin.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </optgroup>
            {mine.length > 0 && (
              <optgroup label={ot('trial.example.mine')}>
                {mine.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {selected && !selected.builtin && (
          <button type="button" class="op-link" onClick={() => void remove()}>
            {ot('trial.removeExample')}
          </button>
        )}
      </div>
      <label class="op-block" for="trial-input">
        {ot('trial.input')}
      </label>
      <textarea id="trial-input" class="op-code" rows={14} value={input} spellcheck={false} onInput={(e) => setInput((e.currentTarget as HTMLTextAreaElement).value)} />
      <FieldErrors errors={errors} />
      <div class="op-actions">
        <button type="button" class="op-primary" id="trial-run" onClick={() => void start()} disabled={running}>
          {ot('trial.run')}
        </button>
        <input id="trial-save-name" type="text" value={saveName} placeholder={ot('trial.saveName')} onInput={(e) => setSaveName((e.currentTarget as HTMLInputElement).value)} />
        <button type="button" onClick={() => void save()} disabled={!saveName.trim() || !input.trim()}>
          {ot('trial.saveAs')}
        </button>
      </div>
      {notice && <p class="op-notice" role="status">{notice}</p>}
      {run && (
        <div class="op-trial-results" role="region" aria-live="polite">
          <p class="op-timing">{ot('trial.timing', { compile: ms(run.compileMs), evaluate: ms(run.evaluateMs), rules: run.ruleCount })}</p>
          {notes.length > 0 && (
            <ul class="op-notes" aria-label={ot('trial.notes')}>
              {notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
          {run.orders.map((item) => (
            <OrderResult key={item.order.id} item={item} onOpenRule={onOpenRule} />
          ))}
        </div>
      )}
    </section>
  );
}
