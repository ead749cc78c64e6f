import { browser } from 'wxt/browser';
import { watchDeployment } from '../settings/deployment-store';
import { createSyncQueue, manifestScript, syncProfileScripts, type ScriptingApi } from './profile-registration';
import { activeProfiles, loadRuntimeProfiles } from './runtime-profiles';

/**
 * The background's half of runtime site profiles: register their pages at every service-worker
 * start (the registration persists, but the extension may have been updated meanwhile) and again
 * whenever the local or managed deployment changes. Returns the unsubscribe.
 */
export function startProfileRegistration(): () => void {
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  const manifest = manifestScript(browser.runtime.getManifest() as Parameters<typeof manifestScript>[0]);
  if (!scripting || !manifest) {
    console.warn('[preflight] no scripting API or manifest content script: runtime site profiles will not run');
    return () => undefined;
  }
  const sync = createSyncQueue(async () => {
    const profiles = await loadRuntimeProfiles();
    const outcome = await syncProfileScripts(activeProfiles(profiles), { scripting, manifest });
    for (const issue of profiles.issues) console.warn(`[preflight] ${issue.source} site profile ${issue.id ?? `#${issue.index ?? ''}`}: ${issue.path} ${issue.message}`);
    return outcome;
  });
  void sync();
  return watchDeployment(() => void sync());
}
