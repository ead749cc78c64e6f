import { canonicalJson } from './canonical-json';
import { formatPath } from './load';
import type { Pack, Rule } from './schema';

/**
 * What changed between two pack versions, rule by rule and field by field, for the 医保办's
 * review before a pack is signed and for the diff view. Rules are matched by id, so moving a rule
 * within the pack is not a change. Arrays of plain values (match.codes, lineKinds, keywords) are
 * compared as sets and reported as the values added and removed — a batch update that touches
 * three codes of a 600-code rule shows three codes, not two 600-code arrays.
 */

export type FieldChange =
  /** `before` absent: the field was added; `after` absent: it was removed. */
  | { path: string; type: 'value'; before?: unknown; after?: unknown }
  | { path: string; type: 'set'; added: unknown[]; removed: unknown[] }
  /** The same members in another order. */
  | { path: string; type: 'order' };

export interface RuleChange {
  id: string;
  kind: string;
  name?: string;
  fields: FieldChange[];
}

export interface PackRef {
  id: string;
  version: string;
}

export interface PackDiff {
  meta: { before: PackRef; after: PackRef; /** Pack-level fields other than rules and settings. */ fields: FieldChange[] };
  settingsChanged: FieldChange[];
  /** In the order of the newer pack. */
  added: Rule[];
  /** In the order of the older pack. */
  removed: Rule[];
  /** In the order of the newer pack. */
  changed: RuleChange[];
  unchanged: number;
}

type Path = (string | number)[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlain = (v: unknown): boolean => v === null || typeof v !== 'object';

function valueChange(path: Path, before: unknown, after: unknown): FieldChange {
  const change: FieldChange = { path: formatPath(path), type: 'value' };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return change;
}

/** Members of `from` whose canonical form is not in `other`, in `from`'s order, each once. */
function missingFrom(from: readonly unknown[], other: readonly unknown[], key: (v: unknown) => unknown): unknown[] {
  const present = new Set(other.map(key));
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of from) {
    const k = key(v);
    if (present.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

function diffArrays(before: unknown[], after: unknown[], path: Path, out: FieldChange[]): void {
  const plain = before.every(isPlain) && after.every(isPlain);
  if (!plain && before.length === after.length) {
    for (let i = 0; i < after.length; i++) diffValues(before[i], after[i], [...path, i], out);
    return;
  }
  const key = plain ? (v: unknown) => v : canonicalJson;
  const added = missingFrom(after, before, key);
  const removed = missingFrom(before, after, key);
  if (added.length || removed.length) out.push({ path: formatPath(path), type: 'set', added, removed });
  else if (before.length === after.length) out.push({ path: formatPath(path), type: 'order' });
  // Only repeats differ (["A","A"] vs ["A"]): rare and short, so both arrays are shown.
  else out.push(valueChange(path, before, after));
}

function diffValues(before: unknown, after: unknown, path: Path, out: FieldChange[]): void {
  if (before === after) return;
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
    for (const key of keys) diffValues(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const same = before.length === after.length && before.every((v, i) => v === after[i] || (!isPlain(v) && canonicalJson(v) === canonicalJson(after[i])));
    if (!same) diffArrays(before, after, path, out);
    return;
  }
  if (isPlain(before) && isPlain(after)) {
    out.push(valueChange(path, before, after));
    return;
  }
  if (canonicalJson(before ?? null) !== canonicalJson(after ?? null)) out.push(valueChange(path, before, after));
}

/** Field changes between two JSON values; paths are relative to them (`params.maxDays`). */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues(before, after, [], out);
  return out;
}

function diffRules(before: readonly Rule[], after: readonly Rule[]): Pick<PackDiff, 'added' | 'removed' | 'changed' | 'unchanged'> {
  const old = new Map(before.map((r) => [r.id, r]));
  const fresh = new Set(after.map((r) => r.id));
  const added: Rule[] = [];
  const changed: RuleChange[] = [];
  let unchanged = 0;
  for (const rule of after) {
    const previous = old.get(rule.id);
    if (!previous) {
      added.push(rule);
      continue;
    }
    // Most rules are untouched between versions, and validated rules share the schema's key
    // order: one native string comparison settles them. Key order alone leaves no field changes.
    if (JSON.stringify(previous) === JSON.stringify(rule)) {
      unchanged++;
      continue;
    }
    const fields = diffFields(previous, rule);
    if (fields.length === 0) {
      unchanged++;
      continue;
    }
    const change: RuleChange = { id: rule.id, kind: rule.kind, fields };
    if (rule.name !== undefined) change.name = rule.name;
    changed.push(change);
  }
  const removed = before.filter((r) => !fresh.has(r.id));
  return { added, removed, changed, unchanged };
}

export function diffPacks(before: Pack, after: Pack): PackDiff {
  const { rules: beforeRules, settings: beforeSettings, ...beforeMeta } = before;
  const { rules: afterRules, settings: afterSettings, ...afterMeta } = after;
  return {
    meta: {
      before: { id: before.id, version: before.version },
      after: { id: after.id, version: after.version },
      fields: diffFields(beforeMeta, afterMeta),
    },
    settingsChanged: diffFields(beforeSettings, afterSettings),
    ...diffRules(beforeRules, afterRules),
  };
}

/** True when the two packs hold the same rules, settings and pack fields. */
export function isEmptyDiff(diff: PackDiff): boolean {
  return !diff.meta.fields.length && !diff.settingsChanged.length && !diff.added.length && !diff.removed.length && !diff.changed.length;
}
