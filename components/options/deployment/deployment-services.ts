import type { Deployment, EffectiveDeployment } from '../../../settings/deployment';
import { loadDeployment, saveLocalDeployment, watchDeployment, type ManagedArea } from '../../../settings/deployment-store';
import type { SettingsArea } from '../../../settings/store';
import { createPackService, type PackService } from './pack-service';

/** Where the deployment tab reads and writes: the browser's storage areas, or test doubles. */
export interface DeploymentStorage {
  load(): Promise<EffectiveDeployment>;
  /** saveLocalDeployment: throws LockedFieldError on a field set by policy. */
  save(patch: Partial<Deployment>): Promise<EffectiveDeployment>;
  /** Changes from elsewhere (policy pushed by IT, another options tab); returns the unsubscribe. */
  watch?(onChange: (deployment: EffectiveDeployment) => void): () => void;
}

export interface DeploymentServices {
  storage: DeploymentStorage;
  packs: PackService;
}

/** The deployment store over explicit areas (tests, or a page that passes its own). */
export function deploymentStorageOver(local: SettingsArea, managed: ManagedArea | undefined): DeploymentStorage {
  return {
    load: () => loadDeployment(local, managed),
    save: (patch) => saveLocalDeployment(patch, local, managed),
  };
}

export function browserDeploymentServices(): DeploymentServices {
  return {
    storage: { load: () => loadDeployment(), save: (patch) => saveLocalDeployment(patch), watch: watchDeployment },
    packs: createPackService(),
  };
}
