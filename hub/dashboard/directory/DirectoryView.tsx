import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import { downloadBlob } from '../../../components/review/download';
import { CSV_MIME } from '../../../components/review/export/xlsx';
import { DirectoryImportAnswerSchema, DirectoryListSchema, directoryTemplateCsv, type DirectoryImportAnswer, type DirectoryList } from '../../../contract/review/directory';
import { formatInstant } from '../../../contract/review/zoned-time';
import { decodeText } from '../../../rules/import/csv';
import type { HubClient } from '../api-client';
import { dt } from './directory-i18n';

/**
 * 医生目录 for the 医保办: import the hospital's doctor list (医生编号 → 姓名, 科室) from a CSV —
 * UTF-8 or the GBK Excel writes — and see every wrong row named, or the directory as it now is.
 */

const SHOWN = 200;

export function DirectoryView({ client, timeZone }: { client: HubClient; timeZone: string }) {
  const [list, setList] = useState<DirectoryList | undefined>();
  const [search, setSearch] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | undefined>();
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<DirectoryImportAnswer | undefined>();
  const [error, setError] = useState<unknown>();

  const reload = async (find = search) => {
    try {
      setList(await client.get('/prescribers', { limit: SHOWN, ...(find.trim() ? { search: find.trim() } : {}) }, DirectoryListSchema));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void reload(''), [client]);

  const choose = async (chosen: File | undefined) => {
    setAnswer(undefined);
    setError(undefined);
    if (!chosen) return setFile(undefined);
    try {
      // Excel saves "CSV" as GBK on a Chinese Windows: decoded here as the rule importer does.
      setFile({ name: chosen.name, text: decodeText(await chosen.arrayBuffer()) });
    } catch (e) {
      setError(new Error(dt('unreadable', { message: (e as Error).message })));
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      const result = await client.post('/prescribers/import', { csv: file.text, replace }, DirectoryImportAnswerSchema, undefined, [422]);
      setAnswer(result);
      if (result.stored) await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="db-directory">
      <article class="rv-card">
        <h2>{dt('title')}</h2>
        <p class="rv-hint">{dt('hint')}</p>
        <p>
          <button type="button" class="db-template" onClick={() => downloadBlob(directoryTemplateCsv(), '医生目录模板.csv', CSV_MIME)}>
            {dt('template')}
          </button>{' '}
          <span class="rv-hint">{dt('template.note')}</span>
        </p>
        <form class="rv-form db-directory-form" onSubmit={submit}>
          {/* The browser's own file button speaks the browser's language; this one speaks ours. */}
          <label class="db-file">
            <input class="db-file-input" type="file" name="directory" accept=".csv,.txt,text/csv" onChange={(e) => void choose(e.currentTarget.files?.[0])} />
            <span class="db-file-button">{dt('choose')}</span>
            <span class="db-file-name">{file?.name ?? dt('none')}</span>
          </label>
          <label class="rv-choice">
            <input type="checkbox" name="replace" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} /> {dt('replace')}
          </label>
          <div class="rv-form-actions">
            <button type="submit" class="rv-primary" disabled={!file || busy}>
              {busy ? dt('importing') : dt('import')}
            </button>
          </div>
        </form>
        {answer?.stored && (
          <p class="rv-ok" role="status">
            {dt('stored', { rows: answer.rows, added: answer.added, updated: answer.updated, unchanged: answer.unchanged, removed: answer.removed })}
          </p>
        )}
        {answer && !answer.stored && (
          <div class="rv-error db-directory-errors" role="alert">
            <strong>{dt('refused', { count: answer.errors.length })}</strong>
            <ul>
              {answer.errors.map((e, i) => (
                <li key={i}>
                  {dt('error.row', { row: e.row })}
                  {e.column && `，${dt('error.column', { column: e.column })}`}：{e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {error !== undefined && <ErrorNotice error={error} />}
      </article>

      <article class="rv-card db-directory-list">
        <h2>{dt('list.title', { total: list?.total ?? 0 })}</h2>
        <label class="rv-filter">
          <span>{dt('list.search')}</span>
          <input type="text" name="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} onChange={(e) => void reload(e.currentTarget.value)} />
        </label>
        {list && list.entries.length === 0 && <p class="rv-empty">{dt('list.empty')}</p>}
        {list && list.entries.length > 0 && (
          <div class="rv-table-wrap">
            <table class="rv-table">
              <thead>
                <tr>
                  <th scope="col">{dt('list.id')}</th>
                  <th scope="col">{dt('list.name')}</th>
                  <th scope="col">{dt('list.department')}</th>
                  <th scope="col">{dt('list.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {list.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <code>{entry.id}</code>
                    </td>
                    <td>{entry.name}</td>
                    <td>{entry.department ?? ''}</td>
                    <td class="rv-nowrap">{formatInstant(entry.updatedAt, timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list && list.total > list.entries.length && <p class="rv-hint">{dt('list.more', { shown: list.entries.length })}</p>}
      </article>
    </section>
  );
}
