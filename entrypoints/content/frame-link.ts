import { frameGlobs, isFrame, onProfileUrls, readFrame, type Elsewhere, type FrameRead, type SiteProfile } from '../../adapters';
import { FRAME_READ, FRAME_READ_ASK, FrameAskSchema, FrameRelaySchema, type FrameReadMessage, type FrameRelay } from '../../adapters/frame-messages';
import { browserTimers, type Timers } from './change-scheduler';
import { guarded } from './safe';

/**
 * One order read across the frames of a tab (adapters/frame-reads.ts). A frame that shows fields
 * of a profile whose order table is elsewhere runs a FrameFeed: it reads those fields, and reads
 * them again when its page changes, sending each new read on. The order frame keeps the latest read
 * of each frame in a FrameInbox, which extractOrder consults. Messages go through the background
 * (adapters/frame-messages.ts): the inbox takes a read only from a frame whose URL, as the browser
 * reported it, is one the profile places those fields in.
 */

export type Send = (message: FrameReadMessage) => Promise<unknown>;

export interface FrameFeedOptions {
  readonly document: Document;
  readonly profile: SiteProfile;
  readonly url: string;
  readonly send: Send;
  /** Quiet time after a page change before it is read again. */
  readonly delayMs?: number;
  readonly timers?: Timers;
}

export class FrameFeed {
  private last = '';
  private timer: unknown;
  private readonly timers: Timers;
  private readonly observer: MutationObserver;
  private readonly onEdit = guarded('frame feed edit', () => this.schedule());
  private readonly onHide = guarded('frame feed hide', () => this.sendRead(null));
  private disposed = false;

  constructor(private readonly options: FrameFeedOptions) {
    this.timers = options.timers ?? browserTimers;
    const view = (options.document.defaultView ?? window) as Window & typeof globalThis;
    this.observer = new view.MutationObserver(guarded('frame feed mutations', () => this.schedule()));
  }

  get profileId(): string {
    return this.options.profile.id;
  }

  start(): void {
    const { document } = this.options;
    this.observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['value', 'class', 'checked', 'selected'] });
    document.addEventListener('input', this.onEdit, { capture: true, passive: true });
    document.addEventListener('change', this.onEdit, { capture: true, passive: true });
    document.defaultView?.addEventListener('pagehide', this.onHide);
    this.resend();
  }

  /** Reads now and sends, changed or not (the order frame asked: it may have missed the last one). */
  resend(): void {
    if (this.disposed) return;
    this.last = '';
    this.flush();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.observer.disconnect();
    this.options.document.removeEventListener('input', this.onEdit, { capture: true });
    this.options.document.removeEventListener('change', this.onEdit, { capture: true });
    this.options.document.defaultView?.removeEventListener('pagehide', this.onHide);
    if (this.timer !== undefined) this.timers.clear(this.timer);
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.timers.set(
      guarded('frame feed read', () => {
        this.timer = undefined;
        this.flush();
      }),
      this.options.delayMs ?? 150,
    );
  }

  /** Sends the read when it differs from the last one sent. */
  private flush(): void {
    if (this.disposed) return;
    const read = readFrame(this.options.document, this.options.profile, this.options.url);
    const text = JSON.stringify(read);
    if (text === this.last) return;
    this.last = text;
    this.sendRead(read);
  }

  private sendRead(read: FrameRead | null): void {
    this.options.send({ type: FRAME_READ, profileId: this.options.profile.id, read }).catch(() => undefined);
  }
}

interface Received {
  readonly frameId: number;
  readonly read: FrameRead;
}

/** The order frame's latest read of every other frame its profile reads fields in. */
export class FrameInbox implements Elsewhere {
  private readonly reads = new Map<string, Received>();
  private readonly away: string[];
  private waiters: Array<() => void> = [];

  constructor(
    private readonly profile: SiteProfile,
    /** This frame's URL: globs naming it are read here, not received. */
    private readonly url: string,
    /** A read arrived or a frame went away: the order must be read again. */
    private readonly onChange: () => void,
  ) {
    this.away = frameGlobs(profile).filter((glob) => !isFrame(glob, url));
  }

