import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SiteProfile } from '../../../adapters/profile-schema';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import { checkProfile, idOf, type ProfileIssue, type ProfileSource } from '../../../adapters/runtime-profiles';
import { readPickedFile, saveTextFile } from '../deployment/save-file';
import { ot, type OptionsKey } from '../options-i18n';
import { newProfileTemplate, profileFileName, profileText, withDraft, withoutEntry, type DraftContext } from './profile-draft';
import { ProfileEditor } from './ProfileEditor';
import { PickerLauncher } from './PickerLauncher';
import { browserProfileServices, type ProfileServices, type ProfilesSnapshot } from './profile-services';
import './profiles.css';

interface EditorState {
  title: string;
  text: string;
  /** The local entry being replaced; undefined for a new one. */
  editing?: number;
  /** Remounts the editor when another profile is opened. */
  key: number;
}

export interface ProfilesPanelProps {
  services?: ProfileServices;
}

/** A profile that does not run because one of the same id from a stronger source does. */
const replacedBy = (source: ProfileSource | undefined) => ot(source === 'local' ? 'profiles.state.replaced.local' : 'profiles.state.replaced.managed');
const replacing = (source: ProfileSource) => ot(`profiles.replaces.${source === 'local' ? 'local' : 'built-in'}` as OptionsKey);

function Urls({ profile }: { profile: unknown }) {
  const urls = (profile as { match?: { urls?: unknown } }).match?.urls;
  const paths = (profile as { match?: { paths?: unknown } }).match?.paths;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return (
    <td class="op-profile-urls">
      {list(urls).map((u) => (
        <div key={u}>
          <code>{u}</code>
        </div>
      ))}
      {list(paths).length > 0 && <div class="op-sub">{list(paths).join('  ')}</div>}
    </td>
  );
}

function JsonDetails({ value }: { value: unknown }) {
  return (
    <details class="op-profile-view">
      <summary>{ot('profiles.view')}</summary>
      <pre>{profileText(value)}</pre>
    </details>
  );
}

