import { useEffect, useState } from 'preact/hooks';
import { ot } from '../options-i18n';

export interface PickerTargetInfo {
  readonly tabId: number;
  readonly title: string;
  readonly url: string;
}

/** How the tab reaches the field picker (adapters/authoring/launch.ts), or test doubles. */
export interface PickerServices {
  targets(): Promise<PickerTargetInfo[]>;
  launch(tabId: number, profileId?: string): Promise<{ ok: true } | { ok: false; error: string }>;
}

export interface PickerLauncherProps {
  services: PickerServices;
  /** Repair this profile; without it the picker builds a new one. */
  profileId?: string;
  onClose: () => void;
}

/**
 * Chooses the open EMR page the field picker runs on. The picker itself lives in that page; the
 * profile it saves appears in this tab through the storage watcher.
 */
export function PickerLauncher({ services, profileId, onClose }: PickerLauncherProps) {
  const [targets, setTargets] = useState<PickerTargetInfo[] | undefined>();
  const [chosen, setChosen] = useState<number | undefined>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();

  const refresh = () =>
    services.targets().then(
      (list) => {
        setTargets(list);
        setChosen((current) => (list.some((t) => t.tabId === current) ? current : list[0]?.tabId));
      },
      (error: unknown) => setMessage({ kind: 'error', text: ot('profiles.pick.failed', { message: String(error) }) }),
    );
  useEffect(() => void refresh(), [services]);

  const start = async () => {
    const target = targets?.find((t) => t.tabId === chosen);
    if (!target) return;
    const outcome = await services.launch(target.tabId, profileId).catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    setMessage(
      outcome.ok
        ? { kind: 'ok', text: ot('profiles.pick.started', { title: target.title }) }
        : { kind: 'error', text: ot('profiles.pick.failed', { message: outcome.error }) },
    );
  };

  return (
    <div class="op-card op-picker-launcher" data-role="picker-launcher">
      <p class="op-hint">
        {profileId ? <code>{profileId}</code> : null} {ot('profiles.pick.choose')}
      </p>
      {targets && targets.length === 0 && <p class="op-hint">{ot('profiles.pick.none')}</p>}
      {targets && targets.length > 0 && (
        <select id="picker-target" value={chosen ?? ''} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
          {targets.map((t) => (
            <option key={t.tabId} value={t.tabId}>
              {t.title} — {t.url}
            </option>
          ))}
        </select>
      )}
      <div class="op-toolbar">
        <button type="button" id="picker-start" class="op-primary" disabled={chosen === undefined} onClick={() => void start()}>
          {ot('profiles.pick.start')}
        </button>
        <button type="button" onClick={() => void refresh()}>
          {ot('profiles.pick.refresh')}
        </button>
        <button type="button" onClick={onClose}>
          {ot('common.cancel')}
        </button>
      </div>
      {message && (
        <p class={message.kind === 'ok' ? 'op-notice' : 'op-error-summary'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
