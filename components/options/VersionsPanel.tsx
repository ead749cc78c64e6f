import { useEffect, useRef, useState } from 'preact/hooks';
import { diffPacks, type PackDiff } from '../../rules/pack/diff';
import type { FieldError } from '../../rules/pack/load';
import type { Pack } from '../../rules/pack/schema';
import type { VersionRecord } from '../../rules/store/db';
import { countRules } from '../../rules/store/search';
import { getVersion, listVersions, packOfVersion, publish, rollbackTo, suggestNextVersion } from '../../rules/store/versions';
import { workingPack } from '../../rules/store/working-set';
import { suggestChangelog } from './changelog';
import { DiffView } from './DiffView';
import { SignExport, SigningKeyStatus } from './deployment/SignExport';
import { Field, FieldErrors, Select, TextInput } from './form-controls';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';

/** What "use in this browser" reports back: the engine's answer, or why it could not be reached. */
export type ActivateOutcome = { ok: true; version: string; ruleCount: number } | { ok: false; message: string };

export interface VersionsPanelProps {
  onOpenRule: (id: string) => void;
  /** Sends a published pack to this browser's engine (entrypoints/options/activate.ts). */
  activate?: (packJson: string) => Promise<ActivateOutcome>;
}

/** Value of the "working copy" entry in the compare selects; versions never contain a '*'. */
const WORKING = '*working';

export function exportFileName(record: Pick<VersionRecord, 'packId' | 'version'>): string {
  return `${record.packId}-${record.version}.json`;
}

