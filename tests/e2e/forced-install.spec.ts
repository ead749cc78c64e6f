import { chromium, expect, test, type Worker } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, EXTENSION_DIR, REPO_ROOT } from '../../scripts/launch-extension';
import { packageExtension } from '../../scripts/package/package-extension';
import { writeTestPolicy } from './policy-files';

/**
 * What hospital IT deploys, end to end: `npm run package`'s CRX, update.xml and example policy, the
 * files on a web server, the policy in Chromium's managed directory, and a browser with a new
 * profile and no command-line extension flags. Chromium must fetch update.xml, install the CRX,
 * start the extension under the id the key gives, and hand it the policy's settings through
 * managed storage. The policy file exists only while this test runs (policy-files.ts).
 */

declare const chrome: typeof import('wxt/browser').browser;

// One policy file at a time, and never beside another spec's browser (playwright.config runs this
// file in a project of its own, after every other spec has finished).
test.describe.configure({ mode: 'serial' });

interface Served {
  server: Server;
  base: string;
  requests: string[];
}

function serve(dir: string): Promise<Served> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(name);
    const type = name.endsWith('.crx') ? 'application/x-chrome-extension' : name.endsWith('.xml') ? 'text/xml' : undefined;
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(path.join(dir, name));
      res.writeHead(200, { 'Content-Type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/extension/`, requests })),
  );
}

let removePolicy: (() => void) | undefined;
let cleanup: (() => Promise<void>)[] = [];
// Also after a timeout, when the test body is abandoned mid-await. The policy file goes first: while
// it exists, every Chromium on this machine force-installs from it.
test.afterEach(async () => {
  removePolicy?.();
  removePolicy = undefined;
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
});

test('Chromium force-installs the packaged extension from a policy file and passes it the managed settings', async () => {
  test.setTimeout(120_000);
  const work = mkdtempSync(path.join(os.tmpdir(), 'preflight-forced-'));
  cleanup.push(async () => rmSync(work, { recursive: true, force: true }));
  const outDir = path.join(work, 'site');
  const served = await serve(outDir);
  cleanup.push(() => new Promise((resolve) => served.server.close(() => resolve())));
  const result = packageExtension({ extensionDir: EXTENSION_DIR, outDir, keyPath: path.join(work, 'key', 'extension.pem'), baseUrl: served.base, hubUrl: 'http://127.0.0.1:9', repoRoot: REPO_ROOT });
  expect(result.keyCreated).toBe(true);
  const example = JSON.parse(readFileSync(result.policyPath, 'utf8')) as { ExtensionInstallForcelist: string[]; '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
  expect(example.ExtensionInstallForcelist).toEqual([`${result.id};${served.base}update.xml`]);
  // The example as IT would edit it: its own hospital name, no hub to reach from here.
  const settings = example['3rdparty'].extensions[result.id]!;
  settings.hospitalName = '策略安装测试医院';
  delete settings.packUpdateUrl;
  delete settings.hubUrl;

  // Test only: Chrome keeps DevTools (and so Playwright) off extensions installed by policy unless
  // this allows it; IT's policy has no reason to.
  const policy = writeTestPolicy({ ...example, DeveloperToolsAvailability: 1 });
  if ('skip' in policy) {
    test.skip(true, policy.skip);
    return;
  }
  removePolicy = () => policy.remove();
  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    headless: true,
    executablePath: CHROMIUM_PATH,
    // Playwright turns extensions off, and with background networking the extension updater that
    // fetches update.xml; nothing else loads an extension here but the policy.
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-component-update'],
  });
  cleanup.push(() => context.close());
  const ours = (w: Worker) => w.url().startsWith(`chrome-extension://${result.id}/`);
  const worker = context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 60_000 }));
  expect(new URL(worker.url()).host).toBe(result.id);
  expect(served.requests).toContain('update.xml');
  expect(served.requests).toContain(path.basename(result.crxPath));

  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.version).toBe(result.version);
  // Later versions arrive through the manifest's update_url (the forcelist URL serves the first install).
  expect((manifest as { update_url?: string }).update_url).toBe(result.updateXmlUrl);
  await expect.poll(() => worker.evaluate(() => chrome.storage.managed.get()), { timeout: 20_000 }).toMatchObject({ hospitalName: '策略安装测试医院', institutionLevel: 3 });
});
