import { SiteProfileSchema, WRITABLE_FIELDS, type FieldLocator, type SiteProfile, type SiteProfileInput, type Transform, type WritableField } from '../profile-schema';
import { ENUM_WORDS, type PickField } from './fields';

/**
 * The profile being built: plain JSON in the shape of SiteProfileInput with any part still missing.
 * Every change returns a new draft (the panel renders from it and "undo" is just the old value).
 */

type DeepPartial<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { -readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

export type DraftProfile = DeepPartial<SiteProfileInput> & { profileVersion: 1; id: string; name: string };

export interface PageIdentity {
  readonly href: string;
  readonly title: string;
  readonly inFrame: boolean;
}

/** "http://127.0.0.1:5173/his/rx.html" → "127-0-0-1-rx": lower-case letters, digits and hyphens. */
export function defaultProfileId(url: URL): string {
  const file = url.pathname.split('/').filter(Boolean).pop()?.replace(/\.[a-z0-9]+$/i, '') ?? '';
  const raw = `${url.hostname}-${file || 'page'}`.toLowerCase();
  const id = raw.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return /^[a-z0-9]/.test(id) ? id : `site-${id}`;
}

/**
 * The page's origin as a match pattern plus its path as a glob. The port stays in the pattern: two
 * systems on one host are usually told apart by it.
 */
export function defaultMatch(url: URL): { urls: string[]; paths: string[] } {
  return { urls: [`${url.protocol}//${url.host}/*`], paths: [url.pathname || '/'] };
}

export function newDraft(page: PageIdentity): DraftProfile {
  const url = new URL(page.href);
  return {
    profileVersion: 1,
    id: defaultProfileId(url),
    name: page.title.trim().slice(0, 80) || url.host,
    match: defaultMatch(url),
    frames: page.inFrame,
    patient: {},
    encounter: {},
  };
}

/** A saved profile as a draft to repair (defaults kept as they are). */
export function draftFrom(profile: SiteProfile | SiteProfileInput): DraftProfile {
  return structuredClone(profile) as DraftProfile;
}

// --- reading and writing by path ------------------------------------------------------------------

type Json = Record<string, unknown>;

export function getAt(draft: DraftProfile, path: readonly string[]): unknown {
  let node: unknown = draft;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** A copy of `draft` with `value` at `path` (undefined removes it; emptied parents stay). */
export function setAt(draft: DraftProfile, path: readonly string[], value: unknown): DraftProfile {
  const next = structuredClone(draft) as Json;
  let node = next;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
    node = node[key] as Json;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return next as DraftProfile;
}

/** The locator stored for a field (for the table: its selector string). */
export function fieldLocator(draft: DraftProfile, field: PickField): FieldLocator | undefined {
  const value = getAt(draft, field.path);
  if (field.kind === 'table' || field.kind === 'submit') return undefined;
  return value && typeof value === 'object' ? (value as FieldLocator) : undefined;
}

export function isAssigned(draft: DraftProfile, field: PickField): boolean {
  const value = getAt(draft, field.path);
  if (field.kind === 'submit') return Array.isArray(value) && value.length > 0;
  if (field.kind === 'table') return typeof value === 'string' && typeof getAt(draft, ['orders', 'rows']) === 'string';
  return value !== undefined && value !== null;
}

/**
 * The transforms a new locator for `field` carries: the ones the field had (a repaired field keeps
 * its maps), else the field's defaults, else for 医保类型/就诊类型 the usual wordings.
 */
export function transformsFor(draft: DraftProfile, field: PickField, extra: readonly Transform[] = []): Transform[] | undefined {
  const previous = getAt(draft, field.path);
  if (previous && typeof previous === 'object' && 'transform' in previous) {
    const kept = (previous as { transform?: Transform[] }).transform;
    if (kept && kept.length > 0) return structuredClone(kept);
  }
  if (field.mapped) return [{ map: { ...ENUM_WORDS[field.mapped] } }];
  const chain = [...extra, ...(field.transform ?? [])];
  return chain.length > 0 ? chain : undefined;
}

/** Adds one wording → contract value pair to a mapped field's `map` transform. */
export function addMapEntry(draft: DraftProfile, field: PickField, wording: string, value: string): DraftProfile {
  const locator = getAt(draft, field.path) as { transform?: Transform[] } | undefined;
  if (!locator || typeof locator !== 'object') return draft;
  const chain = structuredClone(locator.transform ?? []);
  const mapStep = chain.find((t): t is Extract<Transform, { map: unknown }> => typeof t === 'object');
  if (mapStep) mapStep.map[wording] = value;
  else chain.push({ map: { [wording]: value } });
  return setAt(draft, [...field.path, 'transform'], chain);
}

/** The write-back field a line field is, if one-click fixes may write it ("lines.days" → days). */
export function writableField(field: PickField): WritableField | undefined {
  return WRITABLE_FIELDS.find((name) => field.id === `lines.${name}`);
}

/** Turns one-click write-back for a line field on or off (it needs an editable control on the page). */
export function withWriteBack(draft: DraftProfile, name: WritableField, on: boolean): DraftProfile {
  const current = ((getAt(draft, ['writeBack']) as WritableField[] | undefined) ?? []).filter((w) => w !== name);
  const next = on ? WRITABLE_FIELDS.filter((w) => w === name || current.includes(w)) : current;
  return setAt(draft, ['writeBack'], next.length > 0 ? next : undefined);
}

// --- validation -----------------------------------------------------------------------------------

export interface DraftIssue {
  /** "orders.fields.days" — the zod path, as the profile JSON spells it. */
  readonly path: string;
  readonly message: string;
}

export type DraftCheck = { readonly ok: true; readonly profile: SiteProfile } | { readonly ok: false; readonly issues: DraftIssue[] };

export function checkDraft(draft: DraftProfile): DraftCheck {
  const parsed = SiteProfileSchema.safeParse(draft);
  if (parsed.success) return { ok: true, profile: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  };
}
