import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeStaleTestPolicies } from './policy-files';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the Chrome extension the smoke tests load, after clearing policy files an interrupted run left. */
export default function globalSetup(): void {
  // A forced-install policy left by a killed run would install into every browser the specs start.
  const stale = removeStaleTestPolicies();
  if (stale.length > 0) console.log(`[e2e] removed stale test policy files: ${stale.join(', ')}`);
  if (process.env.PREFLIGHT_E2E_SKIP_BUILD) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: root, stdio: 'inherit' });
}
