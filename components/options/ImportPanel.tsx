import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ImportFile } from '../../rules/import/import-file';
import type { FileReport } from '../../rules/import/report';
import type { FieldError } from '../../rules/pack/load';
import {
  applyImportPlan, planImport, StalePlanError, type AppliedImport, type ConflictChoice, type ImportPlan,
} from '../../rules/store/import-merge';
import { readHead } from '../../rules/store/working-set';
import { kindLabel } from '../i18n';
import { FieldErrors } from './form-controls';
import { ImportPlanView } from './ImportPlanView';
import { importInSteps, importMetaFor, type ImportedIntoSet, type ImportProgress } from './import-steps';
import { pointsOfClasses } from '../../rules/store/knowledge';
import { workingRules } from '../../rules/store/working-set';
import { localTemplateCsv } from '../../rules/import/local-template';
import { ANTIBIOTIC_LIST, listTemplateCsv, PRESCRIBER_LIST } from '../../rules/import/hospital-lists';
import { CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST } from '../../rules/import/consumables/template';
import { DRUG_LISTS } from '../../rules/import/drug-lists';
import { ITEM_LISTS } from '../../rules/import/item-lists';
import { CHRONIC_DRUG_LIST } from '../../rules/import/drug-lists/chronic-drugs';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';
import type { RuleKind } from '../../contract/findings';

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div class="op-progress">
      <progress id="import-progress" value={value} max={Math.max(1, max)} aria-label={label} />
      <span>{label}</span>
    </div>
  );
}

const kindsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([kind, n]) => `${kindLabel(kind as RuleKind)} ${n}`)
    .join('，');

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function FileRow({ report }: { report: FileReport }) {
  return (
    <>
      <tr data-file={report.file}>
        <td>{report.file}</td>
        <td>{ot(`import.importer.${report.importer}`)}</td>
        <td>{report.batch ?? ''}</td>
        <td class="op-num">{report.rowsRead}</td>
        <td class="op-num">{report.rowsUsed}</td>
        <td>
          {total(report.rulesMade)}
          {total(report.rulesMade) > 0 && <div class="op-sub">{kindsText(report.rulesMade)}</div>}
          {report.prescribers !== undefined && <div class="op-sub">{ot('import.prescribers', { n: report.prescribers })}</div>}
        </td>
        <td class="op-num">{report.notUnderstood.length}</td>
        <td class="op-num">{report.warnings.length}</td>
      </tr>
      {(report.classes?.length ?? 0) > 0 && (
        <tr class="op-detail-row">
          <td colSpan={8}>
            <details open={(report.classes?.length ?? 0) > 1}>
              <summary>{ot('import.classes', { n: report.classes!.length })}</summary>
              <ul class="op-classes">
                {report.classes!.map((c) => (
                  <li key={c.seq} data-class={c.seq}>
                    {ot('import.classLine', {
                      seq: c.seq,
                      ruleClass: c.ruleClass,
                      kind: c.kind ? kindLabel(c.kind as RuleKind) : ot('import.classNoKind'),
                      points: c.points,
                      rules: c.rules,
                      replaced: c.replaced,
                      notUnderstood: c.notUnderstood,
                    })}
                  </li>
                ))}
              </ul>
            </details>
          </td>
        </tr>
      )}
      {(report.replaced?.length ?? 0) > 0 && (
        <tr class="op-detail-row">
          <td colSpan={8}>
            <details>
              <summary>{ot('import.replaced', { n: report.replaced!.length })}</summary>
              <ul>
                {report.replaced!.map((r, i) => (
                  <li key={i}>{ot('import.replacedLine', { row: r.row, name: r.name, by: r.by })}</li>
                ))}
              </ul>
            </details>
          </td>
        </tr>
      )}
      {report.notUnderstood.length > 0 && (
        <tr class="op-detail-row">
          <td colSpan={8}>
            <details>
              <summary>{ot('import.col.notUnderstood')}（{report.notUnderstood.length}）</summary>
              <ul>
                {report.notUnderstood.map((issue, i) => (
                  <li key={i}>
                    {ot('import.notUnderstood', { row: issue.row, name: issue.name ?? '', reason: issue.reason })}
                    {issue.text && <div class="op-sub">{issue.text}</div>}
                  </li>
                ))}
              </ul>
            </details>
          </td>
        </tr>
      )}
    </>
  );
}

function ReportTable({ files }: { files: readonly FileReport[] }) {
  return (
    <table class="op-table op-report">
      <thead>
        <tr>
          <th>{ot('import.col.file')}</th>
          <th>{ot('import.col.importer')}</th>
          <th>{ot('import.col.batch')}</th>
          <th>{ot('import.col.rows')}</th>
          <th>{ot('import.col.used')}</th>
          <th>{ot('import.col.rules')}</th>
          <th>{ot('import.col.notUnderstood')}</th>
          <th>{ot('import.col.warnings')}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <FileRow key={f.file} report={f} />
        ))}
      </tbody>
    </table>
  );
}

