import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { FieldError } from '../../rules/pack/load';
import { ot } from './options-i18n';

/**
 * Form controls of the rule editor. Text-like controls keep what is being typed in their own
 * state and report the parsed value, so "J18⏎" or "1." is not rewritten under the cursor; the
 * editor remounts them (key) when the rule changes from outside.
 */

/** Errors whose path is `path` or lies inside it (`params.icdRanges[0].to` under `params.icdRanges`). */
export function errorsAt(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
}

export function FieldErrors({ errors }: { errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul class="op-field-errors" role="alert">
      {errors.map((e, i) => (
        <li key={`${e.path}#${i}`} data-error-path={e.path}>
          {e.message} <code class="op-path">{e.path}</code>
        </li>
      ))}
    </ul>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  /** The validator's path for this field; errors at or under it are shown here. */
  path: string;
  errors: readonly FieldError[];
  children: ComponentChildren;
}

export function Field({ id, label, hint, path, errors, children }: FieldProps) {
  const mine = errorsAt(errors, path);
  return (
    <div class={`op-field${mine.length ? ' op-field-invalid' : ''}`} data-path={path}>
      <label for={id}>{label}</label>
      {children}
      {hint && <div class="op-hint">{hint}</div>}
      <FieldErrors errors={mine} />
    </div>
  );
}

interface TextInputProps {
  id: string;
  initial: string;
  onValue: (text: string) => void;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'date';
  disabled?: boolean;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
}

export function TextInput({ id, initial, onValue, multiline, rows, type = 'text', disabled, placeholder, inputMode }: TextInputProps) {
  const [text, setText] = useState(initial);
  const onInput = (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    setText(value);
    onValue(value);
  };
  if (multiline) return <textarea id={id} rows={rows ?? 3} value={text} onInput={onInput} disabled={disabled} placeholder={placeholder} />;
  return <input id={id} type={type} value={text} onInput={onInput} disabled={disabled} placeholder={placeholder} inputMode={inputMode} />;
}

export interface Choice {
  value: string;
  label: string;
}

export function Select({ id, value, choices, onChange, disabled }: { id: string; value: string; choices: readonly Choice[]; onChange: (value: string) => void; disabled?: boolean }) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

export function Checkbox({ id, checked, onChange, label }: { id: string; checked: boolean; onChange: (checked: boolean) => void; label?: string }) {
  return (
    <span class="op-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
      {label && <label for={id}>{label}</label>}
    </span>
  );
}

export function MultiCheck({ id, values, choices, onChange }: { id: string; values: readonly string[]; choices: readonly Choice[]; onChange: (values: string[]) => void }) {
  const toggle = (value: string, on: boolean) => {
    const next = choices.map((c) => c.value).filter((v) => (v === value ? on : values.includes(v)));
    onChange(next);
  };
  return (
    <div class="op-multi" id={id} role="group">
      {choices.map((c) => (
        <Checkbox key={c.value} id={`${id}-${c.value}`} checked={values.includes(c.value)} onChange={(on) => toggle(c.value, on)} label={c.label} />
      ))}
    </div>
  );
}

/**
 * The error count, and the errors no field shows, with their path. `shownPaths` cover what lies
 * under them; `exactPaths` only themselves (`params` is shown in the params box, `params.x` is not).
 */
export function ErrorSummary({ errors, shownPaths, exactPaths = [] }: { errors: readonly FieldError[]; shownPaths: readonly string[]; exactPaths?: readonly string[] }) {
  const orphans = errors.filter((e) => !exactPaths.includes(e.path) && !shownPaths.some((p) => errorsAt([e], p).length > 0));
  if (errors.length === 0) return null;
  return (
    <div class="op-error-summary" role="status">
      {ot('editor.errors', { count: errors.length })}
      <FieldErrors errors={orphans} />
    </div>
  );
}