  /** Whether the profile places any field in another frame. */
  get needed(): boolean {
    return this.away.length > 0;
  }

  here(glob: string): boolean {
    return isFrame(glob, this.url);
  }

  read(glob: string): FrameRead | undefined {
    return this.reads.get(glob)?.read;
  }

  /** Every other frame has answered. */
  get complete(): boolean {
    return this.away.every((glob) => this.reads.has(glob));
  }

  /** Resolves once every other frame has answered, or after `ms` (a frame may never load). */
  settled(ms: number, timers: Timers = browserTimers): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = timers.set(() => resolve(), ms);
      this.waiters.push(() => {
        timers.clear(handle);
        resolve();
      });
    });
  }

  /** Takes a relayed read if it is for this profile and from a frame the profile reads; true when taken. */
  accept(message: FrameRelay): boolean {
    if (message.profileId !== this.profile.id || !onProfileUrls(this.profile, message.from.url)) return false;
    let changed = false;
    for (const glob of this.away) {
      const held = this.reads.get(glob);
      if (message.read === null) {
        // Only the frame that sent a read can take it back; another frame at the same path keeps its own.
        if (held?.frameId === message.from.frameId) changed = this.reads.delete(glob) || changed;
      } else if (isFrame(glob, message.from.url)) {
        this.reads.set(glob, { frameId: message.from.frameId, read: message.read });
        changed = true;
      }
    }
    if (!changed) return false;
    if (this.complete) this.waiters.splice(0).forEach((wake) => wake());
    this.onChange();
    return true;
  }
}

/** The slice of `browser.runtime` the frame link uses (a fake one in tests). */
export interface RuntimeLike {
  readonly id: string;
  sendMessage(message: unknown): Promise<unknown>;
  readonly onMessage: {
    addListener(listener: (message: unknown, sender: { id?: string }) => undefined): void;
    removeListener(listener: (message: unknown, sender: { id?: string }) => undefined): void;
  };
}

export interface FrameLinkOptions {
  readonly document: Document;
  readonly url: string;
  readonly runtime: RuntimeLike;
  /** Profiles whose order frame is elsewhere and which place fields in this frame. */
  readonly feeds: readonly SiteProfile[];
  /** The profile whose order table this frame holds, if any. */
  readonly home?: SiteProfile;
  /** A read from another frame changed what the home profile's order holds. */
  readonly onRemoteChange?: () => void;
}

export interface FrameLink {
  /** The home profile's reads from other frames; undefined when it places no field elsewhere. */
  readonly inbox?: FrameInbox;
  dispose(): void;
}

/** Starts this frame's feeds and inbox and the one listener both answer through. */
export function linkFrames(options: FrameLinkOptions): FrameLink {
  const { runtime } = options;
  const send: Send = (message) => runtime.sendMessage(message);
  const feeds = options.feeds.map((profile) => new FrameFeed({ document: options.document, profile, url: options.url, send }));
  const candidate = options.home ? new FrameInbox(options.home, options.url, () => options.onRemoteChange?.()) : undefined;
  const inbox = candidate?.needed ? candidate : undefined;
  if (feeds.length === 0 && !inbox) return { dispose: () => undefined };

  const listener = guarded('frame message', (message: unknown, sender: { id?: string }): undefined => {
    // Messages from our background only; a page cannot send runtime messages to a content script.
    if (sender.id !== runtime.id) return undefined;
    const ask = FrameAskSchema.safeParse(message);
    if (ask.success) for (const feed of feeds) if (feed.profileId === ask.data.profileId) feed.resend();
    const relay = FrameRelaySchema.safeParse(message);
    if (relay.success) inbox?.accept(relay.data);
    return undefined;
  });
  runtime.onMessage.addListener(listener);
  for (const feed of feeds) feed.start();
  if (inbox) runtime.sendMessage({ type: FRAME_READ_ASK, profileId: options.home!.id }).catch(() => undefined);
  return {
    ...(inbox ? { inbox } : {}),
    dispose: () => {
      runtime.onMessage.removeListener(listener);
      for (const feed of feeds) feed.dispose();
    },
  };
}
