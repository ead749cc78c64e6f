import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const ALL = ['tests/unit/**/*.test.ts', 'tests/golden/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/hub/**/*.test.ts'];

/**
 * Files that replace a module with vi.mock: the replacement only takes effect in a fresh module
 * graph, so these run isolated. Every other file shares its worker's module graph — importing it
 * anew for each of ~250 files was about half the suite's CPU time.
 */
const NEEDS_OWN_MODULES = ['tests/unit/components/row-marker.test.ts', 'tests/unit/components/overlay.test.ts'];

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ALL, exclude: NEEDS_OWN_MODULES, isolate: false } },
      { extends: true, test: { name: 'isolated', include: NEEDS_OWN_MODULES } },
    ],
  },
});
