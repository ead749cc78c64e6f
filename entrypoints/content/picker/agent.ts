import { createElement, render } from 'preact';
import { AgentLayer, type AgentActions, type AgentModel } from '../../../components/picker/AgentLayer';
import type { HoverInfo, Outline } from '../../../components/picker/picker-model';
import type { DraftProfile } from '../../../adapters/authoring/draft';
import { PICK_FIELDS, pickField, type PickField } from '../../../adapters/authoring/fields';
import { pickableElsewhere, pickedPart, readsForPanel } from '../../../adapters/authoring/frame-picks';
import type { PickerFrameMessage } from '../../../adapters/authoring/messages';
import { fieldFrame, fieldHere } from '../../../adapters/authoring/preview';
import { proposePick } from '../../../adapters/authoring/propose';
import { isFrame } from '../../../adapters/frame-reads';
import { boxOf, isFrameElement, pageElementAt, scrollableAncestor } from './geometry';
import { PageWatch } from './page-watch';

/**
 * The picker script in a frame other than the panel's (frame-channel.ts is the panel's end). It
 * does nothing until the panel tells it the draft; then it reads the fields the draft places in
 * this frame and sends what it read, and while the panel asks for a page value or a diagnosis it
 * takes the pointer here, shows what a click would pick, and sends the pick — the same proposal,
 * label refusal included, the panel would make in its own frame. The panel decides; this frame
 * never changes the draft itself. `stop` (the panel closed) leaves the page as it was.
 */

export interface AgentHost {
  readonly host: HTMLElement;
  readonly container: HTMLElement;
  remove(): void;
}

export interface PickerAgentOptions {
  readonly document: Document;
  /** This frame's URL: fields whose frame glob names it are read here. */
  readonly url: string;
  readonly send: (message: PickerFrameMessage) => Promise<unknown>;
  /** Our shadow root in this frame, mounted only once there is something to show. */
  readonly mount: () => Promise<AgentHost>;
  /** The page element under a viewport point (injectable for tests). */
  readonly elementAt?: (x: number, y: number) => Element | null;
  readonly refreshDelayMs?: number;
  readonly report?: (where: string, error: unknown) => void;
}

export class PickerAgent {
  private draft: DraftProfile | undefined;
  private armed: PickField | undefined;
  private hover: HoverInfo | undefined;
  private hoverEl: Element | null = null;
  private passThrough = false;
  private host: AgentHost | undefined;
  private mounting = false;
  private lastReads = '';
  private watch: PageWatch | undefined;
  private readonly actions: AgentActions;

  constructor(private readonly opts: PickerAgentOptions) {
    this.actions = {
      hoverAt: this.guard('agent hover', (x: number, y: number) => this.hoverAt(x, y)),
      pickAt: this.guard('agent pick', (x: number, y: number) => this.pickAt(x, y)),
      scrollAt: this.guard('agent scroll', (x: number, y: number, dx: number, dy: number) => {
        const win = this.opts.document.defaultView ?? window;
        const target = scrollableAncestor(this.elementAt(x, y), win);
        if (target) target.scrollBy(dx, dy);
        else win.scrollBy(dx, dy);
      }),
      disarm: this.guard('agent disarm', () => this.disarm()),
    };
  }

  /** The field armed here (for tests and the start reply). */
  get armedField(): string | undefined {
    return this.armed?.id;
  }

  get model(): AgentModel {
    return {
      ...(this.armed ? { armed: this.armed.label } : {}),
      ...(this.passThrough ? { passThrough: true } : {}),
      ...(this.hover ? { hover: this.hover } : {}),
      outlines: this.outlines(),
    };
  }

  get pickerActions(): AgentActions {
    return this.actions;
  }

  /** The panel's draft and the field it picks; `closed`: the panel is gone. */
  sync(draft: unknown, armed: string | undefined, closed = false): void {
    if (closed || draft === null || typeof draft !== 'object') {
      this.stop();
      return;
    }
    this.draft = draft as DraftProfile;
    const field = armed ? pickField(armed) : undefined;
    this.armed = field && pickableElsewhere(field) ? field : undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.passThrough = false;
    if (!this.watch) {
      this.watch = new PageWatch({
        document: this.opts.document,
        host: () => this.host?.host,
        armed: () => this.armed !== undefined,
        onChange: () => {
          this.sendReads();
          this.draw();
        },
        onViewport: () => {
          if (this.hoverEl) this.hover = this.hoverInfo(this.hoverEl);
          this.draw();
        },
        onEscape: () => this.disarm(),
        onPagePointer: (event) => {
          if (!this.passThrough || isFrameElement(event.target as Element)) return;
          this.passThrough = false;
          this.hoverAt(event.clientX, event.clientY);
        },
        delayMs: this.opts.refreshDelayMs,
        guard: (where, fn) => this.guard(where, fn),
      });
      this.watch.start();
    }
    this.sendReads();
    this.draw();
  }

