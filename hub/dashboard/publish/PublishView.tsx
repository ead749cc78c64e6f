import { useEffect, useState } from 'preact/hooks';
import { DraftPreviewSchema, KeyRingViewSchema, PackHistorySchema, PublishedPackSchema, type DraftPreview, type KeyRingView, type PublishedPack } from '../../../contract/pack-publish';
import { suggestNextVersion } from '../../../rules/pack/next-version';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import type { HubClient } from '../api-client';
import { PreviewPanel } from './PreviewPanel';
import { pt } from './publish-i18n';
import { VersionForm } from './VersionForm';
import { KeysCard } from './KeysCard';

/**
 * 规则发布: the 医保办 chooses a pack file exported from the options page, sees what it changes
 * against the pack in force, and the hub signs and publishes it; earlier contents are restored
 * under a new version; IT reads the public key the workstations must trust.
 */

interface Draft {
  text: string;
  preview: DraftPreview;
}

const formatTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/** `canRotate`: the signed-in token may rotate the signing key (keys:manage, the admin). */
export function PublishView({ client, timeZone, canRotate = false }: { client: HubClient; timeZone: string; canRotate?: boolean }) {
  const [keys, setKeys] = useState<KeyRingView | undefined>();
  const [history, setHistory] = useState<PublishedPack[] | undefined>();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [restoring, setRestoring] = useState<string | undefined>();
  const [fileName, setFileName] = useState<string | undefined>();

  const reload = async () => {
    try {
      const [ring, list] = await Promise.all([client.get('/keys', {}, KeyRingViewSchema), client.get('/packs', {}, PackHistorySchema)]);
      setKeys(ring);
      setHistory(list.packs);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void reload(), [client]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const choose = (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    void run(async () => {
      let text: string;
      try {
        text = await file.text();
      } catch (e) {
        throw new Error(pt('upload.unreadable', { message: (e as Error).message }));
      }
      setDraft({ text, preview: await client.post('/packs/drafts/preview', { pack: text }, DraftPreviewSchema) });
    });
  };

  const publish = (version: string, changelog: string) =>
    run(async () => {
      const published = await client.post('/packs/drafts/publish', { pack: draft!.text, changelog, version }, PublishedPackSchema);
      setDraft(undefined);
      setNotice(pt('published', { version: published.version }));
      await reload();
    });

  const restore = (from: string, version: string, changelog: string) =>
    run(async () => {
      const published = await client.post(`/packs/${encodeURIComponent(from)}/restore`, { version, changelog }, PublishedPackSchema);
      setRestoring(undefined);
      setNotice(pt('restored', { from, version: published.version }));
      await reload();
    });

  const live = history?.find((p) => p.withdrawn === null);
  return (
    <section class="db-publish">
      <section class="db-card" aria-labelledby="live-title">
        <h2 id="live-title">{pt('live.title')}</h2>
        {history && !live && <p class="rv-muted">{pt('live.none')}</p>}
        {live && (
          <p class="db-live" data-version={live.version}>
            {pt('live.line', { id: live.packId, version: live.version, at: formatTime(live.publishedAt, timeZone) })}
            {live.changelog && <span class="db-changelog">{live.changelog}</span>}
          </p>
        )}
      </section>

      <section class="db-card" aria-labelledby="upload-title">
        <h2 id="upload-title">{pt('upload.title')}</h2>
        <p class="rv-hint">{pt('upload.hint')}</p>
        {/* The browser's own file button speaks the browser's language; this one speaks ours. */}
        <label class="db-file">
          <input id="publish-file" class="db-file-input" type="file" accept=".json,application/json" disabled={busy} onChange={(e) => choose(e.currentTarget.files?.[0])} />
          <span class="db-file-button">{pt('upload.choose')}</span>
          <span class="db-file-name">{fileName ?? pt('upload.none')}</span>
        </label>
        {busy && !draft && <p class="rv-muted">{pt('upload.reading')}</p>}
        {draft && <PreviewPanel preview={draft.preview} busy={busy} onPublish={publish} onCancel={() => setDraft(undefined)} />}
        {notice && (
          <p class="db-notice" role="status">
            {notice}
          </p>
        )}
        {error !== undefined && <ErrorNotice error={error} />}
      </section>

      <section class="db-card" aria-labelledby="history-title">
        <h2 id="history-title">{pt('history.title')}</h2>
        {history?.length === 0 && <p class="rv-muted">{pt('history.empty')}</p>}
        {history && history.length > 0 && (
          <table class="rv-table db-history">
            <thead>
              <tr>
                <th>{pt('history.version')}</th>
                <th>{pt('history.at')}</th>
                <th>{pt('history.changelog')}</th>
                <th>{pt('history.key')}</th>
                <th>{pt('history.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((p) => (
                <tr key={p.seq} data-version={p.version}>
                  <td>{p.version}</td>
                  <td class="rv-nowrap">{formatTime(p.publishedAt, timeZone)}</td>
                  <td>{p.changelog ?? pt('history.external')}</td>
                  <td class="db-code">{p.keyId ?? '—'}</td>
                  <td>{p.withdrawn ? pt('history.withdrawn', { reason: p.withdrawn.reason }) : p === live ? pt('history.live') : pt('history.earlier')}</td>
                  <td>
                    {p !== live && (
                      <button type="button" class="db-restore" disabled={busy} onClick={() => setRestoring(p.version)}>
                        {pt('history.restore')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {restoring && live && <RestoreForm from={restoring} suggested={suggestNextVersion(live.version)} busy={busy} onSubmit={restore} onCancel={() => setRestoring(undefined)} />}
      </section>

      {keys && <KeysCard keys={keys} timeZone={timeZone} client={client} canRotate={canRotate} onRotated={setKeys} formatTime={(iso) => formatTime(iso, timeZone)} />}
    </section>
  );
}

function RestoreForm(props: { from: string; suggested: string; busy: boolean; onSubmit: (from: string, version: string, changelog: string) => void; onCancel: () => void }) {
  return (
    <div class="db-restore-form">
      <h3>{pt('restore.title', { version: props.from })}</h3>
      <p class="rv-hint">{pt('restore.hint')}</p>
      <VersionForm
        idPrefix="restore"
        initialVersion={props.suggested}
        textLabel={pt('restore.reason')}
        rows={2}
        submitLabel={pt('restore.submit')}
        busy={props.busy}
        onSubmit={(version, reason) => props.onSubmit(props.from, version, reason)}
        onCancel={props.onCancel}
      />
    </div>
  );
}
