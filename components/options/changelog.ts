import type { RuleKind } from '../../contract/findings';
import type { PackDiff } from '../../rules/pack/diff';
import { kindLabel } from '../i18n';
import { ot } from './options-i18n';
import { fieldLabel } from './rule-fields';

/**
 * The changelog offered when publishing, written from the diff between the last published
 * version and the working set (rules/pack/diff.ts), so it describes what the pack contains —
 * not what an import or an edit was meant to do.
 */

/** Rules named per section; the counts line always gives the full numbers. */
const NAMED = 10;

interface Named {
  id: string;
  kind: string;
  name?: string;
}

const ruleName = (r: Named) => ot('changelog.rule', { name: r.name ?? r.id, kind: kindLabel(r.kind as RuleKind) });

function listed<T>(items: readonly T[], show: (item: T) => string, separator: string): string {
  const shown = items.slice(0, NAMED).map(show).join(separator);
  return items.length > NAMED ? `${shown}${separator}${ot('changelog.more', { count: items.length })}` : shown;
}

/** '' when nothing changed. */
export function suggestChangelog(diff: PackDiff): string {
  const { added, removed, changed, settingsChanged } = diff;
  if (!added.length && !removed.length && !changed.length && !settingsChanged.length) return '';
  const lines = [ot('changelog.counts', { added: added.length, removed: removed.length, changed: changed.length })];
  if (added.length) lines.push(ot('changelog.added', { rules: listed(added, ruleName, '、') }));
  if (changed.length) {
    const describe = (c: (typeof changed)[number]) =>
      ot('changelog.ruleFields', { name: c.name ?? c.id, kind: kindLabel(c.kind as RuleKind), fields: [...new Set(c.fields.map((f) => fieldLabel(f.path)))].join('、') });
    lines.push(ot('changelog.changed', { rules: listed(changed, describe, '；') }));
  }
  if (removed.length) lines.push(ot('changelog.removed', { rules: listed(removed, ruleName, '、') }));
  if (settingsChanged.length) lines.push(ot('changelog.settings', { fields: settingsChanged.map((f) => f.path).join('、') }));
  return lines.join('\n');
}
