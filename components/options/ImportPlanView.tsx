import type { RuleKind } from '../../contract/findings';
import { diffFields, type FieldChange } from '../../rules/pack/diff';
import {
  countPlan, MERGE_CATEGORIES, threeWayFields, type ConflictChoice, type ConflictChoices, type ImportPlan, type MergeCategory, type MergeEntry,
} from '../../rules/store/import-merge';
import { kindLabel } from '../i18n';
import { Limited } from './DiffView';
import { ot } from './options-i18n';
import { fieldLabel, showValue, valueAt } from './rule-fields';

/**
 * The import preview: what merging would do to each rule (rules/store/import-merge.ts), by
 * category, before anything is written; conflicts show the last import, the working rule and
 * the publication field by field, with the clerk's choice per rule.
 */

export interface ImportPlanViewProps {
  plan: ImportPlan;
  choices: ConflictChoices;
  onChoose: (id: string, choice: ConflictChoice) => void;
}

/** 规则参数 maxDays: the Chinese name of the top field, and which part of it for a nested one. */
function FieldLabel({ path }: { path: string }) {
  const label = fieldLabel(path);
  const inner = label === path ? '' : path.replace(/^[^.[]+\.?/, '');
  return (
    <>
      <span class="op-field-name">{label}</span>
      {inner && <> <code class="op-path">{inner}</code></>}
    </>
  );
}

/** One field change between two versions of a rule, values in words. */
function FieldChangeLine({ change }: { change: FieldChange }) {
  return (
    <li class="op-change" data-path={change.path}>
      <FieldLabel path={change.path} />{' '}
      {change.type === 'value' && (
        <>
          <del>{showValue(change.path, change.before)}</del> → <ins>{showValue(change.path, change.after)}</ins>
        </>
      )}
      {change.type === 'set' && (
        <>
          {change.added.length > 0 && <ins>{ot('diff.set.added')} {showValue(change.path, change.added)}</ins>}{' '}
          {change.removed.length > 0 && <del>{ot('diff.set.removed')} {showValue(change.path, change.removed)}</del>}
        </>
      )}
      {change.type === 'order' && <span class="op-sub">{ot('diff.order')}</span>}
    </li>
  );
}

function Changes({ changes }: { changes: FieldChange[] }) {
  return (
    <ul class="op-plan-changes">
      {changes.map((c) => (
        <FieldChangeLine key={c.path} change={c} />
      ))}
    </ul>
  );
}

/** Last import, working rule and publication side by side, the side that moved marked. */
function ThreeWay({ entry }: { entry: MergeEntry }) {
  const fields = threeWayFields(entry);
  const cell = (rule: MergeEntry['base'], path: string, moved: boolean, missing: string) => (
    <td class={moved ? 'op-moved' : undefined}>{rule ? showValue(path, valueAt(rule, path)) : missing}</td>
  );
  return (
    <table class="op-table op-threeway">
      <thead>
        <tr>
          <th>{ot('import.plan.col.field')}</th>
          <th>{ot('import.plan.col.base')}</th>
          <th>{ot('import.plan.col.mine')}</th>
          <th>{ot('import.plan.col.theirs')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path} data-path={f.path}>
            <td>
              <FieldLabel path={f.path} />
            </td>
            {cell(entry.base, f.path, false, ot('import.plan.absent'))}
            {cell(entry.mine, f.path, f.mineChanged, ot('import.plan.absent'))}
            {cell(entry.theirs, f.path, f.theirsChanged, ot('import.plan.retiredValue'))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Choice({ entry, choice, onChoose }: { entry: MergeEntry; choice: ConflictChoice; onChoose: ImportPlanViewProps['onChoose'] }) {
  const retired = !entry.theirs;
  const option = (value: ConflictChoice, label: string) => (
    <label class="op-check">
      <input type="radio" name={`merge-${entry.id}`} value={value} checked={choice === value} onChange={() => onChoose(entry.id, value)} />
      {label}
    </label>
  );
  return (
    <div class="op-plan-choice" role="radiogroup" aria-label={ot('import.plan.choice', { name: entry.name ?? entry.id })}>
      {option('mine', ot(retired ? 'import.plan.keepLocal' : 'import.plan.keepMine'))}
      {option('theirs', ot(retired ? 'import.plan.delete' : 'import.plan.takeTheirs'))}
    </div>
  );
}

/** What the entry's category means for this rule. */
function EntryDetail({ entry, choice, onChoose }: { entry: MergeEntry; choice: ConflictChoice; onChoose: ImportPlanViewProps['onChoose'] }) {
  switch (entry.category) {
    case 'added':
      return <div class="op-sub">{ot('import.plan.newRule', { text: entry.theirs?.text || entry.theirs?.basis || '' })}</div>;
    case 'updated':
      return <Changes changes={diffFields(entry.mine, entry.theirs)} />;
    case 'keptEdit':
      return entry.base ? <Changes changes={diffFields(entry.base, entry.mine)} /> : <div class="op-sub">{ot('import.plan.ownRule')}</div>;
    case 'removed':
      return <div class="op-sub">{ot('import.plan.retired', { reason: entry.retiredReason ?? '' })}</div>;
    case 'conflict':
      return (
        <>
          {entry.retiredReason !== undefined && <div class="op-sub">{ot('import.plan.retired', { reason: entry.retiredReason })}</div>}
          <ThreeWay entry={entry} />
          <Choice entry={entry} choice={choice} onChoose={onChoose} />
        </>
      );
    case 'unchanged':
      return null;
  }
}

function EntryItem({ entry, choice, onChoose }: { entry: MergeEntry; choice: ConflictChoice; onChoose: ImportPlanViewProps['onChoose'] }) {
  return (
    <li class="op-plan-entry" data-rule-id={entry.id}>
      <span class="op-tag">{kindLabel(entry.kind as RuleKind)}</span> <strong>{entry.name ?? entry.id}</strong> <span class="op-sub">{entry.id}</span>
      <EntryDetail entry={entry} choice={choice} onChoose={onChoose} />
    </li>
  );
}

export function ImportPlanView({ plan, choices, onChoose }: ImportPlanViewProps) {
  const counts = countPlan(plan);
  const byCategory = (category: MergeCategory) => plan.entries.filter((e) => e.category === category);
  return (
    <section class="op-plan" aria-label={ot('import.plan.title')}>
      <h3>{ot('import.plan.title')}</h3>
      <p id="import-plan-summary">{ot('import.plan.summary', { ...counts })}</p>
      {plan.prescribers && (
        <p id="import-plan-prescribers">{ot('import.plan.prescribers', { ...plan.prescribers.change })}</p>
      )}
      {counts.unchanged === plan.entries.length && !plan.prescribers && <p class="op-empty">{ot('import.plan.nothing')}</p>}
      {MERGE_CATEGORIES.filter((c) => counts[c] > 0).map((category) => (
        <details key={category} class={`op-plan-cat op-plan-${category}`} data-category={category} open={category === 'conflict'}>
          <summary>
            {ot(`import.plan.cat.${category}`)}（{counts[category]}）
          </summary>
          <p class="op-hint">{ot(`import.plan.explain.${category}`)}</p>
          <Limited
            items={byCategory(category)}
            render={(entry) => <EntryItem key={entry.id} entry={entry} choice={choices[entry.id] ?? 'mine'} onChoose={onChoose} />}
          />
        </details>
      ))}
    </section>
  );
}
