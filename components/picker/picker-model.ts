import type { DraftIssue, DraftProfile } from '../../adapters/authoring/draft';
import type { DraftPreview } from '../../adapters/authoring/preview';

/** What the picker panel shows and what it can ask for; the session (entrypoints/content/picker) owns both. */

export interface Box {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export interface Outline {
  readonly id: string;
  readonly box: Box;
  readonly label: string;
  readonly broken: boolean;
}

export interface HoverInfo {
  readonly box: Box;
  /** What a click here would assign ("列「天数」"), or why it cannot. */
  readonly text: string;
  readonly ok: boolean;
}

export type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'invalid'; readonly issues: readonly DraftIssue[] }
  | { readonly kind: 'saved'; readonly note?: string }
  | { readonly kind: 'failed'; readonly error: string };

export interface PickerModel {
  readonly mode: 'new' | 'repair';
  readonly draft: DraftProfile;
  readonly preview: DraftPreview;
  /** The field the next click on the page assigns. */
  readonly armed?: string;
  /** The pointer is over an embedded frame: the layer lets it through to the picker running there. */
  readonly passThrough?: boolean;
  readonly hover?: HoverInfo;
  readonly outlines: readonly Outline[];
  /** The last pick's result, for the status line. */
  readonly notice?: { readonly tone: 'ok' | 'error'; readonly text: string };
  /** Header cells of the order table, for choosing a column by name. */
  readonly headers: ReadonlyArray<{ readonly column: string; readonly nth?: number; readonly label: string }>;
  readonly save: SaveState;
  readonly dock: 'left' | 'right';
}

export interface MetaPatch {
  readonly id?: string;
  readonly name?: string;
  readonly urls?: string[];
  readonly paths?: string[];
}

export interface PickerActions {
  arm(fieldId: string): void;
  disarm(): void;
  clear(fieldId: string): void;
  setFixed(fieldId: string, value: string | number): void;
  chooseColumn(fieldId: string, choice: { column: string; nth?: number }): void;
  addMapping(fieldId: string, wording: string, value: string): void;
  setMeta(patch: MetaPatch): void;
  save(): void;
  reload(): void;
  close(): void;
  toggleDock(): void;
  /** Pointer events on the transparent layer over the page while a field is armed. */
  hoverAt(x: number, y: number): void;
  pickAt(x: number, y: number): void;
  scrollAt(x: number, y: number, dx: number, dy: number): void;
}
