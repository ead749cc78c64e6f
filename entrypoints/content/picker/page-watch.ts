/**
 * The picker's hold on a page while it is open, in the panel's frame and in the others alike:
 * while a field is armed the page sees no clicks, presses or submits (capture listeners on the
 * window; events inside our own shadow host pass), Esc disarms, page changes are reported after a
 * pause (to re-read the preview), scrolling and resizing redraw the outlines. `dispose` removes all.
 */

/** Events the page must not see while a field is armed (a click would otherwise open its dialogs). */
const BLOCKED_WHILE_ARMED = ['click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'contextmenu', 'touchstart', 'touchend', 'submit'];

export interface PageWatchOptions {
  readonly document: Document;
  /** Our shadow host, when mounted: events inside it are ours. */
  readonly host: () => HTMLElement | undefined;
  readonly armed: () => boolean;
  /** The page changed (after `delayMs` of quiet). */
  readonly onChange: () => void;
  /** Scrolled or resized: outlines must be measured again (once per frame). */
  readonly onViewport: () => void;
  readonly onEscape: () => void;
  /** The pointer moved over the page itself (our layer lets it through over an embedded frame). */
  readonly onPagePointer?: (event: MouseEvent) => void;
  readonly delayMs?: number;
  /** Wraps every handler: an error in ours must never reach the page. */
  readonly guard: <A extends unknown[]>(where: string, fn: (...args: A) => void) => (...args: A) => void;
}

export class PageWatch {
  private readonly win: Window & typeof globalThis;
  private readonly observer: MutationObserver;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;
  private disposed = false;

  constructor(private readonly opts: PageWatchOptions) {
    this.win = (opts.document.defaultView ?? window) as Window & typeof globalThis;
    // The page's own realm: a frame's document needs its own window's observer.
    this.observer = new this.win.MutationObserver(() => this.schedule());
  }

  private ours(event: Event): boolean {
    const host = this.opts.host();
    return host !== undefined && event.composedPath().includes(host);
  }

  /** Runs a handler through the guard (looked up at call time: handlers are made before the constructor runs). */
  private run(where: string, fn: () => void): void {
    this.opts.guard(where, fn)();
  }

  private readonly onEdit = (event: Event): void =>
    this.run('picker page edit', () => {
      if (!this.ours(event)) this.schedule();
    });

  private readonly onScroll = (): void =>
    this.run('picker viewport', () => {
      if (this.frame !== undefined) return;
      this.frame = this.win.requestAnimationFrame(() => {
        this.frame = undefined;
        this.run('picker viewport', () => this.opts.onViewport());
      });
    });

  private readonly onKeyDown = (event: KeyboardEvent): void =>
    this.run('picker key', () => {
      if (event.key !== 'Escape' || !this.opts.armed()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      this.opts.onEscape();
    });

  private readonly onBlocked = (event: Event): void =>
    this.run('picker block', () => {
      if (!this.opts.armed() || this.ours(event)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    });

  private readonly onMove = (event: MouseEvent): void =>
    this.run('picker pointer', () => {
      if (this.opts.armed() && !this.ours(event)) this.opts.onPagePointer?.(event);
    });

  start(): void {
    const { document } = this.opts;
    this.observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['value', 'class', 'selected', 'checked', 'hidden', 'style'],
    });
    document.addEventListener('input', this.onEdit, true);
    document.addEventListener('change', this.onEdit, true);
    this.win.addEventListener('keydown', this.onKeyDown, true);
    for (const type of BLOCKED_WHILE_ARMED) this.win.addEventListener(type, this.onBlocked, true);
    this.win.addEventListener('mousemove', this.onMove, { capture: true, passive: true });
    this.win.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    this.win.addEventListener('resize', this.onScroll, { passive: true });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { document } = this.opts;
    this.observer.disconnect();
    document.removeEventListener('input', this.onEdit, true);
    document.removeEventListener('change', this.onEdit, true);
    this.win.removeEventListener('keydown', this.onKeyDown, true);
    for (const type of BLOCKED_WHILE_ARMED) this.win.removeEventListener(type, this.onBlocked, true);
    this.win.removeEventListener('mousemove', this.onMove, { capture: true });
    this.win.removeEventListener('scroll', this.onScroll, { capture: true });
    this.win.removeEventListener('resize', this.onScroll);
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.frame !== undefined) this.win.cancelAnimationFrame(this.frame);
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = setTimeout(
      this.opts.guard('picker refresh', () => {
        this.timer = undefined;
        this.opts.onChange();
      }),
      this.opts.delayMs ?? 150,
    );
  }
}
