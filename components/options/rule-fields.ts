import type { Severity } from '../../contract/findings';
import { language, severityLabel } from '../i18n';
import { KIND_FORMS } from './kind-fields';
import { ot, type OptionsKey } from './options-i18n';

/**
 * Rule fields as the 医保办 reads them: a Chinese label for a diff path (rules/pack/diff.ts's
 * `params.maxDays`, `match.codes`) and its values in words, for the import preview and the
 * suggested changelog.
 */

const LABELS: Record<string, OptionsKey> = {
  id: 'field.id',
  kind: 'field.kind',
  name: 'field.name',
  enabled: 'field.enabled',
  severity: 'field.severity',
  interruptive: 'field.interruptive',
  basis: 'field.basis',
  text: 'field.text',
  effective: 'field.effective',
  match: 'field.match',
  source: 'field.source',
  params: 'field.params',
};

type Segment = string | number;

/** `match.codes[2]` → ['match', 'codes', 2]. */
export function pathSegments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(part[2] !== undefined ? Number(part[2]) : part[1]!);
  return out;
}

/** The label of a path's top field (`params.maxDays` → 规则参数); unknown fields keep their name. */
export function fieldLabel(path: string): string {
  const top = pathSegments(path)[0];
  const key = typeof top === 'string' ? LABELS[top] : undefined;
  return key ? ot(key) : path;
}

/**
 * A changed field of a rule of `kind`, in the words of the rule editor: `params.maxDays` of a
 * 限支付疗程 rule → 医保支付最多天数; other fields as fieldLabel.
 */
export function ruleFieldLabel(kind: string, path: string): string {
  const segments = pathSegments(path);
  const form = (KIND_FORMS as Record<string, { fields: readonly { path: readonly string[]; label: { zh: string; en: string } }[] } | undefined>)[kind];
  if (segments[0] === 'params' && form) {
    const field = form.fields.find((f) => f.path.every((part, i) => segments[i + 1] === part));
    if (field) return language.value === 'en' ? field.label.en : field.label.zh;
  }
  return fieldLabel(path);
}

/** The value at `path` in a rule (or any JSON value); undefined where it is absent. */
export function valueAt(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const segment of pathSegments(path)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[segment];
  }
  return at;
}

const LONGEST = 240;

/** A field's value in words (级别 严重, 启用/停用), or its JSON; long values are shortened. */
export function showValue(path: string, value: unknown): string {
  if (value === undefined) return '—';
  let text: string;
  if (path === 'severity' && typeof value === 'string') text = severityLabel(value as Severity);
  else if (path === 'enabled' && typeof value === 'boolean') text = ot(value ? 'value.enabled.true' : 'value.enabled.false');
  else if (path === 'interruptive' && typeof value === 'boolean') text = ot(value ? 'mode.short.interruptive' : 'mode.short.passive');
  else if (typeof value === 'string') text = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join('、');
  else text = JSON.stringify(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST)}…` : text;
}
