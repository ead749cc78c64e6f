import preact from '@preact/preset-vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, defineConfig, type Plugin } from 'vite';

/**
 * The review dashboard as static files in hub/dashboard/dist, served by the hub at `/`
 * (hub/src/http/static.ts). No inline script or style anywhere in the output: the hub's CSP
 * allows only files from itself.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/** The file that records what went into the build, for `build.ts --if-stale`. */
export const SOURCES_FILE = '.sources.json';

/** Writes the repo-relative paths of every source module bundled, so staleness is checked exactly. */
function recordSources(): Plugin {
  return {
    name: 'preflight-record-sources',
    apply: 'build',
    generateBundle() {
      const files = new Set<string>();
      for (const id of this.getModuleIds()) {
        if (id.startsWith('\0')) continue;
        const file = id.split('?')[0]!;
        if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        const relative = path.relative(repoRoot, file);
        if (!relative.startsWith('..')) files.add(relative.split(path.sep).join('/'));
      }
      this.emitFile({ type: 'asset', fileName: SOURCES_FILE, source: JSON.stringify({ files: [...files].sort() }, null, 1) });
    },
  };
}

/** zod's sources put explanatory comments beside @__PURE__ marks; Rollup's note about it is harmless and noisy at every build. */
function quietLogger() {
  const logger = createLogger('warn');
  const warn = logger.warn.bind(logger);
  logger.warn = (message, options) => {
    if (message.includes('contains an annotation that Rollup cannot interpret')) return;
    warn(message, options);
  };
  return logger;
}

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  customLogger: quietLogger(),
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false }), recordSources()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Vite's preload helper would otherwise be fine, but its polyfill is not needed by any browser the hospital runs.
    modulePreload: { polyfill: false },
    // Assets as files, never data: URLs, so the CSP can stay strict.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The dashboard, and the doctor's appeal page (a link token, nothing else of the dashboard).
    rollupOptions: { input: { main: path.join(here, 'index.html'), appeal: path.join(here, 'appeal.html') } },
    chunkSizeWarningLimit: 1024,
  },
});
