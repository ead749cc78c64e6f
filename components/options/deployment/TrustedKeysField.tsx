import { useEffect, useState } from 'preact/hooks';
import type { FieldError } from '../../../rules/pack/load';
import type { TrustedKeyInput } from '../../../rules/pack/signature';
import { FieldErrors, errorsAt } from '../form-controls';
import { ot } from '../options-i18n';
import { LockedField } from './LockedField';
import { addKeys, keyIdOfTrusted, readTrustedKeys, type KeyReadResult } from './trusted-keys';

type KeyLabel = { keyId: string } | { error: string } | undefined;

/** keyIds of the listed keys; computed with WebCrypto, so they arrive a moment after the list. */
function useKeyLabels(keys: readonly TrustedKeyInput[]): KeyLabel[] {
  const [labels, setLabels] = useState<KeyLabel[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all(keys.map((k) => keyIdOfTrusted(k))).then((results) => {
      if (live) setLabels(results.map((r) => (r.ok ? { keyId: r.keyId } : { error: r.error })));
    });
    return () => {
      live = false;
    };
  }, [keys]);
  return labels;
}

function problemText(result: Extract<KeyReadResult, { ok: false }>, source: string): string {
  switch (result.problem) {
    case 'empty':
      return ot('deploy.keys.empty');
    case 'private-key':
      return ot('deploy.keys.private', { source });
    case 'not-json':
      return ot('deploy.keys.notJson', { source, detail: result.detail });
    case 'not-a-key':
      return ot('deploy.keys.notKey', { source, detail: result.detail });
  }
}

function KeyList({ keys, onRemove }: { keys: readonly TrustedKeyInput[]; onRemove?: (index: number) => void }) {
  const labels = useKeyLabels(keys);
  if (keys.length === 0) return <p class="op-hint op-keys-empty">{ot('deploy.keys.none')}</p>;
  return (
    <ul class="op-key-list">
      {keys.map((key, i) => {
        const label = labels[i];
        const keyId = label && 'keyId' in label ? label.keyId : undefined;
        return (
          <li key={i} class="op-key" data-key-id={keyId ?? ''}>
            <code class="op-key-id">{keyId ?? (label && 'error' in label ? ot('deploy.keys.unusable', { error: label.error }) : '…')}</code>
            <span class="op-sub">{'kty' in key ? ot('deploy.keys.kind.jwk') : ot('deploy.keys.kind.file')}</span>
            {onRemove && (
              <button type="button" class="op-key-remove" aria-label={ot('deploy.keys.removeKey', { keyId: keyId ?? String(i + 1) })} onClick={() => onRemove(i)}>
                {ot('deploy.keys.remove')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export interface TrustedKeysFieldProps {
  keys: readonly TrustedKeyInput[];
  locked: boolean;
  errors: readonly FieldError[];
  onChange: (keys: TrustedKeyInput[]) => void;
}

/** The public keys packs must be signed with: listed by keyId, added by pasting or from files, removed one by one. */
export function TrustedKeysField({ keys, locked, errors, onChange }: TrustedKeysFieldProps) {
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const label = ot('deploy.trustedKeys');

  if (locked) {
    return (
      <LockedField path="trustedKeys" label={label}>
        <KeyList keys={keys} />
      </LockedField>
    );
  }

  const add = async (texts: readonly { text: string; source: string }[]): Promise<boolean> => {
    setProblem(undefined);
    setNotice(undefined);
    const current = (await Promise.all(keys.map(async (input) => ({ input, id: await keyIdOfTrusted(input) })))).map(({ input, id }) => ({ input, keyId: id.ok ? id.keyId : '' }));
    let next = current;
    let duplicates = 0;
    for (const { text, source } of texts) {
      const read = await readTrustedKeys(text);
      if (!read.ok) {
        setProblem(problemText(read, source));
        return false;
      }
      const merged = addKeys(next, read.keys);
      next = merged.keys;
      duplicates += merged.duplicates;
    }
    const added = next.length - current.length;
    onChange(next.map((k) => k.input));
    setNotice(ot('deploy.keys.added', { added, duplicates }));
    return true;
  };

  const onFiles = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    await add(await Promise.all(files.map(async (f) => ({ text: await f.text(), source: f.name }))));
  };

  const own = errorsAt(errors, 'trustedKeys');
  return (
    <div class={`op-field op-keys${own.length ? ' op-field-invalid' : ''}`} data-path="trustedKeys">
      <label for="deploy-trustedKeys-paste">{label}</label>
      <KeyList keys={keys} onRemove={(index) => onChange(keys.filter((_, i) => i !== index))} />
      <textarea
        id="deploy-trustedKeys-paste"
        rows={3}
        value={pasted}
        placeholder={ot('deploy.keys.paste.placeholder')}
        onInput={(e) => setPasted(e.currentTarget.value)}
      />
      <div class="op-actions">
        <button
          type="button"
          id="deploy-trustedKeys-add"
          onClick={() =>
            void add([{ text: pasted, source: ot('deploy.keys.pasted') }]).then((ok) => {
              if (ok) setPasted('');
            })
          }
        >
          {ot('deploy.keys.add')}
        </button>
        <label class="op-file-button">
          {ot('deploy.keys.load')}
          <input type="file" id="deploy-trustedKeys-file" class="op-visually-hidden" multiple accept=".json,.jwk,application/json" onChange={(e) => void onFiles(e.currentTarget)} />
        </label>
      </div>
      <div class="op-hint">{ot('deploy.keys.hint')}</div>
      {problem && (
        <ul class="op-field-errors" role="alert">
          <li data-error-path="trustedKeys">{problem}</li>
        </ul>
      )}
      {notice && <p class="op-notice op-keys-notice">{notice}</p>}
      <FieldErrors errors={own} />
    </div>
  );
}
