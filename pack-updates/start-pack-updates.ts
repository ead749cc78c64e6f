import { browser } from 'wxt/browser';
import { loadDeployment, watchDeployment } from '../settings/deployment-store';
import { loadBuiltinPack } from './builtin-pack';
import { backgroundPackEngine } from './engine-link';
import { PackService } from './pack-service';
import { dexiePackStore } from './pack-store';
import { listenForPackRequests, type PackMessageEvent } from './request-listener';
import { PACK_UPDATE_ALARM, type AlarmsLike } from './schedule';
import { PACK_STATUS_KEY } from './status';
import { onStoreChangedHere } from './store-events';
import { isConfiguredSource, updateSourceOf } from './update-source';

declare global {
  /** The background's pack service, for the service-worker console and browser tests. */
  var preflightPacks: PackService | undefined;
}

const logError = (message: string, error?: unknown): void => console.error(`[preflight] ${message}`, error);

/**
 * Starts the rule-pack service in the background, after startEngineBackground(). Listeners are
 * registered before anything is awaited: an alarm or a message is what wakes the service worker,
 * and it is delivered only to listeners that exist in the first turn.
 */
export function startPackUpdates(): PackService {
  const local = browser.storage.local;
  const readDeployment = async () => (await loadDeployment()).value;
  const service = new PackService({
    store: dexiePackStore(),
    engine: backgroundPackEngine(),
    fetch: (url, init) => fetch(url, init),
    now: () => new Date(),
    readDeployment,
    loadBuiltin: loadBuiltinPack,
    alarms: browser.alarms as unknown as AlarmsLike,
    publish: (status) => local.set({ [PACK_STATUS_KEY]: status }),
    hasPublished: async () => PACK_STATUS_KEY in (await local.get(PACK_STATUS_KEY)),
    onError: logError,
    log: (message) => console.warn(`[preflight] ${message}`),
  });

  listenForPackRequests(
    browser.runtime.onMessage as unknown as PackMessageEvent,
    {
      status: () => service.status(),
      checkNow: () => service.checkNow(),
      install: (envelope) => service.install(envelope),
      acceptance: async () => {
        const source = updateSourceOf(await readDeployment());
        return {
          trustedKeys: [...source.trustedKeys],
          ...(source.expectedPackId !== undefined ? { expectedPackId: source.expectedPackId } : {}),
          configured: isConfiguredSource(source),
        };
      },
    },
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/'), onError: (error) => logError('pack request failed', error) },
  );
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PACK_UPDATE_ALARM) void service.checkNow();
  });
  watchDeployment((deployment) => void service.deploymentChanged(deployment.value).catch((error: unknown) => logError('cannot apply the deployment change', error)));
  onStoreChangedHere(() => void service.status());

  globalThis.preflightPacks = service;
  service.start().catch((error: unknown) => logError('cannot start pack updates', error));
  return service;
}
