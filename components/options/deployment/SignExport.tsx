import { useRef, useState } from 'preact/hooks';
import type { VersionRecord } from '../../../rules/store/db';
import { ot, type OptionsKey } from '../options-i18n';
import { saveTextFile } from './save-file';
import { readSigningKey, signedFileName, signingKey, signPublishedPack } from './sign-version';

type Outcome = { ok: true; file: string; keyId: string } | { ok: false; message: string };

/**
 * "签名并导出" for one published version. The first use asks for the private key file; the key
 * then stays in this page's memory (sign-version.ts) for the next versions.
 */
export function SignExport({ record }: { record: Pick<VersionRecord, 'packId' | 'version' | 'packJson'> }) {
  const picker = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState(false);

  const signAndSave = async () => {
    const key = signingKey.value;
    if (!key) return;
    const signed = await signPublishedPack(record.packJson, key);
    if (!signed.ok) {
      setOutcome({ ok: false, message: ot('sign.refused', { message: signed.message }) });
      return;
    }
    const file = signedFileName(record);
    saveTextFile(file, signed.content);
    setOutcome({ ok: true, file, keyId: signed.keyId });
  };

  const whileBusy = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const onKeyFile = (input: HTMLInputElement) =>
    whileBusy(async () => {
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      const read = await readSigningKey(await file.text());
      if (!read.ok) {
        const reason = ot(`sign.key.${read.problem}` as OptionsKey);
        setOutcome({ ok: false, message: ot('sign.key.bad', { file: file.name, reason: read.detail ? `${reason}（${read.detail}）` : reason }) });
        return;
      }
      signingKey.value = read.key;
      await signAndSave();
    });

  const onClick = () => {
    setOutcome(undefined);
    if (signingKey.value) void whileBusy(signAndSave);
    else picker.current?.click();
  };

  return (
    <span class="op-sign-export">
      <button type="button" class="op-sign-button" disabled={busy} onClick={onClick}>
        {ot('sign.button')}
      </button>
      <input
        ref={picker}
        type="file"
        class="op-visually-hidden op-signing-key-file"
        accept=".jwk,.json,application/json"
        aria-label={ot('sign.pickKey')}
        tabIndex={-1}
        onChange={(e) => void onKeyFile(e.currentTarget)}
      />
      {outcome?.ok === true && (
        <span class="op-notice op-sign-done" role="status">
          {ot('sign.done', { file: outcome.file, keyId: outcome.keyId })}
        </span>
      )}
      {outcome?.ok === false && (
        <span class="op-field-errors op-sign-error" role="alert">
          {outcome.message}
        </span>
      )}
    </span>
  );
}

/** Which signing key this page holds, once; and the way to drop it before walking away. */
export function SigningKeyStatus() {
  const key = signingKey.value;
  if (!key) return <p class="op-hint op-signing-key">{ot('sign.key.none')}</p>;
  return (
    <p class="op-hint op-signing-key">
      {ot('sign.key.loaded', { keyId: key.keyId })}{' '}
      <button type="button" class="op-link" onClick={() => (signingKey.value = undefined)}>
        {ot('sign.key.forget')}
      </button>
    </p>
  );
}
