import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the Chrome extension the smoke tests load. */
export default function globalSetup(): void {
  if (process.env.PREFLIGHT_E2E_SKIP_BUILD) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: root, stdio: 'inherit' });
}
