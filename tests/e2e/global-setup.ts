import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from '../../hub/dashboard/build';
import { removeStaleTestPolicies } from './policy-files';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Builds the Chrome extension the smoke tests load, and the hub's review dashboard when stale,
 * after clearing policy files an interrupted run left.
 */
export default async function globalSetup(): Promise<void> {
  // A forced-install policy left by a killed run would install into every browser the specs start.
  const stale = removeStaleTestPolicies();
  if (stale.length > 0) console.log(`[e2e] removed stale test policy files: ${stale.join(', ')}`);
  // Here once, not in the specs that serve it: two workers building into one dist would collide.
  await ensureDashboardBuilt();
  if (process.env.PREFLIGHT_E2E_SKIP_BUILD) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: root, stdio: 'inherit' });
}