function IssueList({ issues }: { issues: ReadonlyArray<Pick<ProfileIssue, 'path' | 'message'>> }) {
  return (
    <ul class="op-field-errors">
      {issues.map((issue, i) => (
        <li key={i} data-error-path={issue.path}>
          <code class="op-path">{issue.path || ot('profiles.error.whole')}</code> {issue.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * 站点配置: the site profiles in effect on this computer — built in, set by hospital policy, or
 * local — and a JSON editor for the local ones. Local profiles are saved into the local
 * deployment (adapters/runtime-profiles.ts); the background then registers their pages.
 */
export function ProfilesPanel({ services: given }: ProfilesPanelProps) {
  const services = useMemo(() => given ?? browserProfileServices(), [given]);
  const [snapshot, setSnapshot] = useState<ProfilesSnapshot | undefined>();
  const [editor, setEditor] = useState<EditorState | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState(0);
  /** undefined: closed; '': a new profile; an id: repair that profile. */
  const [picking, setPicking] = useState<string | undefined>();

  const reload = () => services.load().then(setSnapshot);
  useEffect(() => {
    let live = true;
    void services.load().then((s) => live && setSnapshot(s));
    const stop = services.watch?.(() => void services.load().then((s) => live && setSnapshot(s)));
    return () => {
      live = false;
      stop?.();
    };
  }, [services]);

  const local = snapshot?.local ?? [];
  const context = useMemo<DraftContext>(
    () => ({
      local,
      ...(editor?.editing !== undefined ? { editing: editor.editing } : {}),
      managedIds: new Set(snapshot?.runtime.entries.filter((e) => e.source === 'managed').map((e) => e.profile.id)),
      builtInIds: new Set(BUILT_IN_PROFILES.map((p) => p.id)),
    }),
    [snapshot, editor?.editing],
  );

  if (!snapshot) return <p class="op-hint">{ot('app.loading')}</p>;
  const { runtime } = snapshot;
  const allowed = runtime.localAllowed && snapshot.local !== undefined;

  const open = (title: string, value: unknown, editing?: number) => {
    setNotice(undefined);
    setFailure(undefined);
    setOpened((n) => n + 1);
    setEditor({ title, text: typeof value === 'string' ? value : profileText(value), ...(editing !== undefined ? { editing } : {}), key: opened + 1 });
  };

  const store = async (next: unknown[], done: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await services.saveLocal(next);
      await reload();
      setEditor(undefined);
      setNotice(done);
    } catch (error) {
      setFailure(ot('profiles.saveFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const picked = readPickedFile(input);
    input.value = '';
    if (!picked) return;
    const text = await picked.text;
    let id: string | undefined;
    try {
      id = idOf(JSON.parse(text));
    } catch {
      id = undefined;
    }
    const existing = id === undefined ? -1 : local.findIndex((raw) => idOf(raw) === id);
    open(ot('profiles.editor.import', { file: picked.file.name }), text, existing === -1 ? undefined : existing);
  };

  const exportProfile = (value: unknown) => saveTextFile(profileFileName(idOf(value)), `${profileText(value)}\n`);
  const activeSource = (id: string) => runtime.entries.find((e) => e.profile.id === id)?.source;
  const managedEntries = runtime.entries.filter((e) => e.source === 'managed');
  const managedIssues = runtime.issues.filter((i) => i.source === 'managed');

  return (
    <section class="op-profiles" aria-label={ot('tab.profiles')}>
      <p class="op-hint">{ot('profiles.intro')}</p>
      <div class="op-toolbar">
        <button type="button" id="profile-add" class="op-primary" disabled={!allowed} onClick={() => open(ot('profiles.editor.new'), newProfileTemplate())}>
          {ot('profiles.add')}
        </button>
        {services.picker && (
          <button type="button" id="profile-pick" disabled={!allowed} onClick={() => setPicking('')}>
            {ot('profiles.pick')}
          </button>
        )}
        <label class={allowed ? 'op-file-button' : 'op-file-button op-disabled'}>
          {ot('profiles.import')}
          <input type="file" id="profile-import" accept=".json,application/json" disabled={!allowed} onChange={(e) => void importFile(e.currentTarget)} />
        </label>
      </div>
      {!runtime.localAllowed && (
        <p class="op-notice op-profiles-locked" role="note">
          {ot('profiles.localDisabled')}
        </p>
      )}
      {notice && (
        <p class="op-notice" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <p class="op-error-summary" role="alert">
          {failure}
        </p>
      )}

      {picking !== undefined && services.picker && (
        <PickerLauncher key={picking} services={services.picker} {...(picking ? { profileId: picking } : {})} onClose={() => setPicking(undefined)} />
      )}

      {editor && (
        <ProfileEditor
          key={editor.key}
          title={editor.title}
          initialText={editor.text}
          context={context}
          busy={busy}
          onCancel={() => setEditor(undefined)}
          onSave={(value, profile) => void store(withDraft(local, value, editor.editing), ot('profiles.saved', { id: profile.id }))}
        />
      )}

      <div class="op-card" data-section="managed">
        <h3>{ot('profiles.section.managed')}</h3>
        {managedEntries.length === 0 && managedIssues.length === 0 && <p class="op-hint">{ot('profiles.empty.managed')}</p>}
        {managedEntries.length > 0 && (
          <table class="op-table op-profile-table">
            <Head />
            <tbody>
              {managedEntries.map(({ profile, replaces }) => (
                <tr key={profile.id} data-profile-id={profile.id} data-source="managed">
                  <td>
                    {profile.name}
                    <div class="op-sub op-locked">🔒 {ot('profiles.source.managed')}</div>
                  </td>
                  <td>
                    <code>{profile.id}</code>
                  </td>
                  <Urls profile={profile} />
                  <td>
                    {ot('profiles.state.active')}
                    {replaces.map((s) => (
                      <div key={s} class="op-sub">
                        {replacing(s)}
                      </div>
                    ))}
                  </td>
                  <td class="op-profile-actions">
                    <button type="button" onClick={() => exportProfile(profile)}>
                      {ot('profiles.export')}
                    </button>
                    <JsonDetails value={profile} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {managedIssues.length > 0 && (
          <div class="op-error-summary" data-role="managed-issues">
            {ot('profiles.issues.managed')}
            <ul>
              {managedIssues.map((issue, i) => (
                <li key={i} data-error-path={issue.path}>
                  {issue.index !== undefined ? `${ot('profiles.issue.at', { n: issue.index + 1 })} ` : ''}
                  {issue.id ? <code>{issue.id}</code> : null} <code class="op-path">{issue.path || ot('profiles.error.whole')}</code> {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <div class="op-card" data-section="local">
        <h3>{ot('profiles.section.local')}</h3>
        {snapshot.local === undefined && (
          <div class="op-error-summary" role="alert">
            {ot('profiles.localUnreadable', { detail: snapshot.localError ?? '' })}{' '}
            <button type="button" class="op-danger" onClick={() => void store([], ot('profiles.clearLocal'))} disabled={!runtime.localAllowed || busy}>
              {ot('profiles.clearLocal')}
            </button>
          </div>
        )}
        {snapshot.local !== undefined && local.length === 0 && <p class="op-hint">{ot('profiles.empty.local')}</p>}
        {local.length > 0 && (
          <table class="op-table op-profile-table">
            <Head />
            <tbody>
              {local.map((raw, index) => {
                const id = idOf(raw);
                const checked = checkProfile(raw);
                const source = id ? activeSource(id) : undefined;
                const name = (raw as { name?: unknown } | null)?.name;
                return (
                  <tr key={`${index}:${id ?? ''}`} data-profile-id={id ?? ''} data-source="local" data-index={index}>
                    <td>{typeof name === 'string' ? name : ''}</td>
                    <td>
                      <code>{id ?? ''}</code>
                    </td>
                    <Urls profile={raw ?? {}} />
                    <td data-role="state">
                      {!checked.ok ? (
                        <>
                          <span class="op-invalid">{ot('profiles.state.invalid', { count: checked.issues.length })}</span>
                          <IssueList issues={checked.issues} />
                        </>
                      ) : !runtime.localAllowed ? (
                        ot('profiles.state.disabled')
                      ) : source === 'local' ? (
                        ot('profiles.state.active')
                      ) : (
                        replacedBy(source)
                      )}
                    </td>
                    <td class="op-profile-actions">
                      <button type="button" disabled={!allowed} onClick={() => open(ot('profiles.editor.edit', { id: id ?? '' }), raw, index)}>
                        {ot('profiles.edit')}
                      </button>
                      <button type="button" class="op-danger" disabled={!allowed || busy} onClick={() => void store(withoutEntry(local, index), ot('profiles.deleted', { id: id ?? '' }))}>
                        {ot('profiles.delete')}
                      </button>
                      <button type="button" onClick={() => exportProfile(raw)}>
                        {ot('profiles.export')}
                      </button>
                      {services.picker && id && checked.ok && (
                        <button type="button" data-role="repair" disabled={!allowed} onClick={() => setPicking(id)}>
                          {ot('profiles.pick.repair')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <div class="op-card" data-section="built-in">
        <h3>{ot('profiles.section.builtIn')}</h3>
        <table class="op-table op-profile-table">
          <Head />
          <tbody>
            {BUILT_IN_PROFILES.map((profile: SiteProfile) => {
              const source = activeSource(profile.id);
              return (
                <tr key={profile.id} data-profile-id={profile.id} data-source="built-in">
                  <td>{profile.name}</td>
                  <td>
                    <code>{profile.id}</code>
                  </td>
                  <Urls profile={profile} />
                  <td>{source === 'built-in' ? ot('profiles.state.active') : replacedBy(source)}</td>
                  <td class="op-profile-actions">
                    <button type="button" disabled={!allowed} onClick={() => open(ot('profiles.editor.copy', { id: profile.id }), profile, indexOfId(local, profile.id))}>
                      {ot('profiles.copy')}
                    </button>
                    <button type="button" onClick={() => exportProfile(profile)}>
                      {ot('profiles.export')}
                    </button>
                    {services.picker && (
                      <button type="button" data-role="repair" disabled={!allowed} onClick={() => setPicking(profile.id)}>
                        {ot('profiles.pick.repair')}
                      </button>
                    )}
                    <JsonDetails value={profile} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Head() {
  return (
    <thead>
      <tr>
        <th>{ot('profiles.col.name')}</th>
        <th>{ot('profiles.col.id')}</th>
        <th>{ot('profiles.col.urls')}</th>
        <th>{ot('profiles.col.state')}</th>
        <th>{ot('profiles.col.actions')}</th>
      </tr>
    </thead>
  );
}

/** A copy of a built-in profile that already has a local copy edits that copy. */
function indexOfId(local: readonly unknown[], id: string): number | undefined {
  const at = local.findIndex((raw) => idOf(raw) === id);
  return at === -1 ? undefined : at;
}
