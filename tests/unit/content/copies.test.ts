// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guardStartedEvents, startedEventName, takeOverFrame, wasReplaced } from '../../../entrypoints/content/copies';

const stops: Array<() => void> = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  globalThis.__preflightCopies = undefined;
});

/** What a page script can do, knowing the extension's id. */
function forgeStartedEvent(): void {
  document.dispatchEvent(new CustomEvent(startedEventName(), { detail: { contentScriptName: 'content', messageId: 'forged' } }));
}

describe('which copy of the content script runs the frame', () => {
  it('names WXT’s started event (a WXT upgrade that renames it fails here)', () => {
    expect(startedEventName()).toMatch(/:wxt:content-script-started$/);
  });

  it('a forged started event stops a copy that does not ignore it: the attack', () => {
    const copy = new ContentScriptContext('content');
    forgeStartedEvent();
    expect(copy.signal.aborted).toBe(true);
  });

  it('a copy ignores forged started events, and steps down for a newer copy of this world only', () => {
    const first = new ContentScriptContext('content');
    stops.push(guardStartedEvents(window, first));
    takeOverFrame(first, 'content');
    forgeStartedEvent();
    expect(first.signal.aborted).toBe(false);

    // A newer copy announces itself the WXT way as it starts (ignored), then takes over here.
    const second = new ContentScriptContext('content');
    expect(first.signal.aborted).toBe(false);
    takeOverFrame(second, 'content');
    expect(first.signal.aborted).toBe(true);
    expect(wasReplaced(first)).toBe(true);
    expect(second.signal.aborted).toBe(false);
    expect(wasReplaced(second)).toBe(false);

    // The newest copy is the frame's; when it ends the frame has none.
    second.abort('gone');
    expect(globalThis.__preflightCopies?.content).toBeUndefined();
  });

  it('takes a started event as the cue to look whether an update cut this copy off, and steps down if so', () => {
    const copy = new ContentScriptContext('content');
    stops.push(guardStartedEvents(window, copy));
    const runtime = browser.runtime as { id?: string };
    const id = runtime.id;
    try {
      // The newer copy of an update lives in another world: all this one sees is its event.
      runtime.id = undefined;
      forgeStartedEvent();
      expect(copy.signal.aborted).toBe(true);
      expect(wasReplaced(copy)).toBe(false);
    } finally {
      runtime.id = id;
    }
  });

  it('keeps one copy per script: the field picker starting does not stop the checking script', () => {
    const checking = new ContentScriptContext('content');
    takeOverFrame(checking, 'content');
    const picker = new ContentScriptContext('picker');
    takeOverFrame(picker, 'picker');
    expect(checking.signal.aborted).toBe(false);
    const newerPicker = new ContentScriptContext('picker');
    takeOverFrame(newerPicker, 'picker');
    expect(picker.signal.aborted).toBe(true);
    expect(checking.signal.aborted).toBe(false);
  });
});
