import {
  loadRuntimeProfiles,
  readLocalProfileList,
  saveLocalProfileList,
  type RuntimeProfiles,
} from '../../../adapters/runtime-profiles';
import { watchDeployment, type ManagedArea } from '../../../settings/deployment-store';
import { localArea, type SettingsArea } from '../../../settings/store';
import { launchPicker, pickerTargets } from '../../../adapters/authoring/launch';
import type { PickerServices } from './PickerLauncher';

/** What the 站点配置 tab shows: the profiles that run, and the local list as stored (broken entries too). */
export interface ProfilesSnapshot {
  runtime: RuntimeProfiles;
  /** The stored local entries, each as written; undefined when the stored value cannot be read. */
  local: unknown[] | undefined;
  /** Why `local` could not be read (a JSON text that does not parse). */
  localError?: string;
}

/** Where the tab reads and writes: the browser's storage, or test doubles. */
export interface ProfileServices {
  load(): Promise<ProfilesSnapshot>;
  /** Replaces the local list; throws LocalProfilesDisabledError when policy forbids local profiles. */
  saveLocal(list: readonly unknown[]): Promise<void>;
  /** Changes from elsewhere (policy pushed by IT, the field picker); returns the unsubscribe. */
  watch?(onChange: () => void): () => void;
  /** The field picker on an open page; absent where no browser tabs exist (tests). */
  picker?: PickerServices;
}

export function profileServicesOver(local: SettingsArea, managed: ManagedArea | undefined): ProfileServices {
  return {
    async load() {
      const runtime = await loadRuntimeProfiles(local, managed);
      try {
        return { runtime, local: await readLocalProfileList(local) };
      } catch (error) {
        return { runtime, local: undefined, localError: error instanceof Error ? error.message : String(error) };
      }
    },
    async saveLocal(list) {
      await saveLocalProfileList(list, local, managed);
    },
  };
}

export function browserProfileServices(): ProfileServices {
  return {
    ...profileServicesOver(localArea(), undefined),
    watch: (onChange) => watchDeployment(() => onChange()),
    picker: {
      targets: pickerTargets,
      launch: async (tabId, profileId) => {
        const outcome = await launchPicker(tabId, profileId ? { profileId } : {});
        return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
      },
    },
  };
}
