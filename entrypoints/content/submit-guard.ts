import type { SiteProfile } from '../../adapters';
import { attempt, guarded, reportError } from './safe';

/**
 * Holds the page's own submission (the profile's submit buttons, keys and forms) while the order
 * is reviewed, then lets it go exactly once, as the page would have sent it.
 *
 * Listeners sit on the window in the capture phase, registered at document_start, so they run
 * before any handler of the page. The decision is synchronous: pass at once, or hold until a
 * promise settles ('submit' replays the original action, 'cancel' drops it). A held submission is
 * never stranded: if deciding throws or the promise rejects, the submission goes through.
 */

export type SubmitOutcome = 'submit' | 'cancel';

export type SubmitVerdict = { kind: 'pass' } | { kind: 'hold'; until: Promise<SubmitOutcome> };

export const PASS: SubmitVerdict = { kind: 'pass' };

export type SubmitConfig = SiteProfile['submit'];

export interface SubmitGuardOptions {
  window: Window;
  /** The profile's submit configuration (may change once the page is known). */
  config: () => SubmitConfig | undefined;
  decide: () => SubmitVerdict;
  /** Events from our own UI are never submissions. */
  isOwnEvent: (event: Event) => boolean;
}

type Replay = () => void;

function elementsOf(event: Event): Element[] {
  return event.composedPath().filter((node): node is Element => (node as Node).nodeType === 1);
}

function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false; // An invalid selector in a profile matches nothing rather than breaking clicks.
  }
}

function closestIn(path: readonly Element[], selectors: readonly string[]): { element: Element; selector: string } | undefined {
  for (const element of path) {
    for (const selector of selectors) if (matches(element, selector)) return { element, selector };
  }
  return undefined;
}

export class SubmitGuard {
  private held: Replay | undefined;
  /** True while we replay a submission: our own events pass untouched. */
  private replaying = false;
  private readonly listeners: Array<[string, (event: Event) => void]>;
  private installed = false;

  constructor(private readonly options: SubmitGuardOptions) {
    this.listeners = [
      ['click', guarded('submit guard click', (event: Event) => this.onClick(event as MouseEvent))],
      ['keydown', guarded('submit guard key', (event: Event) => this.onKey(event as KeyboardEvent))],
      ['submit', guarded('submit guard submit', (event: Event) => this.onSubmit(event as SubmitEvent))],
    ];
  }

  /** A submission is being held (waiting for a result or for the review). */
  get holding(): boolean {
    return this.held !== undefined;
  }

  install(): void {
    if (this.installed) return;
    this.installed = true;
    for (const [type, listener] of this.listeners) this.options.window.addEventListener(type, listener, { capture: true });
  }

  /** Removes the listeners; a held submission is let through rather than lost. */
  dispose(): void {
    if (!this.installed) return;
    this.installed = false;
    for (const [type, listener] of this.listeners) this.options.window.removeEventListener(type, listener, { capture: true });
    const held = this.held;
    this.held = undefined;
    if (held) this.replay(held);
  }

  private onClick(event: MouseEvent): void {
    if (event.button !== 0) return;
    const config = this.options.config();
    if (!config || config.controls.length === 0) return;
    const hit = closestIn(elementsOf(event), config.controls);
    if (!hit) return;
    const target = event.target instanceof Element ? event.target : hit.element;
    const view = target.ownerDocument.defaultView ?? this.options.window;
    const init: MouseEventInit = {
      bubbles: true,
      cancelable: true,
      composed: true,
      button: 0,
      detail: event.detail,
      clientX: event.clientX,
      clientY: event.clientY,
      ctrlKey: event.ctrlKey,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    };
    this.intercept(event, () => {
      if (target.isConnected) {
        target.dispatchEvent(new (view as typeof window).MouseEvent('click', init));
        return;
      }
      // The page re-rendered its toolbar while we waited: click the control as it is now.
      const again = target.ownerDocument.querySelector(hit.selector);
      if (again instanceof (view as typeof window).HTMLElement) again.click();
    });
  }

  private onKey(event: KeyboardEvent): void {
    // Enter that confirms an IME candidate (拼音 input) is not a submission.
    if (event.isComposing || event.keyCode === 229) return;
    const keys = this.options.config()?.keys;
    if (!keys?.length) return;
    const path = elementsOf(event);
    const hit = keys.find((spec) => {
      if (event.key.toLowerCase() !== spec.key.toLowerCase()) return false;
      if (spec.ctrl !== undefined && spec.ctrl !== (event.ctrlKey || event.metaKey)) return false;
      if (spec.alt !== undefined && spec.alt !== event.altKey) return false;
      if (spec.shift !== undefined && spec.shift !== event.shiftKey) return false;
      return spec.within === undefined || path.some((el) => matches(el, spec.within!));
    });
    if (!hit) return;
    const target = event.target instanceof Element ? event.target : undefined;
    const view = (target?.ownerDocument.defaultView ?? this.options.window) as typeof window;
    const init: KeyboardEventInit = {
      bubbles: true,
      cancelable: true,
      composed: true,
      key: event.key,
      code: event.code,
      location: event.location,
      ctrlKey: event.ctrlKey,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    };
    this.intercept(event, () => {
      const receiver = target?.isConnected ? target : (view.document.activeElement ?? view.document.body);
      receiver?.dispatchEvent(new view.KeyboardEvent('keydown', init));
    });
  }

  private onSubmit(event: SubmitEvent): void {
    const forms = this.options.config()?.forms;
    if (!forms?.length) return;
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !forms.some((selector) => matches(form, selector))) return;
    const submitter = event.submitter;
    this.intercept(event, () => {
      if (!form.isConnected) return;
      const stillOurs = submitter && submitter.isConnected && (submitter as HTMLButtonElement).form === form;
      if (stillOurs) form.requestSubmit(submitter);
      else form.requestSubmit();
    });
  }

  private intercept(event: Event, replay: Replay): void {
    if (this.replaying || this.options.isOwnEvent(event)) return;
    if (this.held) {
      // Already holding this order's submission: a second click must not send it twice.
      stop(event);
      return;
    }
    const verdict = attempt('submit decision', () => this.options.decide(), PASS);
    if (verdict.kind === 'pass') return;
    stop(event);
    this.held = replay;
    verdict.until.then(
      (outcome) => this.release(replay, outcome),
      (error: unknown) => {
        reportError('submit hold', error);
        this.release(replay, 'submit');
      },
    );
  }

  private release(replay: Replay, outcome: SubmitOutcome): void {
    if (this.held !== replay) return; // Already let through (disposed).
    this.held = undefined;
    if (outcome === 'submit') this.replay(replay);
  }

  private replay(replay: Replay): void {
    this.replaying = true;
    try {
      replay();
    } catch (error) {
      reportError('submit replay', error);
    } finally {
      this.replaying = false;
    }
  }
}

function stop(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}
