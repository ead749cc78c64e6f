import { defineConfig } from '@playwright/test';

/**
 * Browser smoke tests of the built extension in Debian's Chromium (`/usr/bin/chromium`, or
 * PREFLIGHT_CHROMIUM). The global setup builds `.output/chrome-mv3` first, so a run never tests a
 * stale bundle; set PREFLIGHT_E2E_SKIP_BUILD=1 to reuse the last build.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  // One browser with one extension: the tests share its offscreen document and service worker.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  retries: 0,
  // Chinese screens, as the hospital sees them, for any context made from this config; the
  // browsers our fixtures launch themselves set the same (scripts/launch-extension.ts), with
  // the browser's own language, which lays out date inputs, from CHROMIUM_ZH_ENV.
  use: { locale: 'zh-CN' },
});
