import { globMatch } from '../../../adapters/match';
import type { FrameRead } from '../../../adapters/frame-reads';
import { FrameReadSchema } from '../../../adapters/frame-reads';
import type { DraftProfile } from '../../../adapters/authoring/draft';
import type { PreviewFrames } from '../../../adapters/authoring/preview';
import { frameGlobOf } from '../../../adapters/authoring/frame-picks';
import { isFrame } from '../../../adapters/frame-reads';
import type { PickerFrameMessage, PickerFromFrame, RemoteStatus } from '../../../adapters/authoring/messages';

/**
 * The panel's line to the picker script in the tab's other frames (messages.ts): it tells them the
 * draft and the armed field, takes their picks and refusals, and keeps what each frame last read,
 * by the frame's path, for the preview. A frame's identity is its URL as the background reported it.
 */

export interface FrameHandlers {
  /** A click in another frame (at `url`) made this part of the draft. */
  picked(fieldId: string, part: unknown, url: string, summary: string | undefined): void;
  refused(fieldId: string, error: string): void;
  /** A frame's read changed: the preview is read again. */
  changed(): void;
  /** Esc or a right click in another frame. */
  disarm(): void;
}

/** What the session needs of the other frames. */
export interface SessionFrames extends PreviewFrames {
  sync(draft: DraftProfile, armed: string | undefined): void;
  close(): void;
}

interface FrameState {
  readonly url: string;
  readonly statuses: Readonly<Record<string, RemoteStatus>>;
  readonly read?: FrameRead;
}

export class PickerFrames implements SessionFrames {
  /** By the frame's path (what a profile's `frame` glob is matched against). */
  private readonly frames = new Map<string, FrameState>();

  constructor(
    /** The panel's own frame. */
    private readonly url: string,
    private readonly send: (message: PickerFrameMessage) => Promise<unknown>,
    private readonly handlers: FrameHandlers,
  ) {}

  here(glob: string): boolean {
    return isFrame(glob, this.url);
  }

  private find(glob: string): FrameState | undefined {
    for (const [path, state] of this.frames) if (globMatch(glob, path)) return state;
    return undefined;
  }

  read(glob: string): FrameRead | undefined {
    return this.find(glob)?.read;
  }

  status(glob: string, fieldId: string): RemoteStatus | undefined {
    return this.find(glob)?.statuses[fieldId];
  }

  sync(draft: DraftProfile, armed: string | undefined): void {
    this.send({ kind: 'sync', draft, ...(armed ? { armed } : {}) }).catch(() => undefined);
  }

  close(): void {
    this.send({ kind: 'sync', draft: null, closed: true }).catch(() => undefined);
  }

  /** A message relayed from a frame of this tab; the panel's own broadcasts come back too and are ignored. */
  receive(relayed: PickerFromFrame): void {
    const { message, from } = relayed;
    const path = frameGlobOf(from.url);
    if (path === undefined || this.here(path)) return;
    switch (message.kind) {
      case 'picked':
        if (message.error !== undefined) this.handlers.refused(message.fieldId, message.error);
        else this.handlers.picked(message.fieldId, message.value, from.url, message.summary);
        return;
      case 'reads': {
        const read = FrameReadSchema.safeParse(message.read);
        this.frames.set(path, { url: from.url, statuses: message.statuses, ...(read.success ? { read: read.data } : {}) });
        this.handlers.changed();
        return;
      }
      case 'disarm':
        this.handlers.disarm();
        return;
      case 'sync':
        return;
    }
  }
}
