import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPreflight } from './bootstrap';
import { contentScriptMatches } from './page-match';
import { reportError } from './safe';
import './overlay-host.css';

/**
 * The in-page part of Preflight: reads the order on configured EMR pages (every frame), checks it
 * as the doctor types, marks the rows, and reviews the order before the page submits it.
 */
export default defineContentScript({
  matches: contentScriptMatches(),
  allFrames: true,
  // The submit guard must register its capture listeners before the page's scripts do.
  runAt: 'document_start',
  // Our CSS goes into our shadow root only, never into the EMR page.
  cssInjectionMode: 'ui',
  main(ctx) {
    startPreflight(ctx).catch((error: unknown) => reportError('start', error));
  },
});