  /** Back to waiting: listeners, outlines and the shadow root gone. */
  stop(): void {
    this.watch?.dispose();
    this.watch = undefined;
    this.draft = undefined;
    this.armed = undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.lastReads = '';
    if (this.host) {
      render(null, this.host.container);
      this.host.remove();
      this.host = undefined;
    }
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

  private send(message: PickerFrameMessage): void {
    this.opts.send(message).catch((error: unknown) => this.opts.report?.('agent send', error));
  }

  /** What the draft reads in this frame, sent when it changed. */
  private sendReads(): void {
    if (!this.draft) return;
    const reads = readsForPanel(this.draft, this.opts.document, this.opts.url);
    const text = JSON.stringify(reads);
    if (text === this.lastReads) return;
    this.lastReads = text;
    this.send({ kind: 'reads', statuses: reads.statuses, ...(reads.read ? { read: reads.read } : {}) });
  }

  private outlines(): Outline[] {
    const draft = this.draft;
    if (!draft) return [];
    const outlines: Outline[] = [];
    for (const field of PICK_FIELDS) {
      const glob = pickableElsewhere(field) ? fieldFrame(field, draft) : undefined;
      if (!glob || !isFrame(glob, this.opts.url)) continue;
      const status = fieldHere(field, draft, this.opts.document);
      const box = status.element?.isConnected ? boxOf(status.element) : null;
      if (status.assigned && box) outlines.push({ id: field.id, box, label: field.label, broken: !status.found || status.error !== undefined });
    }
    return outlines;
  }

  private draw(): void {
    const model = this.model;
    if (!this.host) {
      if (model.armed === undefined && model.outlines.length === 0) return;
      if (this.mounting) return;
      this.mounting = true;
      this.opts.mount().then(
        (host) => {
          this.mounting = false;
          if (!this.draft) return host.remove(); // stopped meanwhile
          this.host = host;
          this.draw();
        },
        (error: unknown) => {
          this.mounting = false;
          this.opts.report?.('agent mount', error);
        },
      );
      return;
    }
    render(createElement(AgentLayer, { model, actions: this.actions }), this.host.container);
  }

  private elementAt(x: number, y: number): Element | null {
    return this.opts.elementAt ? this.opts.elementAt(x, y) : pageElementAt(this.opts.document, this.host?.host, x, y);
  }

  private hoverInfo(el: Element): HoverInfo | undefined {
    const box = boxOf(el);
    if (!this.armed || !this.draft || !box) return undefined;
    if (isFrameElement(el)) {
      this.passThrough = true;
      return undefined;
    }
    const proposal = proposePick(this.armed, el, this.draft, this.opts.document);
    return proposal.ok ? { box, text: `${this.armed.label} ← ${proposal.value.summary}`, ok: true } : { box, text: proposal.detail, ok: false };
  }

  private hoverAt(x: number, y: number): void {
    const el = this.elementAt(x, y);
    if (el === this.hoverEl) return;
    this.hoverEl = el;
    this.hover = el ? this.hoverInfo(el) : undefined;
    this.draw();
  }

  private pickAt(x: number, y: number): void {
    const field = this.armed;
    const el = this.elementAt(x, y);
    if (!field || !this.draft || !el || isFrameElement(el)) return;
    const proposal = proposePick(field, el, this.draft, this.opts.document);
    if (!proposal.ok) {
      this.send({ kind: 'picked', fieldId: field.id, error: proposal.detail });
      return;
    }
    this.send({ kind: 'picked', fieldId: field.id, value: pickedPart(field, proposal.value.draft), summary: proposal.value.summary });
    // The panel answers with the new draft; until then nothing is armed here.
    this.armed = undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.draw();
  }

  private disarm(): void {
    this.armed = undefined;
    this.hover = undefined;
    this.hoverEl = null;
    this.passThrough = false;
    this.send({ kind: 'disarm' });
    this.draw();
  }
}
