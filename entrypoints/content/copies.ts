import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guarded } from './safe';

/**
 * Which copy of the content script runs a frame. The background starts a new copy in the pages
 * already open after an update (adapters/open-page-injection-background.ts); the copy it replaces
 * must step down, and nothing else may make a copy step down.
 *
 * WXT lets a new copy stop the old one with a DOM event on `document`, which a page script can
 * dispatch as well: one line, knowing the extension's id, turned checking off without a trace.
 * That event is stopped here before WXT sees it, and copies hand over through a global of the
 * extension's isolated world instead, which page scripts cannot reach. A copy in a world of its
 * own is found cut off by its next look at `runtime.id` (bootstrap.ts) instead.
 */

/** The reason a copy's context ends with when a newer copy takes the frame over. */
export const REPLACED = 'replaced by a newer copy of the content script';

/** A copy of a content script as the other copies of its world (and the background's probe) see it. */
export interface FrameCopy {
  replace(): void;
  /** It found a site profile for the frame and checks it (the background leaves such frames alone). */
  checking: boolean;
}

declare global {
  /** The copy of each content script (by name) running this frame, in the extension's isolated world. */
  var __preflightCopies: Record<string, FrameCopy | undefined> | undefined;
}

/** The name of WXT's "content script started" event (private in WXT's types, public at runtime). */
export function startedEventName(): string {
  return (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
}

/** Keeps page scripts from stopping this copy with a forged "content script started" event. */
export function ignoreStartedEvents(window: Window): () => void {
  const name = startedEventName();
  const block = guarded('started event', (event: Event) => event.stopImmediatePropagation());
  // On the window, in the capture phase: ahead of WXT's own listener on the document.
  window.addEventListener(name, block, { capture: true });
  return () => window.removeEventListener(name, block, { capture: true });
}

/**
 * Makes this copy the frame's copy of the script `name` (the checking script, the field picker),
 * stopping the one before it if it runs in this world.
 */
export function takeOverFrame(ctx: ContentScriptContext, name: string): FrameCopy {
  const copies = (globalThis.__preflightCopies ??= {});
  const previous = copies[name];
  const self: FrameCopy = { replace: () => ctx.abort(REPLACED), checking: false };
  copies[name] = self;
  ctx.onInvalidated(() => {
    if (copies[name] === self) copies[name] = undefined;
  });
  if (previous) guarded('stop previous copy', () => previous.replace())();
  return self;
}

/** Whether this copy's context ended because a newer copy took the frame over. */
export function wasReplaced(ctx: ContentScriptContext): boolean {
  return ctx.signal.reason === REPLACED;
}
