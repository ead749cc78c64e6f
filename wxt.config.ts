import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The engine runs in one extension-origin Worker: owned by an offscreen document on
// Chrome, by the background event page on Firefox (see ../shared/docs/architecture.md).
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  manifestVersion: 3,
  webExt: { disabled: true },
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Preflight 医保事前审核助手',
    description: '医生录入医嘱时，离线核对医保支付规则并提示',
    default_locale: undefined,
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? [] : ['offscreen'])],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'preflight@hospital.example', strict_min_version: '128.0' } } }
      : {}),
  }),
});
