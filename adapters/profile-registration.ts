import { globMatch, parseMatchPattern, type MatchPattern } from './match';
import type { SiteProfile } from './profile-schema';

/**
 * Runs the content script on the pages of site profiles added at runtime (options page, managed
 * policy). The manifest only names the built-in profiles' URLs, so the background registers one
 * dynamic content script — the manifest's own files, with its frame and timing settings — for
 * every other URL pattern, and keeps it in step with the deployment.
 *
 * It lives beside the profiles rather than in workers/ (the engine's) because all it decides is
 * which URLs the profiles reach; the browser API comes in as a narrow, fakeable interface.
 */

export const RUNTIME_SCRIPT_ID = 'preflight-site-profiles';

/** The part of a registered content script this module sets (and compares). */
export interface ProfileScript {
  id: string;
  matches: string[];
  js: string[];
  css?: string[];
  allFrames: boolean;
  runAt: 'document_start' | 'document_end' | 'document_idle';
  persistAcrossSessions: boolean;
}

/** What comes back from getRegisteredContentScripts (browsers fill in optional members). */
export type RegisteredScript = Partial<ProfileScript> & { id: string };

/** The slice of `browser.scripting` used here. */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: ProfileScript[]): Promise<void>;
  updateContentScripts(scripts: ProfileScript[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

/** The manifest's content script: its files, and the URLs it already reaches. */
export interface ManifestScript {
  matches: string[];
  js: string[];
  css: string[];
}

interface ManifestLike {
  content_scripts?: Array<{ matches?: string[]; js?: string[]; css?: string[] }>;
}

export function manifestScript(manifest: ManifestLike): ManifestScript | undefined {
  const entry = manifest.content_scripts?.find((script) => (script.js?.length ?? 0) > 0);
  if (!entry) return undefined;
  return { matches: [...(entry.matches ?? [])], js: [...(entry.js ?? [])], css: [...(entry.css ?? [])] };
}

function schemeCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  return outer === '*' && (inner === 'http' || inner === 'https');
}

function hostCovers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  if (!outer.startsWith('*.')) return false;
  const base = outer.slice(2);
  const innerBase = inner.startsWith('*.') ? inner.slice(2) : inner;
  return innerBase === base || innerBase.endsWith(`.${base}`);
}

/**
 * Whether `outer`'s path glob matches every path `inner`'s does. Matching inner's glob as literal
 * text is sound when only "*" is a wildcard: an inner "*" can only be eaten by an outer "*",
 * which then eats whatever the inner one stands for. "?" breaks that, so it needs equality.
 */
function pathCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.includes('?') || inner.includes('?')) return false;
  return globMatch(outer, inner);
}

function covers(outer: MatchPattern, inner: MatchPattern): boolean {
  return (
    schemeCovers(outer.scheme, inner.scheme) &&
    hostCovers(outer.host, inner.host) &&
    (outer.port === undefined || outer.port === inner.port) &&
    pathCovers(outer.path, inner.path)
  );
}

/** Whether every URL `inner` matches is matched by `outer` too (false when either does not parse). */
export function patternCovers(outer: string, inner: string): boolean {
  const o = parseMatchPattern(outer);
  const i = parseMatchPattern(inner);
  return o.ok && i.ok && covers(o.value, i.value);
}

/** The profiles' URL patterns that the manifest does not reach, sorted and without repeats. */
export function uncoveredPatterns(profiles: readonly Pick<SiteProfile, 'match'>[], covered: readonly string[]): string[] {
  const wanted = new Set<string>();
  for (const profile of profiles) {
    for (const pattern of profile.match.urls) {
      if (!parseMatchPattern(pattern).ok) continue;
      if (!covered.some((outer) => patternCovers(outer, pattern))) wanted.add(pattern);
    }
  }
  return [...wanted].sort();
}

/** The dynamic script for these patterns: the manifest's files, every frame, before the page's scripts. */
export function desiredScript(matches: readonly string[], files: ManifestScript): ProfileScript | undefined {
  if (matches.length === 0) return undefined;
  return {
    id: RUNTIME_SCRIPT_ID,
    matches: [...matches],
    js: [...files.js],
    ...(files.css.length > 0 ? { css: [...files.css] } : {}),
    allFrames: true,
    // The submit guard's capture listeners must precede the page's own (see submit-guard.ts).
    runAt: 'document_start',
    persistAcrossSessions: true,
  };
}

export type RegistrationPlan =
  | { kind: 'keep' }
  | { kind: 'register'; script: ProfileScript }
  | { kind: 'update'; script: ProfileScript }
  | { kind: 'unregister' };

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function sameScript(current: RegisteredScript, desired: ProfileScript): boolean {
  return (
    sameList(current.matches, desired.matches) &&
    sameList(current.js, desired.js) &&
    sameList(current.css, desired.css) &&
    current.allFrames === desired.allFrames &&
    current.runAt === desired.runAt &&
    // Browsers that omit it default to true.
    (current.persistAcrossSessions ?? true) === desired.persistAcrossSessions
  );
}

/** What to do to get from the registered script (if any) to the desired one (if any). */
export function planRegistration(current: RegisteredScript | undefined, desired: ProfileScript | undefined): RegistrationPlan {
  if (!desired) return current ? { kind: 'unregister' } : { kind: 'keep' };
  if (!current) return { kind: 'register', script: desired };
  return sameScript(current, desired) ? { kind: 'keep' } : { kind: 'update', script: desired };
}

export interface SyncDeps {
  scripting: ScriptingApi;
  manifest: ManifestScript;
  log?: (message: string, error?: unknown) => void;
}

export type SyncOutcome = { ok: true; plan: RegistrationPlan['kind']; matches: string[] } | { ok: false; error: string };

/**
 * Brings the dynamic registration in line with `profiles`. Never throws: on failure the browser
 * keeps whatever was registered before (its register/update calls are all-or-nothing).
 */
export async function syncProfileScripts(profiles: readonly Pick<SiteProfile, 'match'>[], deps: SyncDeps): Promise<SyncOutcome> {
  const log = deps.log ?? ((message: string, error?: unknown) => console.warn(`[preflight] ${message}`, error ?? ''));
  try {
    const matches = uncoveredPatterns(profiles, deps.manifest.matches);
    const desired = desiredScript(matches, deps.manifest);
    const [current] = await deps.scripting.getRegisteredContentScripts({ ids: [RUNTIME_SCRIPT_ID] });
    const plan = planRegistration(current, desired);
    if (plan.kind === 'register') await deps.scripting.registerContentScripts([plan.script]);
    else if (plan.kind === 'update') await deps.scripting.updateContentScripts([plan.script]);
    else if (plan.kind === 'unregister') await deps.scripting.unregisterContentScripts({ ids: [RUNTIME_SCRIPT_ID] });
    return { ok: true, plan: plan.kind, matches };
  } catch (error) {
    log('site profile registration failed; the previous registration stays', error);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs syncs one after another, each on the newest profiles: deployment changes arrive in bursts,
 * and two overlapping registerContentScripts calls would collide on the script id.
 */
export function createSyncQueue(sync: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      await sync().catch(() => undefined);
    } while (again);
    running = undefined;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = run();
    return running;
  };
}
