import {
  deploymentProfiles,
  mergeDeployment,
  parseDeployment,
  type Deployment,
  type EffectiveDeployment,
} from '../settings/deployment';
import { LOCAL_DEPLOYMENT_KEY, readLocalDeployment, readManaged, type ManagedArea } from '../settings/deployment-store';
import { localArea, type SettingsArea } from '../settings/store';
import { SiteProfileSchema, type SiteProfile } from './profile-schema';
import { BUILT_IN_PROFILES } from './profiles';

/**
 * The site profiles that actually run: the built-in ones, the hospital's (managed storage) and
 * the options page's own (local storage, unless policy forbids them). Each configured profile is
 * validated on its own, so one broken profile is reported and skipped while the others run.
 *
 * Where two sources define the same id, managed beats local beats built-in: a hospital can
 * replace a shipped profile, and a doctor's copy cannot shadow the hospital's.
 */

export type ProfileSource = 'managed' | 'local' | 'built-in';

/** Precedence, strongest first; also the order in which profiles are tried on a page. */
export const PROFILE_SOURCES: readonly ProfileSource[] = ['managed', 'local', 'built-in'];

export interface ProfileIssue {
  readonly source: ProfileSource;
  /** Position in the source's list; undefined when the list itself could not be read. */
  readonly index?: number;
  /** The profile's id when it has a readable one. */
  readonly id?: string;
  /** Zod path inside the profile ("orders.fields.code"), "" for the profile as a whole. */
  readonly path: string;
  readonly message: string;
}

export interface RuntimeProfile {
  readonly profile: SiteProfile;
  readonly source: ProfileSource;
  /** Sources whose profile with the same id this one hides. */
  readonly replaces: readonly ProfileSource[];
}

export interface RuntimeProfiles {
  /** In the order pages try them: managed, then local, then built-in. */
  readonly entries: readonly RuntimeProfile[];
  readonly issues: readonly ProfileIssue[];
  /** Whether local profiles are allowed (policy.allowLocalProfiles is not false). */
  readonly localAllowed: boolean;
}

export interface ProfileSources {
  readonly builtIn?: readonly SiteProfile[];
  readonly managed?: readonly unknown[];
  readonly local?: readonly unknown[];
  readonly localAllowed?: boolean;
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The id of a profile that may not validate, when it has a readable one. */
export function idOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export type ProfileCheck = { ok: true; profile: SiteProfile } | { ok: false; issues: Array<Pick<ProfileIssue, 'path' | 'message'>> };

/** One profile against SiteProfileSchema; never throws. */
export function checkProfile(raw: unknown): ProfileCheck {
  const parsed = SiteProfileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, profile: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message })) };
}

/** Validates a source's list one profile at a time; the first profile of an id wins inside a source. */
export function validateProfiles(raw: readonly unknown[], source: ProfileSource): { profiles: SiteProfile[]; issues: ProfileIssue[] } {
  const profiles: SiteProfile[] = [];
  const issues: ProfileIssue[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const checked = checkProfile(item);
    const id = idOf(item);
    if (!checked.ok) {
      for (const issue of checked.issues) issues.push({ source, index, ...(id ? { id } : {}), ...issue });
      return;
    }
    if (seen.has(checked.profile.id)) {
      issues.push({ source, index, id: checked.profile.id, path: 'id', message: `duplicate id "${checked.profile.id}": only the first one is used` });
      return;
    }
    seen.add(checked.profile.id);
    profiles.push(checked.profile);
  });
  return { profiles, issues };
}

/** Built-in + managed + local, validated and de-duplicated by precedence. */
export function mergeProfiles(sources: ProfileSources): RuntimeProfiles {
  const localAllowed = sources.localAllowed ?? true;
  const bySource: Record<ProfileSource, SiteProfile[]> = { managed: [], local: [], 'built-in': [...(sources.builtIn ?? BUILT_IN_PROFILES)] };
  const issues: ProfileIssue[] = [];
  for (const source of ['managed', 'local'] as const) {
    if (source === 'local' && !localAllowed) continue;
    const checked = validateProfiles(sources[source] ?? [], source);
    bySource[source] = checked.profiles;
    issues.push(...checked.issues);
  }
  const winner = new Map<string, ProfileSource>();
  for (const source of PROFILE_SOURCES) {
    for (const profile of bySource[source]) if (!winner.has(profile.id)) winner.set(profile.id, source);
  }
  const entries: RuntimeProfile[] = [];
  for (const source of PROFILE_SOURCES) {
    for (const profile of bySource[source]) {
      if (winner.get(profile.id) !== source) continue;
      const replaces = PROFILE_SOURCES.filter((other) => other !== source && bySource[other].some((p) => p.id === profile.id));
      entries.push({ profile, source, replaces });
    }
  }
  return { entries, issues, localAllowed };
}

/** Whether this deployment lets the options page add profiles. */
export function localProfilesAllowed(deployment: Deployment): boolean {
  return deployment.policy?.allowLocalProfiles !== false;
}

