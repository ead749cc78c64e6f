import { chromium, type BrowserContext } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts Debian's Chromium with the built extension loaded, as the e2e tests and the demo need it.
 * Flags from ../shared/docs/architecture.md: the background-networking flags keep Chromium from
 * hammering a machine with no internet; the extension flags load our unpacked build.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXTENSION_DIR = path.join(REPO_ROOT, process.env.PREFLIGHT_OUT_DIR ?? '.output', 'chrome-mv3');
export const CHROMIUM_PATH = process.env.PREFLIGHT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The environment that makes Chromium's own language Chinese, as on a hospital workstation.
 * Playwright's `locale` sets only navigator.language, Intl and Accept-Language; the browser's UI
 * language, which lays out native controls (a date input's 年/月/日 rather than mm/dd/yyyy), is
 * read on Linux from LANGUAGE — `--lang` is ignored there — and only takes a language whose pak
 * Chromium has (Debian's chromium-l10n, installed by scripts/setup.sh); without it, en-US.
 */
export const CHROMIUM_ZH_ENV: Record<string, string> = { ...(process.env as Record<string, string>), LANGUAGE: 'zh_CN' };

export interface LaunchOptions {
  headless: boolean;
  /** Persistent profile directory; empty string means a fresh temporary profile. */
  userDataDir?: string;
  viewport?: { width: number; height: number } | null;
  /** More Chromium switches (a test that reloads the extension over CDP needs one). */
  extraArgs?: readonly string[];
}

export async function launchWithExtension(options: LaunchOptions): Promise<BrowserContext> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no built extension in ${EXTENSION_DIR}: run \`npx wxt build\` first`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (never \`npx playwright install\`)`);
  }
  return chromium.launchPersistentContext(options.userDataDir ?? '', {
    headless: options.headless,
    executablePath: CHROMIUM_PATH,
    viewport: options.viewport === undefined ? { width: 1360, height: 860 } : options.viewport,
    locale: 'zh-CN',
    env: CHROMIUM_ZH_ENV,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.extraArgs ?? []),
    ],
  });
}
