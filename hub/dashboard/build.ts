/**
 * Builds the review dashboard into hub/dashboard/dist. With `--if-stale` it builds only when the
 * output is missing or a source it was built from (recorded by the build itself, plus the config
 * and the lock file) changed since — so `npm run hub` starts at once on an unchanged tree.
 *
 *   node hub/dashboard/build.ts             # always build (npm run build:dashboard)
 *   node hub/dashboard/build.ts --if-stale  # build only when needed (npm run hub does this)
 *
 * Plain `node` runs it (Node 24 strips the types), so the check costs no TypeScript loader: keep
 * this file to erasable TypeScript and node: imports.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
export const DIST_DIR = path.join(here, 'dist');
const SOURCES = path.join(DIST_DIR, '.sources.json');
/** Inputs that never appear as bundled modules but change the output. */
const ALWAYS = ['hub/dashboard/vite.config.ts', 'hub/dashboard/index.html', 'hub/dashboard/appeal.html', 'package-lock.json'];

/** Why the dashboard needs building, or undefined when dist is up to date. */
export function staleReason(): string | undefined {
  if (!existsSync(path.join(DIST_DIR, 'index.html')) || !existsSync(path.join(DIST_DIR, 'appeal.html')) || !existsSync(SOURCES)) return 'not built yet';
  let files: string[];
  try {
    files = (JSON.parse(readFileSync(SOURCES, 'utf8')) as { files: string[] }).files;
  } catch {
    return 'source list unreadable';
  }
  const builtAt = statSync(SOURCES).mtimeMs;
  for (const file of [...ALWAYS, ...files]) {
    const full = path.join(repoRoot, file);
    if (!existsSync(full)) return `${file} is gone`;
    if (statSync(full).mtimeMs > builtAt) return `${file} changed`;
  }
  return undefined;
}

export async function buildDashboard(): Promise<void> {
  // Loaded only when building: the check above must stay fast for every hub start.
  const { build } = await import('vite');
  await build({ configFile: path.join(here, 'vite.config.ts'), logLevel: 'warn' });
}

/** Builds when stale; returns what it did. */
export async function ensureDashboardBuilt(): Promise<{ built: boolean; reason?: string }> {
  const reason = staleReason();
  if (reason === undefined) return { built: false };
  await buildDashboard();
  return { built: true, reason };
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const ifStale = process.argv.includes('--if-stale');
  const started = Date.now();
  const run = ifStale ? ensureDashboardBuilt() : buildDashboard().then(() => ({ built: true, reason: 'asked' }));
  run.then(
    (outcome) => {
      if (outcome.built) console.log(`review dashboard built (${outcome.reason}) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), DIST_DIR)}`);
    },
    (error: unknown) => {
      console.error('[dashboard] build failed:', error);
      process.exit(1);
    },
  );
}
