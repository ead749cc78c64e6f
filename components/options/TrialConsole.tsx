import { useEffect, useState } from 'preact/hooks';
import type { Order } from '../../contract/order';
import type { FieldError } from '../../rules/pack/load';
import type { ExampleRecord, TrialCaseRecord } from '../../rules/store/db';
import { listExamples, removeExample } from '../../rules/store/examples';
import { saveCase } from '../../rules/store/trial-cases';
import { workingPack } from '../../rules/store/working-set';
import { FieldErrors } from './form-controls';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';
import { CaseRegression } from './trial/CaseRegression';
import { OrderForm } from './trial/OrderForm';
import { emptyForm, formToOrder, orderToForm, type OrderFormState } from './trial/order-form';
import { caseFindingsOf, WORKING_LABEL } from './trial/regression';
import { TrialResults } from './trial/TrialResults';
import { tt } from './trial/trial-i18n';
import { parseTrialInput, runTrial, type TrialRun } from './trial-run';

type Mode = 'form' | 'json' | 'cases';
const MODES: readonly Mode[] = ['form', 'json', 'cases'];

/**
 * 试算: build a test order in a form (or paste JSON, or pick an example) and see each finding with
 * the rule that produced it, checked against the working set — unpublished edits included. Orders
 * are kept as 试算用例 and re-run together in 用例回归.
 */
