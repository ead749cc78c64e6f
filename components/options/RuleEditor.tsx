import { useEffect, useMemo, useState } from 'preact/hooks';
import { SeveritySchema } from '../../contract/findings';
import { LineKindSchema } from '../../contract/order';
import { KINDS, type PackRuleKind } from '../../rules/kinds';
import type { FieldError } from '../../rules/pack/load';
import type { Rule } from '../../rules/pack/schema';
import type { RuleOrigin } from '../../rules/store/db';
import { duplicateRule, freeRuleId, removeLocalRule, saveRule, validateRule } from '../../rules/store/working-set';
import { kindLabel, language, severityLabel } from '../i18n';
import { Checkbox, ErrorSummary, Field, FieldErrors, MultiCheck, Select, TextInput, type Choice } from './form-controls';
import { getAt, KIND_FORMS, listFromText, numberFromText, paramsPath, rangesFromText, setAt, textFromList, textFromRanges, type FieldSpec } from './kind-fields';
import { diseasesFromText, groupsFromText, pairsFromText, textFromDiseases, textFromGroups, textFromPairs } from './table-fields';
import { ot, pick } from './options-i18n';
import { useOptionsStore } from './store-context';

type Draft = Record<string, unknown>;

export interface RuleEditorProps {
  /** The rule to edit, or null to create a new local rule. */
  ruleId: string | null;
  onOpen: (id: string) => void;
  onClose: () => void;
}

const KIND_NAMES = KINDS.map((k) => k.kind);

function today(): string {
  return new Date().toISOString().slice(0, 10).replaceAll('-', '');
}

function newDraft(kind: PackRuleKind, id: string): Draft {
  return {
    id,
    kind,
    name: '',
    enabled: true,
    severity: 'warning',
    interruptive: true,
    basis: '本院医保办规定',
    match: { codes: [] },
    params: KIND_FORMS[kind].newParams(),
  };
}

function ParamField({ field, params, errors, onChange }: { field: FieldSpec; params: Draft; errors: readonly FieldError[]; onChange: (path: readonly string[], value: unknown) => void }) {
  const id = `param-${field.path.join('-')}`;
  const value = getAt(params, field.path);
  const common = { id, label: pick(field.label), hint: field.hint ? pick(field.hint) : undefined, path: paramsPath(field), errors };
  const set = (v: unknown) => onChange(field.path, v);
  switch (field.type) {
    case 'number':
      return (
        <Field {...common}>
          <TextInput id={id} initial={value === undefined ? '' : String(value)} inputMode={field.integer ? 'numeric' : 'decimal'} onValue={(t) => set(numberFromText(t))} />
        </Field>
      );
    case 'text':
      return (
        <Field {...common}>
          <TextInput id={id} initial={typeof value === 'string' ? value : ''} onValue={(t) => set(t.trim() === '' ? undefined : t)} />
        </Field>
      );
    case 'list':
      return (
        <Field {...common}>
          <TextInput id={id} multiline rows={3} initial={textFromList(value)} onValue={(t) => set(listFromText(t, field.lines))} />
        </Field>
      );
    case 'ranges':
      return (
        <Field {...common}>
          <TextInput id={id} multiline rows={3} initial={textFromRanges(value)} onValue={(t) => set(rangesFromText(t))} />
        </Field>
      );
    case 'groups':
      return (
        <Field {...common}>
          <TextInput id={id} multiline rows={4} initial={textFromGroups(value)} onValue={(t) => set(groupsFromText(t))} />
        </Field>
      );
    case 'diseases':
      return (
        <Field {...common}>
          <TextInput id={id} multiline rows={4} initial={textFromDiseases(value)} onValue={(t) => set(diseasesFromText(t))} />
        </Field>
      );
    case 'pairs':
      return (
        <Field {...common}>
          <TextInput id={id} multiline rows={4} initial={textFromPairs(value)} onValue={(t) => set(pairsFromText(t))} />
        </Field>
      );
    case 'select': {
      const choices: Choice[] = field.options.map((o) => ({ value: String(o.value), label: pick(o.label) }));
      const byText = new Map(field.options.map((o) => [String(o.value), o.value]));
      return (
        <Field {...common}>
          <Select id={id} value={value === undefined ? '' : String(value)} choices={field.optional ? [{ value: '', label: ot('common.none') }, ...choices] : choices} onChange={(v) => set(v === '' ? undefined : byText.get(v))} />
        </Field>
      );
    }
    case 'multi': {
      const choices: Choice[] = field.options.map((o) => ({ value: String(o.value), label: pick(o.label) }));
      const values = Array.isArray(value) ? value.map(String) : [];
      return (
        <Field {...common}>
          <MultiCheck id={id} values={values} choices={choices} onChange={(vs) => set(vs.length ? vs : undefined)} />
        </Field>
      );
    }
    case 'checkbox':
      return (
        <Field {...common}>
          <Checkbox id={id} checked={value === true} onChange={(on) => set(on)} />
        </Field>
      );
    case 'scopes':
      return (
        <Field {...common}>
          <ul id={id} class="op-scopes">
            {scopeLines(value).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Field>
      );
  }
}

/** One line per condition: the condition, then the diagnoses of its own numbered item. */
function scopeLines(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((scope: { condition?: unknown; keywords?: unknown; icdPrefixes?: unknown }) => {
    const words = [...(Array.isArray(scope.keywords) ? scope.keywords : []), ...(Array.isArray(scope.icdPrefixes) ? scope.icdPrefixes : [])].map(String);
    const where = words.length > 0 ? ot('editor.scope.of', { diagnoses: words.join('、') }) : ot('editor.scope.alone');
    return `${String(scope.condition ?? '')} — ${where}`;
  });
}

function AdvancedJson({ params, onApply }: { params: unknown; onApply: (params: unknown) => void }) {
  const [text, setText] = useState(() => JSON.stringify(params ?? {}, null, 2));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(JSON.stringify(params ?? {}, null, 2)), [params]);
  const apply = () => {
    try {
      onApply(JSON.parse(text));
      setError(undefined);
    } catch (e) {
      setError(ot('editor.advanced.bad', { message: (e as Error).message }));
    }
  };
  return (
    <details class="op-advanced">
      <summary>{ot('editor.advanced')}</summary>
      <p class="op-hint">{ot('editor.advanced.hint')}</p>
      <textarea id="params-json" rows={8} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} spellcheck={false} />
      {error && <p class="op-field-errors" role="alert">{error}</p>}
      <button type="button" onClick={apply}>
        {ot('common.apply')}
      </button>
    </details>
  );
}

