import { render, createElement } from 'preact';
import type { SiteProfile } from '../../../adapters/profile-schema';
import { PickerApp } from '../../../components/picker/PickerApp';
import type { Box, HoverInfo, MetaPatch, Outline, PickerActions, PickerModel, SaveState } from '../../../components/picker/picker-model';
import { addMapEntry, checkDraft, setAt, withWriteBack, writableField, type DraftProfile } from '../../../adapters/authoring/draft';
import { PICK_FIELDS, pickField } from '../../../adapters/authoring/fields';
import { previewDraft, type DraftPreview } from '../../../adapters/authoring/preview';
import { headerChoices, proposeColumnByName, proposePick } from '../../../adapters/authoring/propose';
import type { SaveOutcome } from '../../../adapters/authoring/save';

/**
 * One picking session in one document: the draft, what is armed, the outlines, and the wiring to
 * the page — capture listeners that keep the page from reacting while a field is armed, an
 * observer that re-reads the preview when the page changes. Everything is removed on dispose, so
 * a closed picker leaves the page (and the main content script) exactly as it was.
 */

export interface PickerStartState {
  readonly draft: DraftProfile;
  readonly mode: 'new' | 'repair';
}

export interface PickerSessionOptions {
  readonly document: Document;
  /** Our shadow host: events inside it are ours, everything else is the page's. */
  readonly host: HTMLElement;
  /** Where the Preact app renders (inside the shadow root). */
  readonly container: HTMLElement;
  readonly start: PickerStartState;
  readonly save: (profile: SiteProfile) => Promise<SaveOutcome>;
  readonly onClose: () => void;
  /** The page element under a viewport point, skipping our own layer (injectable for tests). */
  readonly elementAt?: (x: number, y: number) => Element | null;
  /** Evaluation date for the preview when the page shows none. */
  readonly today?: string;
  /** Delay before a page change re-reads the preview, ms. */
  readonly refreshDelayMs?: number;
  /** Reports errors in our handlers; they must never reach the page. */
  readonly report?: (where: string, error: unknown) => void;
}

