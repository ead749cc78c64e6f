import { diffPacks, type FieldChange, type PackDiff } from '../rules/pack/diff';
import type { Rule } from '../rules/pack/schema';
import type { CliIO } from './io';
import { readPackSource } from './pack-source';

export interface PackDiffOptions {
  before: string;
  after: string;
  json: boolean;
}

/** Values longer than this are cut in the human view; --json has them whole. */
const MAX_VALUE_CHARS = 80;
/** Members of a set change listed before "… N more". */
const MAX_SET_MEMBERS = 8;

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Objects with an id (pack sources) are named by it; a whole source object would not fit a line. */
const member = (value: unknown): string =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : show(value);

function members(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_SET_MEMBERS).map(member).join(', ');
  return values.length > MAX_SET_MEMBERS ? `${shown}, … ${values.length - MAX_SET_MEMBERS} more` : shown;
}

export function formatFieldChange(change: FieldChange): string {
  if (change.type === 'value') return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
  if (change.type === 'order') return `${change.path}: same members, new order`;
  const parts: string[] = [];
  if (change.added.length) parts.push(`+${change.added.length} (${members(change.added)})`);
  if (change.removed.length) parts.push(`-${change.removed.length} (${members(change.removed)})`);
  return `${change.path}: ${parts.join(' ')}`;
}

const ruleLabel = (rule: { id: string; kind: string; name?: string | undefined }): string => `${rule.id} [${rule.kind}]${rule.name ? ` ${rule.name}` : ''}`;

/** "+12 新增, -3 删除, ~5 修改" and then one line per rule, field changes indented under their rule. */
export function formatDiff(diff: PackDiff): string {
  const { before, after } = diff.meta;
  const lines = [
    `${before.id} ${before.version} → ${after.id} ${after.version}`,
    `+${diff.added.length} 新增, -${diff.removed.length} 删除, ~${diff.changed.length} 修改 (${diff.unchanged} unchanged)`,
  ];
  const fields = diff.meta.fields.filter((f) => f.path !== 'version' && f.path !== 'id');
  if (fields.length) lines.push('pack:', ...fields.map((f) => `    ${formatFieldChange(f)}`));
  if (diff.settingsChanged.length) lines.push('settings:', ...diff.settingsChanged.map((f) => `    ${formatFieldChange(f)}`));
  lines.push(...diff.added.map((r: Rule) => `+ ${ruleLabel(r)}`));
  lines.push(...diff.removed.map((r: Rule) => `- ${ruleLabel(r)}`));
  for (const change of diff.changed) lines.push(`~ ${ruleLabel(change)}`, ...change.fields.map((f) => `    ${formatFieldChange(f)}`));
  return lines.join('\n');
}

/** `preflight pack diff`: 0 compared (whether or not they differ), 2 when a file is not a valid pack. Signatures are not checked. */
export async function runPackDiff(io: CliIO, options: PackDiffOptions): Promise<number> {
  const [before, after] = await Promise.all([readPackSource(io, options.before), readPackSource(io, options.after)]);
  if (!before.ok || !after.ok) {
    for (const error of [...(before.ok ? [] : before.errors), ...(after.ok ? [] : after.errors)]) io.err(error);
    return 2;
  }
  const diff = diffPacks(before.source.pack, after.source.pack);
  io.out(options.json ? JSON.stringify(diff, null, 1) : formatDiff(diff));
  return 0;
}
