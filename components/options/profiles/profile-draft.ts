import { PROFILE_VERSION, type SiteProfile, type SiteProfileInput } from '../../../adapters/profile-schema';
import { checkProfile, idOf } from '../../../adapters/runtime-profiles';
import type { FieldError } from '../../../rules/pack/load';
import { ot } from '../options-i18n';

/**
 * The JSON editor of the 站点配置 tab, without the UI: what the text in the editor means, checked
 * on every change, and what the local list becomes when it is saved.
 */

export interface DraftContext {
  /** The stored local entries. */
  local: readonly unknown[];
  /** Which local entry is being edited; undefined for a new one. */
  editing?: number;
  managedIds: ReadonlySet<string>;
  builtInIds: ReadonlySet<string>;
}

export interface DraftCheck {
  /** The entry to store (the JSON as typed), when the draft is valid. */
  value?: unknown;
  profile?: SiteProfile;
  /** Blocking: the draft cannot be saved. Paths are the profile's own ("orders.fields.code"). */
  errors: FieldError[];
  /** Not blocking: what saving will do to other profiles with the same id. */
  notes: string[];
}

export function checkDraft(text: string, context: DraftContext): DraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { errors: [{ path: '', message: ot('profiles.error.json', { detail: error instanceof Error ? error.message : String(error) }) }], notes: [] };
  }
  if (Array.isArray(value)) return { errors: [{ path: '', message: ot('profiles.error.list', { count: value.length }) }], notes: [] };
  const checked = checkProfile(value);
  const errors: FieldError[] = checked.ok ? [] : checked.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  const id = idOf(value);
  const notes: string[] = [];
  if (id !== undefined) {
    const taken = context.local.some((raw, i) => i !== context.editing && idOf(raw) === id);
    if (taken) errors.push({ path: 'id', message: ot('profiles.error.idTaken', { id }) });
    if (context.managedIds.has(id)) notes.push(ot('profiles.note.managedWins', { id }));
    else if (context.builtInIds.has(id)) notes.push(ot('profiles.note.replacesBuiltIn', { id }));
  }
  if (errors.length > 0 || !checked.ok) return { errors, notes };
  return { value, profile: checked.profile, errors, notes };
}

/** The local list after saving `value` in place of the edited entry, or at the end. */
export function withDraft(local: readonly unknown[], value: unknown, editing: number | undefined): unknown[] {
  if (editing === undefined || editing >= local.length) return [...local, value];
  return local.map((raw, i) => (i === editing ? value : raw));
}

export function withoutEntry(local: readonly unknown[], index: number): unknown[] {
  return local.filter((_, i) => i !== index);
}

export function profileText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function profileFileName(id: string | undefined): string {
  return `${id ?? 'site-profile'}.profile.json`;
}

/** A new profile: valid as it stands, so the editor opens without errors and shows the shape. */
export function newProfileTemplate(): SiteProfileInput {
  return {
    profileVersion: PROFILE_VERSION,
    id: 'my-his-outpatient',
    name: '本院 HIS 门诊处方',
    match: { urls: ['http://his.example.local/*'], paths: ['/outpatient*'] },
    patient: { sex: { label: '性别', transform: ['sex'] }, age: { label: '年龄', transform: ['age'] } },
    orders: {
      table: '#orderTable',
      rows: 'tbody tr',
      headerRow: 'thead tr',
      defaultKind: 'drug',
      fields: {
        code: { column: '医保编码' },
        name: { column: '药品名称' },
        days: { column: '天数', transform: ['days'] },
        quantity: { column: '总量', transform: ['number'] },
      },
    },
    submit: { controls: ['#btnSubmit'] },
  };
}
