import { useMemo, useState } from 'preact/hooks';
import type { SiteProfile } from '../../../adapters/profile-schema';
import { ot } from '../options-i18n';
import { checkDraft, type DraftContext } from './profile-draft';

export interface ProfileEditorProps {
  title: string;
  initialText: string;
  context: DraftContext;
  busy?: boolean;
  onSave: (value: unknown, profile: SiteProfile) => void;
  onCancel: () => void;
}

/**
 * One profile as JSON text, validated with the site-profile schema on every change; errors are
 * listed with their paths, and saving is possible only when there are none.
 */
export function ProfileEditor({ title, initialText, context, busy, onSave, onCancel }: ProfileEditorProps) {
  const [text, setText] = useState(initialText);
  const check = useMemo(() => checkDraft(text, context), [text, context]);
  const valid = check.errors.length === 0 && check.profile !== undefined;
  const save = (event: Event) => {
    event.preventDefault();
    if (valid) onSave(check.value, check.profile!);
  };
  return (
    <form class="op-card op-profile-editor" aria-label={title} onSubmit={save}>
      <h3>{title}</h3>
      <label for="profile-json">{ot('profiles.editor.label')}</label>
      <textarea
        id="profile-json"
        class="op-profile-json"
        rows={24}
        spellcheck={false}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class={valid ? 'op-profile-check op-ok' : 'op-profile-check op-invalid'} role="status">
        {valid ? ot('profiles.editor.valid') : ot('profiles.editor.errors', { count: check.errors.length })}
      </p>
      {check.errors.length > 0 && (
        <ul class="op-field-errors op-profile-errors" role="alert">
          {check.errors.map((e, i) => (
            <li key={`${e.path}#${i}`} data-error-path={e.path}>
              <code class="op-path">{e.path || ot('profiles.error.whole')}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      {check.notes.length > 0 && (
        <ul class="op-profile-notes">
          {check.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <div class="op-actions">
        <button type="submit" class="op-primary" id="profile-save" disabled={!valid || busy}>
          {ot('profiles.editor.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {ot('common.cancel')}
        </button>
      </div>
    </form>
  );
}
