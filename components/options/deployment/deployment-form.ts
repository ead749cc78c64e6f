import type { z } from 'zod';
import type { FieldError } from '../../../rules/pack/load';
import type { TrustedKeyInput } from '../../../rules/pack/signature';
import { DeploymentSchema, type Deployment, type DeploymentField, type DeploymentPolicy, type EffectiveDeployment } from '../../../settings/deployment';

/**
 * The deployment form as text the 医保办 is typing, and the way back to a deployment patch.
 * Stored values are read leniently (settings/deployment.ts: a bad field falls back on its own),
 * but what is typed here is checked strictly against the same field schemas, so a mistyped URL
 * is reported at its field instead of being silently dropped on save.
 */

/** The fields this form edits; `siteProfiles` belongs to the profile editor and is left alone. */
export const FORM_FIELDS = [
  'hospitalName',
  'institutionLevel',
  'packUpdateUrl',
  'packUpdateIntervalMinutes',
  'expectedPackId',
  'trustedKeys',
  'hubUrl',
  'hubToken',
] as const satisfies readonly DeploymentField[];
export type FormField = (typeof FORM_FIELDS)[number];

export const POLICY_TOGGLES = ['silent', 'warningBlocksSubmit', 'allowLocalProfiles'] as const satisfies readonly (keyof DeploymentPolicy)[];
export type PolicyToggle = (typeof POLICY_TOGGLES)[number];

/** '' leaves the toggle unset, so the doctor's own setting (or the built-in default) applies. */
export type TriState = '' | 'on' | 'off';

export interface DeploymentDraft {
  hospitalName: string;
  institutionLevel: string;
  packUpdateUrl: string;
  packUpdateIntervalMinutes: string;
  expectedPackId: string;
  trustedKeys: TrustedKeyInput[];
  hubUrl: string;
  /** A replacement token; '' keeps the stored one, which is never copied into a form field. */
  hubToken: string;
  clearHubToken: boolean;
  policy: Record<PolicyToggle, TriState>;
}

const triState = (value: boolean | undefined): TriState => (value === undefined ? '' : value ? 'on' : 'off');

export function draftOf(value: Deployment): DeploymentDraft {
  return {
    hospitalName: value.hospitalName ?? '',
    institutionLevel: value.institutionLevel === undefined ? '' : String(value.institutionLevel),
    packUpdateUrl: value.packUpdateUrl ?? '',
    packUpdateIntervalMinutes: value.packUpdateIntervalMinutes === undefined ? '' : String(value.packUpdateIntervalMinutes),
    expectedPackId: value.expectedPackId ?? '',
    trustedKeys: [...(value.trustedKeys ?? [])],
    hubUrl: value.hubUrl ?? '',
    hubToken: '',
    clearHubToken: false,
    policy: {
      silent: triState(value.policy?.silent),
      warningBlocksSubmit: triState(value.policy?.warningBlocksSubmit),
      allowLocalProfiles: triState(value.policy?.allowLocalProfiles),
    },
  };
}

/** The field's schema without its lenient `.catch` and `.optional`: what a typed value must satisfy. */
function strictSchemaOf(field: FormField): z.ZodType {
  return DeploymentSchema.shape[field].unwrap().unwrap() as z.ZodType;
}

/** A number typed as text; anything else stays text so the schema reports it. */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

/** The typed value as the schema sees it; `undefined` means the field is empty and is cleared. */
function rawValueOf(draft: DeploymentDraft, field: FormField): unknown {
  switch (field) {
    case 'institutionLevel':
    case 'packUpdateIntervalMinutes': {
      const text = draft[field].trim();
      return text === '' ? undefined : numberOrText(text);
    }
    case 'trustedKeys':
      return draft.trustedKeys.length === 0 ? undefined : draft.trustedKeys;
    case 'hubToken':
      return draft.hubToken.trim() === '' ? undefined : draft.hubToken;
    default: {
      const text = draft[field].trim();
      return text === '' ? undefined : text;
    }
  }
}

export type PatchResult = { ok: true; patch: Partial<Deployment> } | { ok: false; errors: FieldError[] };

/** Checks one field as typed; the paths are the deployment's own (`packUpdateUrl`, `trustedKeys[0]`). */
export function validateField(draft: DeploymentDraft, field: FormField): FieldError[] {
  const raw = rawValueOf(draft, field);
  if (raw === undefined) return [];
  const parsed = strictSchemaOf(field).safeParse(raw);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: [field, ...issue.path].reduce<string>((at, part) => (typeof part === 'number' ? `${at}[${part}]` : at ? `${at}.${String(part)}` : String(part)), ''),
    message: issue.message,
  }));
}

/**
 * The patch for saveLocalDeployment: every unlocked field of the form (an empty one clears it),
 * or the field errors when anything typed does not validate — then nothing is to be saved.
 * `policy` is written whole by the store, so the local toggles this form does not show
 * (kindModes, language) are carried over; toggles pinned by policy are left out, as the store
 * refuses to save over them.
 */
export function buildPatch(draft: DeploymentDraft, current: EffectiveDeployment): PatchResult {
  const errors: FieldError[] = [];
  const patch: Partial<Deployment> = {};
  const target = patch as Record<FormField, unknown>;
  for (const field of FORM_FIELDS) {
    if (current.locked.has(field)) continue;
    if (field === 'hubToken' && draft.clearHubToken) {
      target.hubToken = undefined;
      continue;
    }
    if (field === 'hubToken' && draft.hubToken.trim() === '') continue;
    const fieldErrors = validateField(draft, field);
    if (fieldErrors.length > 0) {
      errors.push(...fieldErrors);
      continue;
    }
    const raw = rawValueOf(draft, field);
    target[field] = raw === undefined ? undefined : strictSchemaOf(field).parse(raw);
  }
  if (errors.length > 0) return { ok: false, errors };

  const policy: DeploymentPolicy = { ...current.value.policy };
  for (const key of current.lockedPolicy) delete policy[key];
  for (const toggle of POLICY_TOGGLES) {
    if (current.lockedPolicy.has(toggle)) continue;
    const state = draft.policy[toggle];
    if (state === '') delete policy[toggle];
    else policy[toggle] = state === 'on';
  }
  patch.policy = Object.keys(policy).length > 0 ? policy : undefined;
  return { ok: true, patch };
}

/** `pfh_<id>_<secret>` → `pfh_<id>_••••••`: enough to tell tokens apart, never the secret. */
export function maskToken(token: string): string {
  const cut = token.lastIndexOf('_');
  const visible = cut > 4 ? token.slice(0, cut + 1) : token.slice(0, Math.min(4, token.length));
  return `${visible}••••••`;
}