/** Events the page must not see while a field is armed (a click would otherwise open its dialogs). */
const BLOCKED_WHILE_ARMED = ['click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'contextmenu', 'touchstart', 'touchend', 'submit'];

function boxOf(el: Element): Box | null {
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return null;
  return { top: rect.top, left: rect.left, width: rect.width, height: rect.height };
}

function scrollableAncestor(el: Element | null, win: Window): Element | null {
  for (let node = el; node; node = node.parentElement) {
    if (node.scrollHeight <= node.clientHeight + 1) continue;
    const overflow = win.getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
  }
  return null;
}

export class PickerSession {
  private draft: DraftProfile;
  private mode: 'new' | 'repair';
  private armed: string | undefined;
  private hover: HoverInfo | undefined;
  private hoverEl: Element | null = null;
  private notice: PickerModel['notice'];
  private saveState: SaveState = { kind: 'idle' };
  private dock: 'left' | 'right' = 'right';
  private preview: DraftPreview;
  private headers: PickerModel['headers'] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;
  private disposed = false;
  private readonly win: Window;
  private readonly observer: MutationObserver;
  private readonly actions: PickerActions;

  constructor(private readonly opts: PickerSessionOptions) {
    this.win = opts.document.defaultView ?? window;
    this.draft = opts.start.draft;
    this.mode = opts.start.mode;
    this.preview = this.read();
    // The page's own realm: a frame's document needs its own window's observer.
    this.observer = new (this.win as Window & typeof globalThis).MutationObserver(() => this.scheduleRefresh());
    this.actions = this.makeActions();
  }

  start(): void {
    const { document } = this.opts;
    this.observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['value', 'class', 'selected', 'checked', 'hidden', 'style'],
    });
    document.addEventListener('input', this.onPageEdit, true);
    document.addEventListener('change', this.onPageEdit, true);
    this.win.addEventListener('keydown', this.onKeyDown, true);
    for (const type of BLOCKED_WHILE_ARMED) this.win.addEventListener(type, this.onPageEvent, true);
    this.win.addEventListener('scroll', this.onViewport, { capture: true, passive: true });
    this.win.addEventListener('resize', this.onViewport, { passive: true });
    this.refresh();
    this.showFirstBroken();
  }

  /** Repairing: bring the first field that no longer resolves into the panel's view. */
  private showFirstBroken(): void {
    if (this.mode !== 'repair') return;
    const row = this.opts.container.querySelector('.pk-field.pk-broken');
    if (row && typeof row.scrollIntoView === 'function') row.scrollIntoView({ block: 'center' });
  }

  /** A new start message while open: begin again with the new draft. */
  restart(start: PickerStartState): void {
    this.draft = start.draft;
    this.mode = start.mode;
    this.armed = undefined;
    this.hover = undefined;
    this.notice = undefined;
    this.saveState = { kind: 'idle' };
    this.refresh();
    this.showFirstBroken();
  }

  get active(): boolean {
    return !this.disposed;
  }

  /** The current draft (for tests and for the start reply). */
  get currentDraft(): DraftProfile {
    return this.draft;
  }

  get model(): PickerModel {
    return {
      mode: this.mode,
      draft: this.draft,
      preview: this.preview,
      ...(this.armed ? { armed: this.armed } : {}),
      ...(this.hover ? { hover: this.hover } : {}),
      outlines: this.outlines(),
      ...(this.notice ? { notice: this.notice } : {}),
      headers: this.headers,
      save: this.saveState,
      dock: this.dock,
    };
  }

  get pickerActions(): PickerActions {
    return this.actions;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { document } = this.opts;
    this.observer.disconnect();
    document.removeEventListener('input', this.onPageEdit, true);
    document.removeEventListener('change', this.onPageEdit, true);
    this.win.removeEventListener('keydown', this.onKeyDown, true);
    for (const type of BLOCKED_WHILE_ARMED) this.win.removeEventListener(type, this.onPageEvent, true);
    this.win.removeEventListener('scroll', this.onViewport, { capture: true });
    this.win.removeEventListener('resize', this.onViewport);
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    if (this.frame !== undefined) this.win.cancelAnimationFrame(this.frame);
    render(null, this.opts.container);
  }

  // --- reading and drawing --------------------------------------------------------------------

  private read(): DraftPreview {
    return previewDraft(this.draft, this.opts.document, this.opts.today ? { today: this.opts.today } : {});
  }

  private guard<A extends unknown[]>(where: string, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      try {
        fn(...args);
      } catch (error) {
        this.opts.report?.(where, error);
      }
    };
  }

  private refresh(): void {
    if (this.disposed) return;
    this.preview = this.read();
    this.headers = headerChoices(this.draft, this.opts.document);
    this.draw();
  }

  private draw(): void {
    if (this.disposed) return;
    render(createElement(PickerApp, { model: this.model, actions: this.actions }), this.opts.container);
  }

  /** Draws and scrolls the save result into the panel's view (the form sits below the fields). */
  private drawSaveOutcome(): void {
    this.draw();
    const shown = this.opts.container.querySelector('[data-role="saved"], [data-role="issues"], [data-role="save-error"]');
    if (shown && typeof shown.scrollIntoView === 'function') shown.scrollIntoView({ block: 'nearest' });
  }

  private outlines(): Outline[] {
    const outlines: Outline[] = [];
    for (const field of PICK_FIELDS) {
      const status = this.preview.fields.get(field.id);
      const box = status?.element?.isConnected ? boxOf(status.element) : null;
      if (status?.assigned && box) outlines.push({ id: field.id, box, label: field.kind === 'table' ? '医嘱表格' : field.label, broken: status.broken });
    }
    return outlines;
  }

  private scheduleRefresh(): void {
    if (this.disposed || this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(
      this.guard('picker refresh', () => {
        this.refreshTimer = undefined;
        this.refresh();
      }),
      this.opts.refreshDelayMs ?? 150,
    );
  }

  private readonly onPageEdit = this.guard('picker page edit', (event: Event) => {
    if (!event.composedPath().includes(this.opts.host)) this.scheduleRefresh();
  });

  private readonly onViewport = this.guard('picker viewport', () => {
    if (this.frame !== undefined) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = undefined;
      if (this.hoverEl) this.hover = this.hoverInfo(this.hoverEl);
      this.draw();
    });
  });

  private readonly onKeyDown = this.guard('picker key', (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.armed) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    this.disarm();
  });

  private readonly onPageEvent = this.guard('picker block', (event: Event) => {
    if (!this.armed || event.composedPath().includes(this.opts.host)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  });

  // --- picking --------------------------------------------------------------------------------

  private elementAt(x: number, y: number): Element | null {
    if (this.opts.elementAt) return this.opts.elementAt(x, y);
    const { host } = this.opts;
    return this.opts.document.elementsFromPoint(x, y).find((el) => el !== host && !host.contains(el) && el !== this.opts.document.documentElement) ?? null;
  }

  private hoverInfo(el: Element): HoverInfo | undefined {
    const field = this.armed ? pickField(this.armed) : undefined;
    const box = boxOf(el);
    if (!field || !box) return undefined;
    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') return { box, text: '这是内嵌框架：请在框架所在页面内选取', ok: false };
    const proposal = proposePick(field, el, this.draft, this.opts.document);
    return proposal.ok ? { box, text: `${field.label} ← ${proposal.value.summary}`, ok: true } : { box, text: proposal.detail, ok: false };
  }

  private disarm(): void {
    this.armed = undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.draw();
  }

  private change(next: DraftProfile, notice: PickerModel['notice']): void {
    this.draft = next;
    this.notice = notice;
    if (this.saveState.kind !== 'saving') this.saveState = { kind: 'idle' };
    this.refresh();
  }

  private makeActions(): PickerActions {
    return {
      arm: this.guard('picker arm', (fieldId: string) => {
        if (!pickField(fieldId)) return;
        this.armed = fieldId;
        this.hover = undefined;
        this.hoverEl = null;
        this.draw();
      }),
      disarm: this.guard('picker disarm', () => this.disarm()),
      clear: this.guard('picker clear', (fieldId: string) => {
        const field = pickField(fieldId);
        if (!field) return;
        let next = setAt(this.draft, field.path, undefined);
        const writable = writableField(field);
        if (writable) next = withWriteBack(next, writable, false);
        if (field.kind === 'table') {
          for (const part of ['rows', 'headerRow', 'rowId', 'rowKey']) next = setAt(next, ['orders', part], undefined);
        }
        this.change(next, { tone: 'ok', text: `已清除${field.label}` });
      }),
      setFixed: this.guard('picker fixed', (fieldId: string, value: string | number) => {
        const field = pickField(fieldId);
        if (field) this.change(setAt(this.draft, field.path, { value }), { tone: 'ok', text: `${field.label}：固定值 ${value}` });
      }),
      chooseColumn: this.guard('picker column', (fieldId: string, choice: { column: string; nth?: number }) => {
        const field = pickField(fieldId);
        if (!field) return;
        const proposal = proposeColumnByName(field, choice, this.draft);
        if (proposal.ok) this.change(proposal.value.draft, { tone: 'ok', text: `${field.label}：${proposal.value.summary}` });
        else {
          this.notice = { tone: 'error', text: proposal.detail };
          this.draw();
        }
      }),
      addMapping: this.guard('picker map', (fieldId: string, wording: string, value: string) => {
        const field = pickField(fieldId);
        if (field) this.change(addMapEntry(this.draft, field, wording, value), { tone: 'ok', text: `${field.label}：「${wording}」→ ${value}` });
      }),
      setMeta: this.guard('picker meta', (patch: MetaPatch) => {
        let next = this.draft;
        if (patch.id !== undefined) next = setAt(next, ['id'], patch.id);
        if (patch.name !== undefined) next = setAt(next, ['name'], patch.name);
        if (patch.urls !== undefined) next = setAt(next, ['match', 'urls'], patch.urls);
        if (patch.paths !== undefined) next = setAt(next, ['match', 'paths'], patch.paths.length > 0 ? patch.paths : undefined);
        this.draft = next;
        this.saveState = { kind: 'idle' };
        this.refresh();
      }),
      save: this.guard('picker save', () => {
        const checked = checkDraft(this.draft);
        if (!checked.ok) {
          this.saveState = { kind: 'invalid', issues: checked.issues };
          this.drawSaveOutcome();
          return;
        }
        this.saveState = { kind: 'saving' };
        this.draw();
        this.opts.save(checked.profile).then(
          (outcome) => {
            this.saveState = outcome.ok ? { kind: 'saved', ...(outcome.note ? { note: outcome.note } : {}) } : { kind: 'failed', error: outcome.error };
            this.drawSaveOutcome();
          },
          (error: unknown) => {
            this.saveState = { kind: 'failed', error: String(error) };
            this.drawSaveOutcome();
          },
        );
      }),
      reload: this.guard('picker reload', () => this.win.location.reload()),
      close: this.guard('picker close', () => {
        this.dispose();
        this.opts.onClose();
      }),
      toggleDock: this.guard('picker dock', () => {
        this.dock = this.dock === 'right' ? 'left' : 'right';
        this.draw();
      }),
      hoverAt: this.guard('picker hover', (x: number, y: number) => {
        const el = this.elementAt(x, y);
        if (el === this.hoverEl) return;
        this.hoverEl = el;
        this.hover = el ? this.hoverInfo(el) : undefined;
        this.draw();
      }),
      pickAt: this.guard('picker pick', (x: number, y: number) => {
        const field = this.armed ? pickField(this.armed) : undefined;
        const el = this.elementAt(x, y);
        if (!field || !el) return;
        const proposal = proposePick(field, el, this.draft, this.opts.document);
        if (!proposal.ok) {
          this.notice = { tone: 'error', text: `${field.label}：${proposal.detail}` };
          this.draw();
          return;
        }
        this.armed = undefined;
        this.hover = undefined;
        this.hoverEl = null;
        this.change(proposal.value.draft, { tone: 'ok', text: `${field.label}：${proposal.value.summary}` });
      }),
      scrollAt: this.guard('picker scroll', (x: number, y: number, dx: number, dy: number) => {
        const target = scrollableAncestor(this.elementAt(x, y), this.win);
        if (target) target.scrollBy(dx, dy);
        else this.win.scrollBy(dx, dy);
      }),
    };
  }
}
