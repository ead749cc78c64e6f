import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { pickerStyles } from '../../../components/picker/picker-styles';

/** The picker's own shadow host, separate from the overlay's so each can come and go alone. */

export const PICKER_HOST_NAME = 'preflight-picker';

export interface PickerHost {
  readonly host: HTMLElement;
  readonly container: HTMLElement;
  remove(): void;
}

export async function mountPickerHost(ctx: ContentScriptContext, document: Document): Promise<PickerHost> {
  const ui = await createShadowRootUi(ctx, {
    name: PICKER_HOST_NAME,
    position: 'inline',
    anchor: () => document.body ?? document.documentElement,
    append: 'last',
    // Closed, like the overlay: the page's scripts cannot read or drive the panel.
    mode: 'closed',
    // The panel's inputs must not trigger the EMR's keyboard shortcuts.
    isolateEvents: true,
    css: pickerStyles,
    onMount: (container) => container,
  });
  ui.mount();
  return { host: ui.shadowHost, container: ui.uiContainer, remove: () => ui.remove() };
}
