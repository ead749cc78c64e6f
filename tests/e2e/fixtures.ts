import { test as base, type BrowserContext, type CDPSession, type Worker } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension } from '../../scripts/launch-extension';
import { startDemoServer, type DemoServer } from '../../scripts/serve-demo';
import { registerClosedShadowEngines, revealClosedShadowRoots } from '../../scripts/closed-shadow';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

declare global {
  /** Marks a service-worker instance, so a restarted one can be told apart. Test only. */
  var __e2eGeneration: number | undefined;
}

interface ExtensionFixtures {
  /** More Chromium switches for a test's browser (`test.use({ launchArgs: [...] })`). */
  launchArgs: readonly string[];
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it is now (it changes after a restart). */
  serviceWorker: () => Promise<Worker>;
  /**
   * Stops every service worker with CDP, as Chrome does with an idle one (never while Playwright
   * is attached), starts ours again and returns the new one.
   */
  restartServiceWorker: () => Promise<Worker>;
}

interface WorkerFixtures {
  /** The demo EMR pages (demo/emr), served on a free port for this worker's tests. */
  demo: DemoServer;
}

function isOurs(worker: Worker, extensionId?: string): boolean {
  const url = worker.url();
  return url.startsWith('chrome-extension://') && (!extensionId || url.startsWith(`chrome-extension://${extensionId}/`));
}

export const test = base.extend<ExtensionFixtures, WorkerFixtures>({
  demo: [
    async ({}, use) => {
      const server = await startDemoServer(0);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  launchArgs: [[], { option: true }],

  context: async ({ launchArgs }, use) => {
    // Same launch as the demo; Playwright's default viewport keeps the screenshots comparable.
    await registerClosedShadowEngines();
    const context = await launchWithExtension({ headless: true, viewport: { width: 1280, height: 720 }, extraArgs: launchArgs });
    revealClosedShadowRoots(context);
    await use(context);
    await context.close();
  },

  extensionId: async ({ context }, use) => {
    const worker = context.serviceWorkers().find((w) => isOurs(w)) ?? (await context.waitForEvent('serviceworker', { predicate: (w) => isOurs(w) }));
    await use(new URL(worker.url()).host);
  },

  serviceWorker: async ({ context, extensionId }, use) => {
    await use(async () => {
      const live = context.serviceWorkers().find((w) => isOurs(w, extensionId));
      return live ?? context.waitForEvent('serviceworker', { predicate: (w) => isOurs(w, extensionId) });
    });
  },

  restartServiceWorker: async ({ context, extensionId, serviceWorker }, use) => {
    let session: CDPSession | undefined;
    await use(async () => {
      if (!session) {
        const page = context.pages()[0] ?? (await context.newPage());
        session = await context.newCDPSession(page);
        await session.send('ServiceWorker.enable');
      }
      const before = await serviceWorker();
      const generation = await before.evaluate(() => (globalThis.__e2eGeneration = (globalThis.__e2eGeneration ?? 0) + 1));
      await session.send('ServiceWorker.stopAllWorkers');
      await session.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
      // Playwright notices the stop late, so look for a worker without the old one's mark.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        for (const worker of context.serviceWorkers().filter((w) => isOurs(w, extensionId))) {
          const mark = await Promise.race([
            worker.evaluate(() => globalThis.__e2eGeneration ?? 0).catch(() => -1),
            new Promise<number>((resolve) => setTimeout(() => resolve(-1), 250)),
          ]);
          if (mark === 0) return worker;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`service worker did not come back after stopAllWorkers (generation ${generation})`);
    });
  },
});

export const expect = test.expect;