export function TrialConsole({ onOpenRule }: { onOpenRule: (id: string) => void }) {
  const store = useOptionsStore();
  const revision = store.revision.value;
  const [mode, setMode] = useState<Mode>('form');
  const [form, setForm] = useState<OrderFormState>(emptyForm);
  const [formErrors, setFormErrors] = useState<FieldError[]>([]);
  const [examples, setExamples] = useState<ExampleRecord[]>([]);
  const [exampleId, setExampleId] = useState('');
  const [json, setJson] = useState('');
  const [jsonDirty, setJsonDirty] = useState(false);
  const [jsonErrors, setJsonErrors] = useState<FieldError[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [run, setRun] = useState<TrialRun | undefined>();
  const [running, setRunning] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  /** A refusal (errors in the order): shown as an error, unlike a notice of what was done. */
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    void listExamples(store.db).then(setExamples);
  }, [revision]);

  /** After a refused run the errors follow the edits, so a fixed field stops saying it is wrong. */
  const editForm = (next: OrderFormState) => {
    setForm(next);
    if (formErrors.length === 0) return;
    const built = formToOrder(next);
    setFormErrors(built.ok ? [] : built.errors);
    if (built.ok) setProblem(undefined);
  };
  const showJsonOf = (order: Order) => {
    setJson(JSON.stringify(order, null, 2));
    setJsonDirty(false);
    setJsonErrors([]);
  };
  /** JSON → form: a single order fills the form; several fill it with the first, said so. */
  const jsonToForm = (text: string): boolean => {
    const parsed = parseTrialInput(text);
    if (!parsed.ok) {
      setJsonErrors(parsed.errors);
      return false;
    }
    setJsonErrors([]);
    setForm(orderToForm(parsed.orders[0]!));
    setFormErrors([]);
    setJsonDirty(false);
    if (parsed.orders.length > 1) setNotice(tt('json.firstOnly', { count: parsed.orders.length }));
    return true;
  };
  const switchMode = (next: Mode) => {
    setNotice(undefined);
    setProblem(undefined);
    if (next === 'json' && mode === 'form') {
      const built = formToOrder(form);
      if (built.ok) showJsonOf(built.order);
      else setProblem(tt('json.formInvalid'));
    }
    if (next === 'form' && mode === 'json' && jsonDirty && json.trim() && !jsonToForm(json)) setProblem(tt('json.notApplied'));
    setMode(next);
  };
  const pickExample = (id: string) => {
    setExampleId(id);
    const example = examples.find((e) => e.id === id);
    if (!example) return;
    setJson(example.input);
    setJsonDirty(false);
    setRun(undefined);
    // Several orders (an array, a 3101 request) are run from the JSON; one order fills the form.
    const parsed = parseTrialInput(example.input);
    if (parsed.ok && parsed.format === 'order') {
      setForm(orderToForm(parsed.orders[0]!));
      setFormErrors([]);
      setJsonErrors([]);
    } else {
      setJsonErrors(parsed.ok ? [] : parsed.errors);
      setMode('json');
    }
    setSaveName(example.name);
  };
  const evaluateOrders = async (orders: Order[], extraNotes: string[]) => {
    setRunning(true);
    try {
      const pack = await workingPack(store.db, WORKING_LABEL);
      const result = runTrial(pack, orders);
      setRun(result);
      setNotes(extraNotes);
      return result;
    } finally {
      setRunning(false);
    }
  };
  const start = async () => {
    setNotice(undefined);
    setProblem(undefined);
    if (mode === 'json') {
      const parsed = parseTrialInput(json);
      if (!parsed.ok) {
        setJsonErrors(parsed.errors);
        setRun(undefined);
        return;
      }
      setJsonErrors([]);
      await evaluateOrders(parsed.orders, parsed.format === '3101' ? [ot('trial.format.3101', { count: parsed.orders.length }), ...parsed.notes] : parsed.notes);
      return;
    }
    const built = formToOrder(form);
    setFormErrors(built.ok ? [] : built.errors);
    if (!built.ok) {
      setRun(undefined);
      setProblem(tt('form.invalid', { count: built.errors.length }));
      return;
    }
    showJsonOf(built.order);
    await evaluateOrders([built.order], []);
  };
  /** The order being edited, from the form (or from the JSON in the JSON tab). */
  const currentOrder = (): Order | undefined => {
    if (mode === 'json') {
      const parsed = parseTrialInput(json);
      if (!parsed.ok) {
        setJsonErrors(parsed.errors);
        return undefined;
      }
      return parsed.orders[0];
    }
    const built = formToOrder(form);
    setFormErrors(built.ok ? [] : built.errors);
    return built.ok ? built.order : undefined;
  };
  const save = async () => {
    setNotice(undefined);
    setProblem(undefined);
    const order = currentOrder();
    if (!order) {
      setProblem(tt('case.notSaved'));
      return;
    }
    // The saved result is the working set's now: what 用例回归 compares later runs with.
    const result = await evaluateOrders([order], []);
    const record = await saveCase(store.db, { name: saveName, order, expected: caseFindingsOf(result.orders[0]!), expectedFrom: '' });
    setNotice(tt('case.savedNotice', { name: record.name, count: record.expected.length }));
    store.changed();
  };
  const openCase = (record: TrialCaseRecord) => {
    setForm(orderToForm(record.order));
    setFormErrors([]);
    showJsonOf(record.order);
    setSaveName(record.name);
    setRun(undefined);
    setMode('form');
    setNotice(tt('case.opened', { name: record.name }));
  };
  const remove = async () => {
    await removeExample(store.db, exampleId);
    setExampleId('');
    store.changed();
  };
  const newOrder = () => {
    setForm(emptyForm());
    setFormErrors([]);
    setRun(undefined);
    setSaveName('');
    setExampleId('');
    setNotice(undefined);
    setProblem(undefined);
  };

  const selected = examples.find((e) => e.id === exampleId);
  const builtin = examples.filter((e) => e.builtin);
  const mine = examples.filter((e) => !e.builtin);

  return (
    <section class="op-trial" aria-label={ot('trial.title')}>
      <nav class="op-subtabs" role="tablist" aria-label={ot('trial.title')}>
        {MODES.map((m) => (
          <button key={m} type="button" role="tab" id={`trial-mode-${m}`} aria-selected={mode === m ? 'true' : 'false'} class={mode === m ? 'op-tab op-tab-on' : 'op-tab'} onClick={() => switchMode(m)}>
            {tt(`mode.${m}`)}
          </button>
        ))}
      </nav>
      {mode === 'cases' && <CaseRegression onOpenCase={openCase} />}
      {mode !== 'cases' && (
        <>
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
            <button type="button" id="trial-new" onClick={newOrder}>
              {tt('form.new')}
            </button>
          </div>
          {mode === 'form' && <OrderForm form={form} errors={formErrors} onChange={editForm} />}
          {mode === 'json' && (
            <>
              <p class="op-hint">{ot('trial.hint')}</p>
              <label class="op-block" for="trial-input">
                {ot('trial.input')}
              </label>
              <textarea
                id="trial-input"
                class="op-code"
                rows={16}
                value={json}
                spellcheck={false}
                onInput={(e) => {
                  setJson((e.currentTarget as HTMLTextAreaElement).value);
                  setJsonDirty(true);
                }}
              />
              <FieldErrors errors={jsonErrors} />
              <button type="button" id="trial-json-to-form" onClick={() => jsonToForm(json) && setMode('form')}>
                {tt('json.toForm')}
              </button>
            </>
          )}
          <div class="op-actions">
            <button type="button" class="op-primary" id="trial-run" onClick={() => void start()} disabled={running}>
              {ot('trial.run')}
            </button>
            <input id="trial-save-name" type="text" value={saveName} placeholder={tt('case.name')} aria-label={tt('case.name')} onInput={(e) => setSaveName((e.currentTarget as HTMLInputElement).value)} />
            <button type="button" id="trial-save" onClick={() => void save()} disabled={!saveName.trim() || running}>
              {tt('case.save')}
            </button>
          </div>
          {notice && (
            <p class="op-notice" role="status">
              {notice}
            </p>
          )}
          {problem && (
            <p class="op-error-summary" role="alert" id="trial-problem">
              {problem}
            </p>
          )}
          {run && <TrialResults run={run} notes={notes} onOpenRule={onOpenRule} />}
        </>
      )}
    </section>
  );
}
