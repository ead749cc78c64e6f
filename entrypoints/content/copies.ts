import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guarded } from './safe';

/**
 * Which copy of the content script runs a frame. The background starts a new copy in the pages
 * already open after an update (adapters/open-page-injection-background.ts); the copy it replaces
 * must step down, and nothing else may make a copy step down.
 *
 * WXT lets a new copy stop the old one with a DOM event on `document`, which a page script can
 * dispatch as well: one line, knowing the extension's id, turned checking off without a trace.
 * That event is stopped here before WXT sees it. Copies of one extension load hand over through a
 * global of the extension's isolated world, which page scripts cannot reach; a copy of an earlier
 * load (an update) lives in another world and steps down when it finds `runtime.id` gone.
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

/**
 * WXT's "content script started" event never reaches WXT's listener here, so a page script cannot
 * stop this copy with it. It is taken as a cue instead: a newer copy's start is one, so look at
 * once whether an update has cut this copy off, which only `runtime.id` can tell (a forged event
 * costs that one look). Chrome starts the newer copy in another isolated world, where the global
 * below does not reach; without the cue the cut-off copy would keep its overlay and guard until
 * its next timed look.
 */
export function guardStartedEvents(window: Window, ctx: ContentScriptContext): () => void {
  const name = startedEventName();
  const onStarted = guarded('started event', (event: Event) => {
    event.stopImmediatePropagation();
    void ctx.isInvalid; // WXT's getter: ends the context when the extension is gone
  });
  // On the window, in the capture phase: ahead of WXT's own listener on the document.
  window.addEventListener(name, onStarted, { capture: true });
  return () => window.removeEventListener(name, onStarted, { capture: true });
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
