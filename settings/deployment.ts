import { z } from 'zod';
import { InstitutionLevelSchema } from '../contract/order';
import { TrustedKeyInputSchema } from '../rules/pack/signature';
import { KindModeSchema, UiLanguageSchema } from './schema';
import { KindSchema } from '../contract/findings';

/**
 * How this workstation is deployed: which hospital it is, where rule packs and the hub live, which
 * keys sign packs, which EMR pages it reads. Hospital IT sets these through the browser's managed
 * storage (public/managed_schema.json); the options page may set the same fields locally, and a
 * managed value always wins and shows as locked.
 *
 * Each field falls back on its own (`.catch`), so one bad policy value disables that field only —
 * never the whole configuration.
 */

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'expected an http(s) URL');

/** Minutes between pack update checks; chrome.alarms fires at most every 30 s, hospitals need far less. */
export const DEFAULT_UPDATE_INTERVAL_MINUTES = 30;

/** Policy toggles a hospital may pin for every doctor (the same meaning as settings/schema.ts). */
export const DeploymentPolicySchema = z.object({
  silent: z.boolean().optional().catch(undefined),
  warningBlocksSubmit: z.boolean().optional().catch(undefined),
  kindModes: z.partialRecord(KindSchema, KindModeSchema).optional().catch(undefined),
  language: UiLanguageSchema.optional().catch(undefined),
  /** false: doctors and the options page cannot add their own site profiles. */
  allowLocalProfiles: z.boolean().optional().catch(undefined),
});

export const DeploymentSchema = z.object({
  hospitalName: z.string().trim().min(1).max(100).optional().catch(undefined),
  /** 医疗机构等级 1/2/3: fills the order's institutionLevel when the EMR page does not show it. */
  institutionLevel: InstitutionLevelSchema.optional().catch(undefined),
  /** Where the signed pack is polled (any static HTTP server, or the hub's /api/v1/packs/latest). */
  packUpdateUrl: HttpUrl.optional().catch(undefined),
  packUpdateIntervalMinutes: z.number().int().min(5).max(1440).optional().catch(undefined),
  /** Public keys a pack must be signed with; none configured → only the built-in pack runs. */
  trustedKeys: z.array(TrustedKeyInputSchema).max(20).optional().catch(undefined),
  /** When set, packs with another id are refused (closes replaying an old pack under a new id). */
  expectedPackId: z.string().min(1).max(100).optional().catch(undefined),
  hubUrl: HttpUrl.optional().catch(undefined),
  /** A workstation token (`pfh_<id>_<secret>`) from the hub. */
  hubToken: z
    .string()
    .trim()
    .regex(/^pfh_[A-Za-z0-9_-]{4,200}$/, 'expected a hub token pfh_…')
    .optional()
    .catch(undefined),
  /**
   * Site profiles (adapters/profile-schema.ts), as an array or as its JSON text — the Windows
   * registry and most policy tools carry nested objects as strings. Validated one by one where
   * used, so one broken profile does not take the others down.
   */
  siteProfiles: z
    .union([z.array(z.unknown()).max(100), z.string().max(1_000_000)])
    .optional()
    .catch(undefined),
  policy: DeploymentPolicySchema.optional().catch(undefined),
});

export type Deployment = z.infer<typeof DeploymentSchema>;
export type DeploymentField = keyof Deployment;
export const DEPLOYMENT_FIELDS = Object.keys(DeploymentSchema.shape) as DeploymentField[];

/** Reads any stored or policy value (nothing, garbage, an older shape) field by field. */
export function parseDeployment(raw: unknown): Deployment {
  const input = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const parsed = DeploymentSchema.parse(input);
  // Drop keys whose value fell back to undefined, so "present" means "set".
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as Deployment;
}

export interface EffectiveDeployment {
  /** Managed values over local ones, field by field. */
  value: Deployment;
  /** Fields set by policy: shown locked, not editable in the options page. */
  locked: ReadonlySet<DeploymentField>;
  /** Toggles inside `policy` set by policy (the rest of `policy` stays editable). */
  lockedPolicy: ReadonlySet<keyof DeploymentPolicy>;
}

export type DeploymentPolicy = z.infer<typeof DeploymentPolicySchema>;

/** Managed wins per field; `policy` merges per toggle, so IT can pin one toggle and leave the rest local. */
export function mergeDeployment(local: Deployment, managed: Deployment): EffectiveDeployment {
  const value: Deployment = { ...local, ...managed };
  if (local.policy || managed.policy) value.policy = { ...local.policy, ...managed.policy };
  const lockedPolicy = new Set(Object.entries(managed.policy ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k as keyof DeploymentPolicy));
  const locked = new Set((Object.keys(managed) as DeploymentField[]).filter((k) => k !== 'policy'));
  return { value, locked, lockedPolicy };
}

/** The site profiles a deployment carries, still unvalidated; a JSON string that does not parse gives an error. */
export function deploymentProfiles(deployment: Deployment): { profiles: unknown[]; error?: string } {
  const raw = deployment.siteProfiles;
  if (raw === undefined) return { profiles: [] };
  if (Array.isArray(raw)) return { profiles: raw };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return { profiles: parsed };
    if (typeof parsed === 'object' && parsed !== null) return { profiles: [parsed] };
    return { profiles: [], error: 'siteProfiles: expected a JSON array of site profiles' };
  } catch (e) {
    return { profiles: [], error: `siteProfiles: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}
