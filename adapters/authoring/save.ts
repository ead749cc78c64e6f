import type { SiteProfile } from '../profile-schema';
import { LocalProfilesDisabledError, LocalProfilesUnreadableError, loadRuntimeProfiles, saveLocalProfile } from '../runtime-profiles';

/**
 * Saving from the page: the picker writes the local site profiles itself (storage is open to
 * content scripts); the background notices the change and registers the content script for the
 * profile's URLs (adapters/profile-registration-background.ts), so the next load is checked.
 */

export type SaveOutcome =
  | { readonly ok: true; readonly replaced: boolean; readonly note?: string }
  | { readonly ok: false; readonly error: string };

export async function saveProfile(profile: SiteProfile): Promise<SaveOutcome> {
  try {
    const before = await loadRuntimeProfiles();
    const existing = before.entries.find((e) => e.profile.id === profile.id);
    const saved = await saveLocalProfile(profile);
    const winner = saved.entries.find((e) => e.profile.id === profile.id);
    // A hospital profile with this id outranks a local one: saved, but it will not run.
    const note = winner?.source === 'managed' ? '医院策略下发了同名配置，本地保存的版本不会生效；请把配置 JSON 交给信息科更新策略。' : undefined;
    return { ok: true, replaced: existing !== undefined, ...(note ? { note } : {}) };
  } catch (error) {
    if (error instanceof LocalProfilesDisabledError) return { ok: false, error: '医院策略不允许在本机添加站点配置（allowLocalProfiles = false）' };
    if (error instanceof LocalProfilesUnreadableError) return { ok: false, error: '本机已存的站点配置无法读取，请先在选项页「站点配置」中修复或清除' };
    return { ok: false, error: `保存失败：${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A configured profile by id, for repair mode started with only an id. */
export async function findProfile(id: string): Promise<SiteProfile | undefined> {
  const profiles = await loadRuntimeProfiles();
  return profiles.entries.find((e) => e.profile.id === id)?.profile;
}
