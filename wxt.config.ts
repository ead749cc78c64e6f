import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built-in rule pack (from `npm run pack:demo`), shipped as a plain file the engine fetches. */
const BUILTIN_PACK = resolve(import.meta.dirname, 'rules/packs/demo-pack.json');
/** The ICD-10 医保版 list the options page's 试算 form searches (rules/data/icd-list.ts). */
const ICD_LIST = resolve(import.meta.dirname, 'rules/data/icd10-diagnoses.json');

// The engine runs in one extension-origin Worker: owned by an offscreen document on
// Chrome, by the background event page on Firefox (see ../shared/docs/architecture.md).
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // PREFLIGHT_OUT_DIR lets two builds (parallel test runs, a demo beside a test) not share a folder.
  outDir: process.env.PREFLIGHT_OUT_DIR ?? '.output',
  manifestVersion: 3,
  webExt: { disabled: true },
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // A file, not an import: bundled, the pack became a 2 MB script (or a data: URL inside
    // Firefox's background.js) parsed at every engine start. See pack-updates/builtin-pack.ts.
    'build:publicAssets': (_wxt, files) => {
      if (existsSync(BUILTIN_PACK)) files.push({ absoluteSrc: BUILTIN_PACK, relativeDest: 'packs/demo-pack.json' });
      // Likewise the diagnosis list: 1.3 MB as a file, 2.2 MB as an escaped script chunk.
      files.push({ absoluteSrc: ICD_LIST, relativeDest: 'data/icd10-diagnoses.json' });
    },
  },
  manifest: ({ browser }) => ({
    name: 'Preflight 医保事前审核助手',
    description: '医生录入医嘱时，离线核对医保支付规则并提示',
    default_locale: undefined,
    // `scripting`: content scripts for site profiles added at runtime (options page, managed policy).
    permissions: ['storage', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // The EMR pages, the pack update URL and the hub are hospital-specific and set at runtime,
    // mostly by managed policy, which cannot answer a permission prompt. Content scripts still run
    // only on the URLs of configured site profiles; IT can narrow hosts further with Chrome's
    // ExtensionSettings policy (runtime_allowed_hosts / runtime_blocked_hosts).
    host_permissions: ['http://*/*', 'https://*/*'],
    storage: { managed_schema: 'managed_schema.json' },
    // The overlay's stylesheet is fetched by the content script into its shadow root, and that
    // fetch counts as the page's: pages reached through runtime site profiles (any host) need it
    // web-accessible too. use_dynamic_url keeps sites from probing for the extension with it.
    web_accessible_resources: [{ resources: ['content-scripts/content.css'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'preflight@hospital.example', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
