import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import type { RuleKind } from '../../contract/findings';
import type { FieldChange, PackDiff } from '../../rules/pack/diff';
import type { Rule } from '../../rules/pack/schema';
import { kindLabel } from '../i18n';
import { ot } from './options-i18n';

/** Sections longer than this show their first items and a button for the rest. */
const FIRST_ITEMS = 100;
const VALUE_CHARS = 160;

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text;
}

function Change({ change }: { change: FieldChange }) {
  return (
    <li class="op-change" data-path={change.path}>
      <code class="op-path">{change.path}</code>{' '}
      {change.type === 'value' && (
        <>
          <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
        </>
      )}
      {change.type === 'set' && (
        <>
          {change.added.length > 0 && (
            <ins>
              {ot('diff.set.added')} {change.added.map(show).join('、')}
            </ins>
          )}{' '}
          {change.removed.length > 0 && (
            <del>
              {ot('diff.set.removed')} {change.removed.map(show).join('、')}
            </del>
          )}
        </>
      )}
      {change.type === 'order' && <span class="op-sub">{ot('diff.order')}</span>}
    </li>
  );
}

export function Limited<T>({ items, render }: { items: readonly T[]; render: (item: T) => ComponentChild }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST_ITEMS);
  return (
    <>
      <ul class="op-diff-list">{shown.map(render)}</ul>
      {!all && items.length > FIRST_ITEMS && (
        <button type="button" class="op-link" onClick={() => setAll(true)}>
          {ot('diff.more', { count: items.length - FIRST_ITEMS })}
        </button>
      )}
    </>
  );
}

function RuleLine({ rule, onOpenRule }: { rule: Pick<Rule, 'id' | 'name'> & { kind: string }; onOpenRule?: ((id: string) => void) | undefined }) {
  const label = `${rule.name ?? rule.id}`;
  return (
    <span>
      <span class="op-tag">{kindLabel(rule.kind as RuleKind)}</span>{' '}
      {onOpenRule ? (
        <button type="button" class="op-link" onClick={() => onOpenRule(rule.id)}>
          {label}
        </button>
      ) : (
        label
      )}{' '}
      <span class="op-sub">{rule.id}</span>
    </span>
  );
}

/**
 * What changed between two versions (rules/pack/diff.ts): added, removed and changed rules, the
 * changed ones field by field with the field's path.
 */
export function DiffView({ diff, fromLabel, toLabel, onOpenRule }: { diff: PackDiff; fromLabel: string; toLabel: string; onOpenRule?: (id: string) => void }) {
  const empty = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.settingsChanged.length;
  const metaFields = diff.meta.fields.filter((f) => f.path !== 'version' && f.path !== 'publishedAt');
  return (
    <section class="op-diff" aria-label={ot('diff.title', { from: fromLabel, to: toLabel })}>
      <h3>{ot('diff.title', { from: fromLabel, to: toLabel })}</h3>
      <p class="op-diff-summary">
        {ot('diff.summary', { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, unchanged: diff.unchanged })}
      </p>
      {empty && <p class="op-empty">{ot('diff.empty')}</p>}
      {diff.added.length > 0 && (
        <div class="op-diff-added">
          <h4>{ot('diff.added')}</h4>
          <Limited items={diff.added} render={(r) => <li key={r.id}><RuleLine rule={r} onOpenRule={onOpenRule} /></li>} />
        </div>
      )}
      {diff.removed.length > 0 && (
        <div class="op-diff-removed">
          <h4>{ot('diff.removed')}</h4>
          <Limited items={diff.removed} render={(r) => <li key={r.id}><RuleLine rule={r} /></li>} />
        </div>
      )}
      {diff.changed.length > 0 && (
        <div class="op-diff-changed">
          <h4>{ot('diff.changed')}</h4>
          <Limited
            items={diff.changed}
            render={(c) => (
              <li key={c.id} data-rule-id={c.id}>
                <RuleLine rule={c} onOpenRule={onOpenRule} />
                <ul>
                  {c.fields.map((f) => (
                    <Change key={f.path} change={f} />
                  ))}
                </ul>
              </li>
            )}
          />
        </div>
      )}
      {diff.settingsChanged.length > 0 && (
        <div>
          <h4>{ot('diff.settings')}</h4>
          <ul>
            {diff.settingsChanged.map((f) => (
              <Change key={f.path} change={f} />
            ))}
          </ul>
        </div>
      )}
      {metaFields.length > 0 && (
        <div>
          <h4>{ot('diff.meta')}</h4>
          <ul>
            {metaFields.map((f) => (
              <Change key={f.path} change={f} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
