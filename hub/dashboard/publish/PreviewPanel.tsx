import type { DraftPreview, FieldChangeView, RuleRef } from '../../../contract/pack-publish';
import { kindText } from '../../../components/review/review-i18n';
import { ruleFieldLabel } from '../../../components/options/rule-fields';
import { pt } from './publish-i18n';
import { VersionForm } from './VersionForm';

/** What a pack file changes against the pack in force, and the form that publishes it. */

/** A value from the pack, shown as text (never markup) and cut to a readable length. */
function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '—' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function changeText(change: FieldChangeView): string {
  if (change.type === 'set') {
    const added = (change.added ?? []).map(valueText).join('、');
    const removed = (change.removed ?? []).map(valueText).join('、');
    return [added && `+ ${added}`, removed && `− ${removed}`].filter(Boolean).join('；');
  }
  if (change.type === 'order') return '顺序调整';
  return `${valueText(change.before)} → ${valueText(change.after)}`;
}

const ruleName = (rule: RuleRef) => rule.name ?? rule.id;

function RuleList({ title, rules, total, kind }: { title: string; rules: readonly RuleRef[]; total: number; kind: string }) {
  if (total === 0) return null;
  return (
    <details class="db-diff-group" data-change={kind} open={total <= 20}>
      <summary>
        {title} {total}
      </summary>
      <ul>
        {rules.map((r) => (
          <li key={r.id} data-rule-id={r.id}>
            <span class="db-kind">{kindText(r.kind)}</span> {ruleName(r)}
          </li>
        ))}
      </ul>
      {total > rules.length && <p class="rv-muted">{pt('preview.more', { count: total - rules.length })}</p>}
    </details>
  );
}

export function PreviewPanel(props: { preview: DraftPreview; busy: boolean; onPublish: (version: string, changelog: string) => void; onCancel: () => void }) {
  const p = props.preview;
  const nothing = p.live !== null && p.counts.added + p.counts.removed + p.counts.changed === 0 && p.settingsChanged.length === 0;
  return (
    <div class="db-preview">
      <h3>{pt('preview.title')}</h3>
      {p.live === null ? <p>{pt('preview.first', { count: p.draft.ruleCount })}</p> : <p class="db-counts">{pt('preview.counts', p.counts)}</p>}
      {p.live !== null && p.suggestedVersion !== p.draft.version && <p class="rv-hint">{pt('preview.renumbered', { version: p.draft.version, suggested: p.suggestedVersion })}</p>}
      {p.settingsChanged.length > 0 && <p>{pt('preview.settings', { paths: p.settingsChanged.map((c) => c.path).join('、') })}</p>}
      {p.live !== null && (
        <>
          <RuleList title={pt('preview.added')} rules={p.added} total={p.counts.added} kind="added" />
          <RuleList title={pt('preview.removed')} rules={p.removed} total={p.counts.removed} kind="removed" />
          {p.counts.changed > 0 && (
            <details class="db-diff-group" data-change="changed" open={p.counts.changed <= 20}>
              <summary>
                {pt('preview.changed')} {p.counts.changed}
              </summary>
              <ul>
                {p.changed.map((r) => (
                  <li key={r.id} data-rule-id={r.id}>
                    <span class="db-kind">{kindText(r.kind)}</span> {ruleName(r)}
                    <ul class="db-fields">
                      {r.fields.map((f) => (
                        <li key={f.path}>
                          {ruleFieldLabel(r.kind, f.path)}：{changeText(f)}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
              {p.counts.changed > p.changed.length && <p class="rv-muted">{pt('preview.more', { count: p.counts.changed - p.changed.length })}</p>}
            </details>
          )}
        </>
      )}
      {nothing ? (
        <p class="db-nothing">{pt('preview.nothing')}</p>
      ) : (
        <VersionForm
          idPrefix="publish"
          initialVersion={p.suggestedVersion}
          textLabel={pt('form.changelog')}
          rows={3}
          submitLabel={props.busy ? pt('form.publishing') : pt('form.publish')}
          busy={props.busy}
          onSubmit={props.onPublish}
          onCancel={props.onCancel}
        />
      )}
    </div>
  );
}