/** The empty templates, offered for download without shipping a file. */
const csvHref = (text: string) => `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
const TEMPLATE_HREF = csvHref(localTemplateCsv());
const ANTIBIOTIC_TEMPLATE_HREF = csvHref(listTemplateCsv(ANTIBIOTIC_LIST));
const PRESCRIBER_TEMPLATE_HREF = csvHref(listTemplateCsv(PRESCRIBER_LIST));
const CONSUMABLE_TEMPLATES = [
  { id: 'import-template-consumable-items', label: 'import.template.consumable-items', href: csvHref(listTemplateCsv(CONSUMABLE_ITEMS_LIST)), file: `${CONSUMABLE_ITEMS_LIST.title}模板.csv` },
  { id: 'import-template-consumable-limits', label: 'import.template.consumable-limits', href: csvHref(listTemplateCsv(CONSUMABLE_LIMITS_LIST)), file: `${CONSUMABLE_LIMITS_LIST.title}模板.csv` },
] as const;
const rowListTemplates = (lists: typeof DRUG_LISTS) => lists.map((l) => ({ importer: l.importer, href: csvHref(listTemplateCsv(l.template)), file: `${l.template.title}表模板.csv` }));
// The 慢特病用药范围表 makes one rule of all its rows, so it is not a row list; its template sits with them.
const DRUG_LIST_TEMPLATES = [
  ...rowListTemplates(DRUG_LISTS),
  { importer: 'chronic-drugs' as const, href: csvHref(listTemplateCsv(CHRONIC_DRUG_LIST)), file: `${CHRONIC_DRUG_LIST.title}表模板.csv` },
];
const ITEM_LIST_TEMPLATES = rowListTemplates(ITEM_LISTS);

type Stage =
  | { step: 'idle' }
  | { step: 'running'; progress: ImportProgress }
  | { step: 'failed'; files: FileReport[]; errors: FieldError[] }
  /** `replanned`: the working set changed after the first preview, so this plan was made again. */
  | { step: 'ready'; built: ImportedIntoSet; plan: ImportPlan; choices: Record<string, ConflictChoice>; replanned?: boolean }
  | { step: 'merged'; built: ImportedIntoSet; applied: AppliedImport };

const planFor = (store: ReturnType<typeof useOptionsStore>, built: ImportedIntoSet) =>
  planImport(store.db, {
    rules: built.pack.rules,
    retired: built.retired,
    sources: built.pack.sources,
    knowledge: built.knowledge,
    prescribers: built.pack.settings.prescribers,
  });

/**
 * Imports NHSA batch files and the catalogue with the command's importers, one file at a time
 * with a progress bar, shows the report and the merge plan, and merges into the working set only
 * when asked — exactly the plan shown, with the clerk's choice for each conflict.
 */
export function ImportPanel() {
  const store = useOptionsStore();
  const [files, setFiles] = useState<File[]>([]);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });

  const start = async () => {
    const inputs: ImportFile[] = [];
    for (const [i, file] of files.entries()) {
      setStage({ step: 'running', progress: { done: i, total: files.length, current: file.name } });
      inputs.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    const meta = importMetaFor(await readHead(store.db));
    const result = await importInSteps(inputs, meta, {
      onProgress: (progress) => setStage({ step: 'running', progress }),
      earlierPoints: (classes) => pointsOfClasses(store.db, classes),
      workingRules: () => workingRules(store.db),
    });
    if (!result.ok) {
      setStage({ step: 'failed', files: result.files, errors: result.errors });
      return;
    }
    setStage({ step: 'ready', built: result.built, plan: await planFor(store, result.built), choices: {} });
  };
  const merge = async (ready: Extract<Stage, { step: 'ready' }>) => {
    try {
      const applied = await applyImportPlan(store.db, ready.plan, ready.choices);
      setStage({ step: 'merged', built: ready.built, applied });
      store.changed();
    } catch (e) {
      if (!(e instanceof StalePlanError)) throw e;
      // Edited in another tab (or the rules tab) since the preview: show the new plan instead.
      const plan = await planFor(store, ready.built);
      const conflicts = new Set(plan.entries.filter((x) => x.category === 'conflict').map((x) => x.id));
      const choices = Object.fromEntries(Object.entries(ready.choices).filter(([id]) => conflicts.has(id)));
      setStage({ step: 'ready', built: ready.built, plan, choices, replanned: true });
    }
  };

  const built = stage.step === 'ready' || stage.step === 'merged' ? stage.built : undefined;
  return (
    <section class="op-import" aria-label={ot('import.title')}>
      <p class="op-hint">{ot('import.hint')}</p>
      <p class="op-hint">
        <a id="import-template" href={TEMPLATE_HREF} download="本院规则模板.csv">
          {ot('import.template')}
        </a>
      </p>
      <p class="op-hint">
        <a id="import-template-antibiotic" href={ANTIBIOTIC_TEMPLATE_HREF} download="抗菌药物分级目录模板.csv">
          {ot('import.template.antibiotic')}
        </a>
      </p>
      <p class="op-hint">
        <a id="import-template-prescribers" href={PRESCRIBER_TEMPLATE_HREF} download="医师处方权模板.csv">
          {ot('import.template.prescribers')}
        </a>
      </p>
      <p class="op-hint">
        {ot('import.template.consumables')}
        {CONSUMABLE_TEMPLATES.map((t, i) => (
          <Fragment key={t.id}>
            {i > 0 && ' / '}
            <a id={t.id} href={t.href} download={t.file}>
              {ot(t.label)}
            </a>
          </Fragment>
        ))}
      </p>
      <p class="op-hint">
        {ot('import.template.drugLists')}
        {DRUG_LIST_TEMPLATES.map((t, i) => (
          <Fragment key={t.importer}>
            {i > 0 && ' / '}
            <a id={`import-template-${t.importer}`} href={t.href} download={t.file}>
              {ot(`import.importer.${t.importer}`)}
            </a>
          </Fragment>
        ))}
      </p>
      <p class="op-hint">
        {ot('import.template.itemLists')}
        {ITEM_LIST_TEMPLATES.map((t, i) => (
          <Fragment key={t.importer}>
            {i > 0 && ' / '}
            <a id={`import-template-${t.importer}`} href={t.href} download={t.file}>
              {ot(`import.importer.${t.importer}`)}
            </a>
          </Fragment>
        ))}
      </p>
      <div class="op-toolbar">
        <label>
          {ot('import.pick')}
          <input
            id="import-files"
            type="file"
            multiple
            accept=".xlsx,.xlsm,.xls,.csv"
            onChange={(e) => {
              setFiles([...((e.currentTarget as HTMLInputElement).files ?? [])]);
              setStage({ step: 'idle' });
            }}
          />
        </label>
        <button type="button" class="op-primary" id="import-start" disabled={files.length === 0 || stage.step === 'running'} onClick={() => void start()}>
          {ot('import.start')}
        </button>
      </div>
      {stage.step === 'running' && (
        <ProgressBar
          value={stage.progress.done}
          max={stage.progress.total}
          label={stage.progress.current ? ot('import.reading', { file: stage.progress.current, done: stage.progress.done + 1, total: stage.progress.total }) : ot('import.assembling')}
        />
      )}
      {stage.step === 'failed' && (
        <div class="op-error-summary" role="alert">
          <p>{ot('import.failed')}</p>
          <ul>
            {stage.files.map((f) => (
              <li key={f.file}>{ot('import.fileError', { file: f.file, error: f.error ?? '' })}</li>
            ))}
          </ul>
          {stage.errors.length > 0 && (
            <>
              <p>{ot('import.packErrors')}</p>
              <FieldErrors errors={stage.errors} />
            </>
          )}
        </div>
      )}
      {built && (
        <div class="op-import-report">
          <h3>{ot('import.report')}</h3>
          <p>
            {ot('import.total', {
              rules: built.report.pack?.rules ?? built.pack.rules.length,
              kinds: kindsText(built.report.pack?.rulesByKind ?? {}),
              dropped: built.report.pack?.rulesDropped.length ?? 0,
            })}
          </p>
          <ReportTable files={built.report.files} />
          {built.unsplittable.length > 0 && (
            <p class="op-error-summary" role="alert" id="import-unsplittable">
              {ot('import.unsplittable', { classes: built.unsplittable.join('、') })}
            </p>
          )}
          {stage.step === 'ready' && (
            <>
              {stage.replanned && (
                <p class="op-error-summary" role="alert">
                  {ot('import.plan.stale')}
                </p>
              )}
              <ImportPlanView plan={stage.plan} choices={stage.choices} onChoose={(id, choice) => setStage({ ...stage, choices: { ...stage.choices, [id]: choice } })} />
              <div class="op-actions">
                <button type="button" class="op-primary" id="import-merge" onClick={() => void merge(stage)}>
                  {ot('import.plan.apply')}
                </button>
              </div>
            </>
          )}
          {stage.step === 'merged' && (
            <p class="op-notice" role="status">
              {ot('import.merged', { ...stage.applied.counts, kept: stage.applied.conflictsKept, taken: stage.applied.conflictsTaken })}
              {stage.applied.prescribers !== undefined && <> {ot('import.mergedPrescribers', { total: stage.applied.prescribers })}</>}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
