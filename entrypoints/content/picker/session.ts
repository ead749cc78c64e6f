import { render, createElement } from 'preact';
import type { SiteProfile } from '../../../adapters/profile-schema';
import { PickerApp } from '../../../components/picker/PickerApp';
import type { Box, HoverInfo, MetaPatch, Outline, PickerActions, PickerModel, SaveState } from '../../../components/picker/picker-model';
import { addMapEntry, checkDraft, setAt, withWriteBack, writableField, type DraftProfile } from '../../../adapters/authoring/draft';
import { PICK_FIELDS, pickField } from '../../../adapters/authoring/fields';
import { previewDraft, type DraftPreview } from '../../../adapters/authoring/preview';
import { headerChoices, proposeColumnByName, proposePick } from '../../../adapters/authoring/propose';
import type { SaveOutcome } from '../../../adapters/authoring/save';
import { coveringOrigin, frameGlobOf, pickableElsewhere, pickedPart, placePick } from '../../../adapters/authoring/frame-picks';
import type { FrameHandlers, SessionFrames } from './frame-channel';
import { boxOf, isFrameElement, pageElementAt, scrollableAncestor } from './geometry';
import { PageWatch } from './page-watch';

/**
 * One picking session in one document: the draft, what is armed, the outlines, and the wiring to
 * the page (page-watch.ts) — capture listeners that keep the page from reacting while a field is
 * armed, an observer that re-reads the preview when the page changes. Page values and diagnoses may
 * also be picked in the tab's other frames, whose picker script answers through `frames`
 * (frame-channel.ts). Everything is removed on dispose, so a closed picker leaves the page (and the
 * main content script) exactly as it was.
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
  /** The line to the tab's other frames (absent: this frame only). */
  readonly frames?: (handlers: FrameHandlers) => SessionFrames;
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
  /** The pointer is over an embedded frame: our layer lets it through to the picker there. */
  private passThrough = false;
  private disposed = false;
  private readonly win: Window;
  private readonly watch: PageWatch;
  private readonly frames: SessionFrames | undefined;
  private readonly actions: PickerActions;

  constructor(private readonly opts: PickerSessionOptions) {
    this.win = opts.document.defaultView ?? window;
    this.draft = opts.start.draft;
    this.mode = opts.start.mode;
    this.frames = opts.frames?.(this.frameHandlers());
    this.preview = this.read();
    this.watch = new PageWatch({
      document: opts.document,
      host: () => opts.host,
      armed: () => this.armed !== undefined,
      onChange: () => this.refresh(),
      onViewport: () => {
        if (this.hoverEl) this.hover = this.hoverInfo(this.hoverEl);
        this.draw();
      },
      onEscape: () => this.disarm(),
      onPagePointer: (event) => {
        if (!this.passThrough || isFrameElement(event.target as Element)) return;
        this.passThrough = false;
        this.actions.hoverAt(event.clientX, event.clientY);
      },
      delayMs: opts.refreshDelayMs,
      guard: (where, fn) => this.guard(where, fn),
    });
    this.actions = this.makeActions();
  }

  start(): void {
    this.watch.start();
    this.frames?.sync(this.draft, undefined);
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
    this.frames?.sync(this.draft, undefined);
    this.refresh();
    this.showFirstBroken();
  }

  /** What the other frames' picker scripts report, taken as if it happened here. */
  private frameHandlers(): FrameHandlers {
    return {
      picked: (fieldId, part, url, summary) => this.guard('picker frame pick', () => this.placeFromFrame(fieldId, part, url, summary))(),
      refused: (fieldId, error) => this.guard('picker frame refusal', () => this.refuse(fieldId, error))(),
      changed: () => this.guard('picker frame read', () => this.refresh())(),
      disarm: () => this.guard('picker frame disarm', () => this.disarm())(),
    };
  }

  private placeFromFrame(fieldId: string, part: unknown, url: string, summary: string | undefined): void {
    const field = pickField(fieldId);
    const glob = frameGlobOf(url);
    if (!field || field.id !== this.armed || !glob || !pickableElsewhere(field)) return;
    const placed = placePick(this.draft, field, part, glob);
    if (!placed) return;
    this.armed = undefined;
    this.change(coveringOrigin(placed, url), { tone: 'ok', text: `${field.label}：${summary ?? ''}（框架 ${glob}）` });
  }

  private refuse(fieldId: string, error: string): void {
    const field = pickField(fieldId);
    if (!field) return;
    this.notice = { tone: 'error', text: `${field.label}：${error}` };
    this.draw();
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
      ...(this.passThrough ? { passThrough: true } : {}),
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
    this.watch.dispose();
    this.frames?.close();
    render(null, this.opts.container);
  }

  // --- reading and drawing --------------------------------------------------------------------

  private read(): DraftPreview {
    return previewDraft(this.draft, this.opts.document, { ...(this.opts.today ? { today: this.opts.today } : {}), ...(this.frames ? { frames: this.frames } : {}) });
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

  // --- picking --------------------------------------------------------------------------------

  private elementAt(x: number, y: number): Element | null {
    return this.opts.elementAt ? this.opts.elementAt(x, y) : pageElementAt(this.opts.document, this.opts.host, x, y);
  }

  private hoverInfo(el: Element): HoverInfo | undefined {
    const field = this.armed ? pickField(this.armed) : undefined;
    const box = boxOf(el);
    if (!field || !box) return undefined;
    if (isFrameElement(el)) {
      // Page values and diagnoses are picked inside the frame, by the picker script running there.
      if (this.frames && pickableElsewhere(field)) {
        this.passThrough = true;
        return undefined;
      }
      // The order table, and the operations read beside it (adapters/extract.ts), stay in this frame.
      const here = field.kind === 'operation' ? '手术操作' : '医嘱表格';
      return { box, text: this.frames ? `${here}须在本页面中选取` : '这是内嵌框架：请在框架所在页面内选取', ok: false };
    }
    const proposal = proposePick(field, el, this.draft, this.opts.document);
    return proposal.ok ? { box, text: `${field.label} ← ${proposal.value.summary}`, ok: true } : { box, text: proposal.detail, ok: false };
  }

  private disarm(): void {
    this.armed = undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.passThrough = false;
    this.frames?.sync(this.draft, undefined);
    this.draw();
  }

  private change(next: DraftProfile, notice: PickerModel['notice']): void {
    this.draft = next;
    this.notice = notice;
    this.hover = undefined;
    this.hoverEl = null;
    this.passThrough = false;
    if (this.saveState.kind !== 'saving') this.saveState = { kind: 'idle' };
    this.frames?.sync(this.draft, this.armed);
    this.refresh();
  }

  private makeActions(): PickerActions {
    return {
      arm: this.guard('picker arm', (fieldId: string) => {
        if (!pickField(fieldId)) return;
        this.armed = fieldId;
        this.hover = undefined;
        this.hoverEl = null;
        this.passThrough = false;
        this.frames?.sync(this.draft, fieldId);
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
        this.frames?.sync(this.draft, this.armed);
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
      // The whole tab: the frames showing fields for this one start reading for the new profile too.
      reload: this.guard('picker reload', () => {
        try {
          (this.win.top ?? this.win).location.reload();
        } catch {
          this.win.location.reload(); // a top window of another origin
        }
      }),
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
        if (!field || !el || isFrameElement(el)) return;
        const proposal = proposePick(field, el, this.draft, this.opts.document);
        if (!proposal.ok) return this.refuse(field.id, proposal.detail);
        this.armed = undefined;
        // Picked here: a value or the diagnoses placed in another frame before now come from this one.
        const next = pickableElsewhere(field) ? placePick(this.draft, field, pickedPart(field, proposal.value.draft), undefined) : undefined;
        this.change(next ?? proposal.value.draft, { tone: 'ok', text: `${field.label}：${proposal.value.summary}` });
      }),
      scrollAt: this.guard('picker scroll', (x: number, y: number, dx: number, dy: number) => {
        const target = scrollableAncestor(this.elementAt(x, y), this.win);
        if (target) target.scrollBy(dx, dy);
        else this.win.scrollBy(dx, dy);
      }),
    };
  }
}
