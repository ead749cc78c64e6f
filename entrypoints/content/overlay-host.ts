import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { overlayStyles } from '../../components/styles';
import { guarded } from './safe';

/**
 * Our one element in the EMR page: a shadow host holding the overlay. Some pages sweep unknown
 * elements out of <body> or re-render it wholesale; the host is then put back — the same node, so
 * the shadow root and the Preact tree in it (an open review, a half-typed reason) survive.
 */

export const HOST_NAME = 'preflight-overlay';
const STOPPED_MARK = 'data-stopped';
const STOPPED_HOST = `${HOST_NAME}[${STOPPED_MARK}]`;

/** Whether a live copy of the script other than the one owning `own` shows its overlay here. */
export function anotherCopyShows(document: Document, own: Element): boolean {
  return [...document.querySelectorAll(HOST_NAME)].some((host) => host !== own && !host.hasAttribute(STOPPED_MARK));
}

export interface OverlayHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The element the overlay renders into. */
  container: HTMLElement;
  /** How many times the page removed the host and we put it back. */
  readonly remounts: number;
  remove(): void;
  /**
   * Leaves the host on the page for good, marked stopped, and stops watching it: WXT takes it out
   * when the script's context ends, but a copy cut off by an update still has a badge to show
   * (stopped-badge.tsx) until a newer copy, which removes stopped hosts, takes the page.
   */
  leaveStopped(): void;
}

function parentFor(document: Document): Element {
  return document.body ?? document.documentElement;
}

export async function mountOverlayHost(ctx: ContentScriptContext, document: Document): Promise<OverlayHost> {
  // An earlier copy of this script, cut off by an extension update, may have left its host saying
  // 审核已停止 (stopped-badge.tsx): this copy checks the page now, so one overlay is enough.
  for (const stale of document.querySelectorAll(STOPPED_HOST)) stale.remove();
  const ui = await createShadowRootUi(ctx, {
    name: HOST_NAME,
    position: 'inline',
    anchor: () => parentFor(document),
    append: 'last',
    // Closed: the EMR page's scripts must not read the overlay or drive the review dialog. We keep
    // the only reference (`shadow` below); accessibility tools still see the rendered tree.
    mode: 'closed',
    // Keys typed in our dialog must not reach the EMR's own shortcuts (F-keys, Ctrl+Enter).
    isolateEvents: true,
    css: overlayStyles,
    onMount: (container) => container,
  });
  ui.mount();
  const { shadowHost: host, shadow, uiContainer: container } = ui;

  let remounts = 0;
  /** The element inside our UI that had focus, to give it back after a forced re-mount. */
  let focused: HTMLElement | undefined;
  shadow.addEventListener(
    'focusin',
    guarded('overlay focus', (event: Event) => {
      focused = event.composedPath()[0] as HTMLElement;
    }),
  );
  shadow.addEventListener(
    'focusout',
    guarded('overlay blur', () => {
      // Keep it while the host is being ripped out (that blurs it); drop it on an ordinary blur.
      if (host.isConnected) focused = undefined;
    }),
  );

  const reattach = guarded('re-mount overlay', () => {
    if (host.isConnected) return;
    parentFor(document).append(host);
    remounts += 1;
    if (focused?.isConnected && (document.activeElement === document.body || document.activeElement === null)) focused.focus();
  });
  let observedBody: HTMLElement | null = null;
  const watcher = new (document.defaultView ?? window).MutationObserver(
    guarded('overlay host watch', () => {
      // Some SPAs swap <body> itself: follow the new one.
      if (document.body !== observedBody) observe();
      reattach();
    }),
  );
  function observe(): void {
    watcher.disconnect();
    watcher.observe(document.documentElement, { childList: true });
    observedBody = document.body;
    if (observedBody) watcher.observe(observedBody, { childList: true });
  }
  observe();

  return {
    host,
    shadow,
    container,
    get remounts() {
      return remounts;
    },
    remove() {
      watcher.disconnect();
      ui.remove();
    },
    leaveStopped() {
      watcher.disconnect();
      host.setAttribute(STOPPED_MARK, '');
      if (!host.isConnected) parentFor(document).append(host);
    },
  };
}