/** Paths of the common fields the form shows, for the summary of errors shown nowhere else. */
const COMMON_PATHS = ['id', 'kind', 'name', 'enabled', 'severity', 'interruptive', 'basis', 'text', 'effective.from', 'effective.to', 'match.codes', 'match.prefixes', 'match.lineKinds'];

/**
 * Create or edit one rule: the common fields, the kind's own fields from its description
 * (kind-fields.ts), and the params as JSON for what the form does not cover. Every change is
 * validated with the pack's RuleSchema; errors stand next to their field with their path.
 */
export function RuleEditor({ ruleId, onOpen, onClose }: RuleEditorProps) {
  const store = useOptionsStore();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [mode, setMode] = useState<'create' | 'update'>('update');
  const [origin, setOrigin] = useState<RuleOrigin>('local');
  /** Remounts the text controls when the rule is replaced from outside the form. */
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | undefined>();
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let live = true;
    setNotice(undefined);
    setSaveErrors([]);
    setMissing(false);
    (async () => {
      if (ruleId === null) {
        const id = await freeRuleId(store.db, `local-sex-${today()}`);
        if (!live) return;
        setDraft(newDraft('sex', id));
        setMode('create');
        setOrigin('local');
      } else {
        const record = await store.db.rules.get(ruleId);
        if (!live) return;
        if (!record) {
          setMissing(true);
          setDraft(undefined);
          return;
        }
        setDraft(structuredClone(record.rule) as Draft);
        setMode('update');
        setOrigin(record.origin);
      }
      setFormKey((k) => k + 1);
    })();
    return () => {
      live = false;
    };
  }, [ruleId]);

  // Re-run on a language switch too: zod's messages follow the page language (validation-language.ts).
  const check = useMemo(() => (draft ? validateRule(draft) : undefined), [draft, language.value]);
  const errors = useMemo(() => [...(check && !check.ok ? check.errors : []), ...saveErrors], [check, saveErrors]);

  if (missing) return <section class="op-editor"><p>{ot('editor.notFound', { id: ruleId ?? '' })}</p></section>;
  if (!draft) return <section class="op-editor" aria-busy="true" />;

  const kind = draft['kind'] as PackRuleKind;
  const form = KIND_FORMS[kind];
  const params = (draft['params'] ?? {}) as Draft;
  const update = (path: readonly string[], value: unknown) => {
    setNotice(undefined);
    setSaveErrors([]);
    setDraft((d) => (d ? setAt(d, path, value) : d));
  };
  const replaceParams = (next: unknown) => {
    update(['params'], next);
    setFormKey((k) => k + 1);
  };
  const changeKind = (next: string) => {
    const nextKind = next as PackRuleKind;
    setDraft((d) => (d ? { ...d, kind: nextKind, params: KIND_FORMS[nextKind].newParams() } : d));
    setFormKey((k) => k + 1);
  };

  const save = async (rule: Draft = draft) => {
    const result = await saveRule(store.db, rule, { mode });
    if (!result.ok) {
      setSaveErrors(result.errors.filter((e) => !errors.some((x) => x.path === e.path && x.message === e.message)));
      return undefined;
    }
    setDraft(structuredClone(result.rule) as Draft);
    setMode('update');
    setNotice(ot('editor.saved'));
    store.changed();
    if (mode === 'create') onOpen(result.rule.id);
    return result.rule;
  };
  const toggleEnabled = async () => {
    const next = { ...draft, enabled: draft['enabled'] === false };
    setDraft(next);
    if (mode === 'update') await save(next);
  };
  const duplicate = async () => {
    const copy = await duplicateRule(store.db, draft['id'] as string);
    if (copy) {
      store.changed();
      onOpen(copy.id);
    }
  };
  const remove = async () => {
    if (await removeLocalRule(store.db, draft['id'] as string)) {
      store.changed();
      onClose();
    }
  };

  const match = (draft['match'] ?? {}) as Draft;
  const effective = (draft['effective'] ?? {}) as Draft;
  const source = draft['source'] as Rule['source'];
  const kindChoices: Choice[] = KIND_NAMES.map((k) => ({ value: k, label: `${kindLabel(k)}（${k}）` }));
  const severityChoices: Choice[] = SeveritySchema.options.map((s) => ({ value: s, label: severityLabel(s) }));
  const modeChoices: Choice[] = [
    { value: 'true', label: ot('mode.interruptive') },
    { value: 'false', label: ot('mode.passive') },
  ];
  const lineKindChoices: Choice[] = LineKindSchema.options.map((k) => ({ value: k, label: ot(`lineKind.${k}`) }));
  const visibleParams = form.fields.filter((f) => !f.showIf || f.showIf(params));
  const shownPaths = [...COMMON_PATHS, ...visibleParams.map(paramsPath)];
  const enabled = draft['enabled'] !== false;

  return (
    <section class="op-editor" aria-label={mode === 'create' ? ot('editor.new') : ot('editor.edit')} data-rule-id={draft['id'] as string}>
      <header class="op-editor-head">
        <h2>
          {mode === 'create' ? ot('editor.new') : ot('editor.edit')}
          {mode === 'update' && <span class="op-tag">{ot(`origin.${origin}`)}</span>}
        </h2>
        <button type="button" class="op-link" onClick={onClose} aria-label={ot('editor.close')}>
          ×
        </button>
      </header>
      <form
        key={formKey}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary errors={errors} shownPaths={shownPaths} exactPaths={['match', 'params']} />
        <div class="op-grid">
          <Field id="rule-id" label={ot('editor.id')} path="id" errors={errors}>
            <TextInput id="rule-id" initial={String(draft['id'] ?? '')} disabled={mode === 'update'} onValue={(t) => update(['id'], t.trim())} />
          </Field>
          <Field id="rule-kind" label={ot('editor.kind')} path="kind" errors={errors}>
            <Select id="rule-kind" value={kind} choices={kindChoices} disabled={mode === 'update'} onChange={changeKind} />
          </Field>
          <Field id="rule-name" label={ot('editor.name')} path="name" errors={errors}>
            <TextInput id="rule-name" initial={String(draft['name'] ?? '')} onValue={(t) => update(['name'], t.trim() === '' ? undefined : t)} />
          </Field>
          <Field id="rule-enabled" label={ot('editor.enabled')} path="enabled" errors={errors}>
            <Checkbox id="rule-enabled" checked={enabled} onChange={(on) => update(['enabled'], on)} />
          </Field>
          <Field id="rule-severity" label={ot('editor.severity')} path="severity" errors={errors}>
            <Select id="rule-severity" value={String(draft['severity'] ?? 'warning')} choices={severityChoices} onChange={(v) => update(['severity'], v)} />
          </Field>
          <Field id="rule-mode" label={ot('editor.mode')} path="interruptive" errors={errors}>
            <Select id="rule-mode" value={String(draft['interruptive'] !== false)} choices={modeChoices} onChange={(v) => update(['interruptive'], v === 'true')} />
          </Field>
          <Field id="rule-from" label={ot('editor.effective.from')} path="effective.from" errors={errors}>
            <TextInput id="rule-from" type="date" initial={String(effective['from'] ?? '')} onValue={(t) => update(['effective', 'from'], t || undefined)} />
          </Field>
          <Field id="rule-to" label={ot('editor.effective.to')} path="effective.to" errors={errors}>
            <TextInput id="rule-to" type="date" initial={String(effective['to'] ?? '')} onValue={(t) => update(['effective', 'to'], t || undefined)} />
          </Field>
        </div>
        <Field id="rule-codes" label={ot('editor.codes')} path="match.codes" errors={errors}>
          <TextInput id="rule-codes" multiline rows={3} initial={textFromList(match['codes'])} onValue={(t) => update(['match', 'codes'], listFromText(t))} />
        </Field>
        <Field id="rule-prefixes" label={ot('editor.prefixes')} path="match.prefixes" errors={errors}>
          <TextInput id="rule-prefixes" multiline rows={2} initial={textFromList(match['prefixes'])} onValue={(t) => update(['match', 'prefixes'], listFromText(t))} />
        </Field>
        <Field id="rule-lineKinds" label={ot('editor.lineKinds')} path="match.lineKinds" errors={errors}>
          <MultiCheck id="rule-lineKinds" values={Array.isArray(match['lineKinds']) ? (match['lineKinds'] as string[]) : []} choices={lineKindChoices} onChange={(vs) => update(['match', 'lineKinds'], vs.length ? vs : undefined)} />
        </Field>
        {/* The match refinement reports at `match` itself. */}
        <FieldErrors errors={errors.filter((e) => e.path === 'match')} />
        <Field id="rule-basis" label={ot('editor.basis')} path="basis" errors={errors}>
          <TextInput id="rule-basis" initial={String(draft['basis'] ?? '')} onValue={(t) => update(['basis'], t)} />
        </Field>
        <Field id="rule-text" label={ot('editor.text')} path="text" errors={errors}>
          <TextInput id="rule-text" multiline rows={3} initial={String(draft['text'] ?? '')} onValue={(t) => update(['text'], t.trim() === '' ? undefined : t)} />
        </Field>
        <fieldset class="op-params">
          <legend>
            {ot('editor.params')} · {kindLabel(kind)}
          </legend>
          {visibleParams.map((field) => (
            <ParamField key={field.path.join('.')} field={field} params={params} errors={errors} onChange={(path, value) => update(['params', ...path], value)} />
          ))}
          {/* Refinements of the whole params object ("an age range needs at least one bound"). */}
          <FieldErrors errors={errors.filter((e) => e.path === 'params')} />
          <AdvancedJson params={params} onApply={replaceParams} />
        </fieldset>
        {source && (
          <p class="op-hint">
            {ot('editor.source')}：{[source.batch, source.file, source.row !== undefined ? `#${source.row}` : undefined, source.gzCode].filter(Boolean).join(' · ')}
          </p>
        )}
        {notice && (
          <p class="op-notice" role="status">
            {notice}
          </p>
        )}
        <div class="op-actions">
          <button type="submit" class="op-primary" disabled={errors.length > 0}>
            {ot('editor.save')}
          </button>
          {mode === 'update' && (
            <>
              <button type="button" onClick={() => void toggleEnabled()}>
                {enabled ? ot('editor.disable') : ot('editor.enable')}
              </button>
              <button type="button" onClick={() => void duplicate()}>
                {ot('editor.duplicate')}
              </button>
              {origin === 'local' && (
                <button type="button" class="op-danger" onClick={() => void remove()}>
                  {ot('editor.delete')}
                </button>
              )}
            </>
          )}
        </div>
      </form>
    </section>
  );
}