function download(record: VersionRecord): void {
  const url = URL.createObjectURL(new Blob([record.packJson], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(record);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const shortHash = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);
const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

interface Compared {
  diff: PackDiff;
  from: string;
  to: string;
}

/**
 * Publish, list, compare, export, roll back and locally activate pack versions. Rollbacks are
 * published under a new, higher number because workstations refuse lower versions.
 */
export function VersionsPanel({ onOpenRule, activate }: VersionsPanelProps) {
  const store = useOptionsStore();
  const revision = store.revision.value;
  const [versions, setVersions] = useState<VersionRecord[]>([]);
  const [counts, setCounts] = useState({ total: 0, enabled: 0 });
  const [pending, setPending] = useState<PackDiff | undefined>();
  const [showPending, setShowPending] = useState(false);
  const [version, setVersion] = useState('');
  const [changelog, setChangelog] = useState('');
  /** The changelog last offered: replaced by a fresh one when the working set changes, unless the clerk rewrote it. */
  const suggested = useRef('');
  const [formKey, setFormKey] = useState(0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [compareFrom, setCompareFrom] = useState('');
  const [compareTo, setCompareTo] = useState(WORKING);
  const [compared, setCompared] = useState<Compared | undefined>();
  const [rollback, setRollback] = useState<{ from: string; reason: string; errors: FieldError[] } | undefined>();
  const [exported, setExported] = useState<string | undefined>();
  /** Publishing validates and hashes the whole pack: about a second for 2,600 rules. */
  const [busy, setBusy] = useState(false);
  /** The first load compares the working set with the latest version: publish waits for it. */
  const [loaded, setLoaded] = useState(false);
  const whileBusy = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  // Versions never change, so each is parsed and validated once per page (a 2,600-rule pack takes ~0.4 s).
  const parsed = useRef(new Map<string, Pack>());
  const packOf = (record: VersionRecord): Pack => {
    let pack = parsed.current.get(record.hash);
    if (!pack) {
      pack = packOfVersion(record);
      parsed.current.set(record.hash, pack);
    }
    return pack;
  };

  useEffect(() => {
    let live = true;
    (async () => {
      const list = await listVersions(store.db);
      const working = await workingPack(store.db, list[0]?.version ?? '0');
      if (!live) return;
      setVersions(list);
      setCounts(await countRules(store.db));
      const diff = list[0] ? diffPacks(packOf(list[0]), working) : undefined;
      setPending(diff);
      const suggestion = diff ? suggestChangelog(diff) : '';
      setChangelog((current) => (current.trim() === '' || current === suggested.current ? suggestion : current));
      suggested.current = suggestion;
      setVersion(suggestNextVersion(list[0]?.version));
      setCompareFrom((current) => current || list[0]?.version || '');
      setFormKey((k) => k + 1);
      setLoaded(true);
    })();
    return () => {
      live = false;
    };
  }, [revision]);

  const packFor = async (key: string): Promise<Pack | undefined> => {
    if (key === WORKING) return workingPack(store.db, ot('versions.compare.working'));
    const record = await getVersion(store.db, key);
    return record ? packOf(record) : undefined;
  };
  const labelFor = (key: string) => (key === WORKING ? ot('versions.compare.working') : key);
  const compare = async (from = compareFrom, to = compareTo) => {
    const [a, b] = await Promise.all([packFor(from), packFor(to)]);
    if (a && b) setCompared({ diff: diffPacks(a, b), from: labelFor(from), to: labelFor(to) });
  };

  const doPublish = async () => {
    setNotice(undefined);
    const result = await publish(store.db, { version: version.trim(), changelog });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    setChangelog('');
    setNotice(ot('versions.published', { version: result.record.version, hash: result.record.hash }));
    setCompareFrom(versions[0]?.version ?? '');
    setCompareTo(result.record.version);
    store.changed();
    if (versions[0]) await compare(versions[0].version, result.record.version);
  };
  const doRollback = async () => {
    if (!rollback) return;
    const result = await rollbackTo(store.db, { to: rollback.from, reason: rollback.reason });
    if (!result.ok) {
      setRollback({ ...rollback, errors: result.errors });
      return;
    }
    setRollback(undefined);
    setNotice(ot('versions.rollback.done', { to: result.record.version, from: rollback.from }));
    store.changed();
  };
  const doActivate = async (record: VersionRecord) => {
    if (!activate) return;
    const outcome = await activate(record.packJson);
    setNotice(outcome.ok ? ot('versions.activated', { version: outcome.version, rules: outcome.ruleCount }) : ot('versions.activateFailed', { message: outcome.message }));
  };
  const doExport = (record: VersionRecord) => {
    download(record);
    setExported(exportFileName(record));
  };

  const latest = versions[0];
  const next = suggestNextVersion(latest?.version);
  const compareChoices = [{ value: WORKING, label: ot('versions.compare.working') }, ...versions.map((v) => ({ value: v.version, label: v.version }))];

  return (
    <section class="op-versions" aria-label={ot('versions.title')} aria-busy={loaded && !busy ? 'false' : 'true'}>
      <div class="op-card">
        <p>{ot('versions.working', { total: counts.total, enabled: counts.enabled })}</p>
        {latest && pending && (
          <p>
            {pending.added.length + pending.removed.length + pending.changed.length === 0
              ? ot('versions.unpublished.none', { version: latest.version })
              : ot('versions.unpublished', { version: latest.version, added: pending.added.length, removed: pending.removed.length, changed: pending.changed.length })}{' '}
            {pending.added.length + pending.removed.length + pending.changed.length > 0 && (
              <button type="button" class="op-link" onClick={() => setShowPending(!showPending)}>
                {ot('versions.showChanges')}
              </button>
            )}
          </p>
        )}
        {showPending && pending && latest && <DiffView diff={pending} fromLabel={latest.version} toLabel={ot('versions.compare.working')} onOpenRule={onOpenRule} />}
      </div>

      <form
        class="op-card op-publish"
        key={formKey}
        onSubmit={(e) => {
          e.preventDefault();
          void whileBusy(doPublish);
        }}
      >
        <h3>{ot('versions.publish')}</h3>
        <Field id="publish-version" label={ot('versions.version')} path="version" errors={errors}>
          <TextInput id="publish-version" initial={version} onValue={setVersion} />
        </Field>
        <Field id="publish-changelog" label={ot('versions.changelog')} path="changelog" errors={errors}>
          <TextInput id="publish-changelog" multiline rows={5} initial={changelog} onValue={setChangelog} />
        </Field>
        <button type="submit" class="op-primary" id="publish-button" disabled={busy || !loaded}>
          {ot('versions.publish.button')}
        </button>
      </form>

      {notice && (
        <p class="op-notice" role="status">
          {notice}
        </p>
      )}
      {exported && <p class="op-hint op-sign-hint">{ot('versions.sign', { file: exported })}</p>}

      <div class="op-card">
        <h3>{ot('versions.list')}</h3>
        <SigningKeyStatus />
        <table class="op-table op-version-table">
          <thead>
            <tr>
              <th>{ot('versions.col.version')}</th>
              <th>{ot('versions.col.at')}</th>
              <th>{ot('versions.col.rules')}</th>
              <th>{ot('versions.col.changelog')}</th>
              <th>{ot('versions.col.hash')}</th>
              <th>{ot('versions.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td>
                  <strong>{v.version}</strong>
                  <div class="op-sub">{v.origin === 'rollback' ? ot('versions.origin.rollback', { from: v.rolledBackFrom ?? '' }) : ot(`versions.origin.${v.origin}`)}</div>
                </td>
                <td class="op-nowrap">{localTime(v.publishedAt)}</td>
                <td class="op-num">{v.ruleCount}</td>
                <td class="op-changelog">{v.changelog}</td>
                <td>
                  <code title={v.hash}>{shortHash(v.hash)}</code>
                </td>
                <td>
                  <div class="op-version-actions">
                    <button type="button" onClick={() => doExport(v)}>
                      {ot('versions.export')}
                    </button>
                    <SignExport record={v} />
                    {activate && (
                      <button type="button" onClick={() => void doActivate(v)}>
                        {ot('versions.activate')}
                      </button>
                    )}
                    {v !== latest && (
                      <button type="button" onClick={() => setRollback({ from: v.version, reason: '', errors: [] })}>
                        {ot('versions.rollback')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rollback && (
          <div class="op-rollback" role="dialog" aria-label={ot('versions.rollback')}>
            <p>{ot('versions.rollback.explain', { from: rollback.from, to: next })}</p>
            <label for="rollback-reason">{ot('versions.rollback.reason')}</label>
            <input id="rollback-reason" type="text" value={rollback.reason} onInput={(e) => setRollback({ ...rollback, reason: (e.currentTarget as HTMLInputElement).value, errors: [] })} />
            <FieldErrors errors={rollback.errors} />
            <div class="op-actions">
              <button type="button" class="op-danger" disabled={busy} onClick={() => void whileBusy(doRollback)}>
                {ot('versions.rollback.confirm', { to: next })}
              </button>
              <button type="button" onClick={() => setRollback(undefined)}>
                {ot('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </div>

      <div class="op-card">
        <h3>{ot('versions.compare')}</h3>
        <div class="op-toolbar">
          <label>
            {ot('versions.compare.from')}
            <Select id="compare-from" value={compareFrom} choices={compareChoices} onChange={setCompareFrom} />
          </label>
          <label>
            {ot('versions.compare.to')}
            <Select id="compare-to" value={compareTo} choices={compareChoices} onChange={setCompareTo} />
          </label>
          <button type="button" id="compare-button" onClick={() => void compare()}>
            {ot('versions.compare.button')}
          </button>
        </div>
        {compared && <DiffView diff={compared.diff} fromLabel={compared.from} toLabel={compared.to} onOpenRule={onOpenRule} />}
      </div>
    </section>
  );
}
