import { defineConfig } from '@playwright/test';

/**
 * Browser smoke tests of the built extension in Debian's Chromium (`/usr/bin/chromium`, or
 * PREFLIGHT_CHROMIUM). The global setup builds `.output/chrome-mv3` first, so a run never tests a
 * stale bundle; set PREFLIGHT_E2E_SKIP_BUILD=1 to reuse the last build.
 */

/** Writes a managed policy that every Chromium on the machine obeys while it exists. */
const MACHINE_WIDE = '**/forced-install.spec.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  // Every test starts its own browser on a fresh profile (fixtures.ts), so spec files can run side
  // by side: a test spends about half its time waiting (page loads, the engine's first start,
  // polling), and on a 2-core machine two workers took the suite from 9.2 to 4.6 minutes. Tests in
  // one file stay in order on one worker.
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  retries: 0,
  // Chinese screens, as the hospital sees them, for any context made from this config; the
  // browsers our fixtures launch themselves set the same (scripts/launch-extension.ts), with
  // the browser's own language, which lays out date inputs, from CHROMIUM_ZH_ENV.
  use: { locale: 'zh-CN' },
  projects: [
    { name: 'extension', testIgnore: MACHINE_WIDE },
    // Alone, after the rest: a browser another worker started meanwhile would force-install too.
    // Run on its own with `npx playwright test --no-deps tests/e2e/forced-install.spec.ts`.
    { name: 'machine-wide policy', testMatch: MACHINE_WIDE, dependencies: ['extension'] },
  ],
});
