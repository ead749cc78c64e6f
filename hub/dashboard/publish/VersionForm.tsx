import { useState } from 'preact/hooks';
import { pt } from './publish-i18n';

/** A version to publish and the text that says why: publishing a file and restoring an earlier content both ask for these. */
export function VersionForm(props: {
  idPrefix: string;
  initialVersion: string;
  textLabel: string;
  rows: number;
  submitLabel: string;
  busy: boolean;
  onSubmit: (version: string, text: string) => void;
  onCancel: () => void;
}) {
  const [version, setVersion] = useState(props.initialVersion);
  const [text, setText] = useState('');
  return (
    <form
      class="db-version-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(version.trim(), text);
      }}
    >
      <label class="rv-field">
        <span>{pt('form.version')}</span>
        <input id={`${props.idPrefix}-version`} value={version} onInput={(e) => setVersion(e.currentTarget.value)} />
      </label>
      <label class="rv-field">
        <span>{props.textLabel}</span>
        <textarea id={`${props.idPrefix}-text`} rows={props.rows} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <div class="db-actions">
        <button type="submit" id={`${props.idPrefix}-submit`} class="rv-primary" disabled={props.busy || !text.trim() || !version.trim()}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          {pt('form.cancel')}
        </button>
      </div>
    </form>
  );
}