/** The runtime profiles from the two deployment layers (each carries its own siteProfiles). */
export function profilesFromDeployments(local: Deployment, managed: Deployment, builtIn: readonly SiteProfile[] = BUILT_IN_PROFILES): RuntimeProfiles {
  const effective = mergeDeployment(local, managed).value;
  const fromManaged = deploymentProfiles(managed);
  const fromLocal = deploymentProfiles(local);
  const localAllowed = localProfilesAllowed(effective);
  const merged = mergeProfiles({ builtIn, managed: fromManaged.profiles, local: fromLocal.profiles, localAllowed });
  const listErrors: ProfileIssue[] = [];
  if (fromManaged.error) listErrors.push({ source: 'managed', path: '', message: fromManaged.error });
  if (fromLocal.error && localAllowed) listErrors.push({ source: 'local', path: '', message: fromLocal.error });
  return { ...merged, issues: [...listErrors, ...merged.issues] };
}

export interface RuntimeContext {
  readonly deployment: EffectiveDeployment;
  readonly profiles: RuntimeProfiles;
}

/**
 * Reads both layers once. The effective deployment alone would not do: managed siteProfiles
 * replace local ones field-wise there, while profiles from the two layers add up.
 */
export async function loadRuntimeContext(
  local: SettingsArea = localArea(),
  managed?: ManagedArea,
): Promise<RuntimeContext> {
  const [l, m] = await Promise.all([readLocalDeployment(local), readManaged(managed)]);
  return { deployment: mergeDeployment(l, m), profiles: profilesFromDeployments(l, m) };
}

export async function loadRuntimeProfiles(local: SettingsArea = localArea(), managed?: ManagedArea): Promise<RuntimeProfiles> {
  return (await loadRuntimeContext(local, managed)).profiles;
}

export function activeProfiles(profiles: RuntimeProfiles): SiteProfile[] {
  return profiles.entries.map((entry) => entry.profile);
}

// --- editing the local profiles ------------------------------------------------------------------

export class LocalProfilesDisabledError extends Error {
  constructor() {
    super('hospital policy does not allow local site profiles (policy.allowLocalProfiles = false)');
  }
}

export class LocalProfilesUnreadableError extends Error {
  constructor(detail: string) {
    super(`the stored local site profiles cannot be read, fix or clear them first: ${detail}`);
  }
}

export class TooManyProfilesError extends Error {
  constructor(count: number) {
    super(`${count} site profiles do not fit the deployment configuration (at most 100)`);
  }
}

/** The local list as stored (raw: invalid entries stay, so they can be shown and fixed). */
export async function readLocalProfileList(area: SettingsArea = localArea()): Promise<unknown[]> {
  const listed = deploymentProfiles(await readLocalDeployment(area));
  if (listed.error) throw new LocalProfilesUnreadableError(listed.error);
  return listed.profiles;
}

/**
 * Replaces the local list. It is written into the local deployment directly rather than through
 * saveLocalDeployment: a managed siteProfiles does not lock the local one, because the two add
 * up; what locks local profiles is policy.allowLocalProfiles.
 */
export async function saveLocalProfileList(
  profiles: readonly unknown[],
  area: SettingsArea = localArea(),
  managed?: ManagedArea,
): Promise<RuntimeProfiles> {
  const [local, pinned] = await Promise.all([readLocalDeployment(area), readManaged(managed)]);
  if (!localProfilesAllowed(mergeDeployment(local, pinned).value)) throw new LocalProfilesDisabledError();
  const next = parseDeployment({ ...local, siteProfiles: [...profiles] });
  // The deployment schema drops a list it cannot hold rather than failing: that would erase them all.
  if (profiles.length > 0 && next.siteProfiles === undefined) throw new TooManyProfilesError(profiles.length);
  await area.set({ [LOCAL_DEPLOYMENT_KEY]: next });
  return profilesFromDeployments(next, pinned);
}

/**
 * Adds a local profile, or replaces the local one with the same id (the field picker and the
 * options tab save through this). Throws when the profile is invalid or policy forbids local profiles.
 */
export async function saveLocalProfile(
  profile: SiteProfile,
  area: SettingsArea = localArea(),
  managed?: ManagedArea,
): Promise<RuntimeProfiles> {
  const valid = SiteProfileSchema.parse(profile);
  const list = await readLocalProfileList(area);
  const at = list.findIndex((raw) => idOf(raw) === valid.id);
  const next = at === -1 ? [...list, valid] : list.map((raw, i) => (i === at ? valid : raw));
  return saveLocalProfileList(next, area, managed);
}

/** Removes every local entry with this id (valid or not). */
export async function deleteLocalProfile(id: string, area: SettingsArea = localArea(), managed?: ManagedArea): Promise<RuntimeProfiles> {
  const list = await readLocalProfileList(area);
  return saveLocalProfileList(
    list.filter((raw) => idOf(raw) !== id),
    area,
    managed,
  );
}
