import { defineContentScript } from 'wxt/utils/define-content-script';
import { installPicker } from './content/picker/start';

/**
 * The field picker for the 医保办: click elements of an EMR page to build or repair its site
 * profile. Registered at runtime only (never in the manifest), so doctors' pages never load it:
 * an extension page injects it on demand with scripting.executeScript (adapters/authoring/launch.ts)
 * and then sends `preflight.picker.start`.
 */
export default defineContentScript({
  registration: 'runtime',
  // Styles are a string given to the picker's shadow root; there is no CSS file to inject.
  cssInjectionMode: 'manual',
  main(ctx) {
    installPicker(ctx);
  },
});
