import { z } from 'zod';

/**
 * The runtime messages between an extension page (the options page's 站点配置 tab, a popup) and the
 * picker script in a tab. The picker is not part of the main content script: it is injected on
 * demand (see launch.ts), so a doctor's page never carries its code.
 */

export const PICKER_START = 'preflight.picker.start';
export const PICKER_PING = 'preflight.picker.ping';

export const PickerStartSchema = z.object({
  type: z.literal(PICKER_START),
  /** Repair mode: the id of a configured profile (built-in, managed or local). */
  profileId: z.string().min(1).optional(),
  /** Repair mode with the profile itself (e.g. a local draft not saved yet); wins over profileId. */
  profile: z.unknown().optional(),
});

export const PickerPingSchema = z.object({ type: z.literal(PICKER_PING) });

export type PickerStart = z.infer<typeof PickerStartSchema>;

export type PickerReply = { ok: true; active: boolean } | { ok: false; error: string };

// --- between the frames of the tab -----------------------------------------------------------------
//
// The panel runs in one frame (the one with the order table); the picker script runs in every frame
// of the tab (launch.ts), and in the others it only answers the panel: it shows what a click would
// pick there and sends the pick, and it reads the fields the draft places in its frame. All of this
// goes through the background (adapters/frame-relay-background.ts), never window.postMessage, which
// page scripts could forge; the background adds the sender's frame and URL as the browser reports
// them, and the panel takes a pick's frame from that URL, not from the message.

/** Any picker message for the other frames of the sender's tab, content script → background. */
export const PICKER_TO_FRAMES = 'preflight.picker.to-frames';
/** The same message handed by the background to every frame of the tab. */
export const PICKER_FROM_FRAME = 'preflight.picker.from-frame';

/** Panel → frames: the draft and the field being picked (undefined: none); `closed` ends the session. */
export const PickerSyncSchema = z.object({
  kind: z.literal('sync'),
  draft: z.unknown(),
  armed: z.string().max(64).optional(),
  closed: z.boolean().optional(),
});

/** A field's status as a frame other than the panel's read it (FieldStatus without the element). */
export const RemoteStatusSchema = z.object({
  assigned: z.boolean(),
  found: z.boolean(),
  raw: z.string().max(2000).optional(),
  value: z.string().max(2000).optional(),
  error: z.string().max(2000).optional(),
  unmapped: z.string().max(200).optional(),
});

/** Frame → panel: a click there, as the locator (or the diagnoses block) it makes, or why not. */
export const PickerPickedSchema = z.object({
  kind: z.literal('picked'),
  fieldId: z.string().max(64),
  value: z.unknown().optional(),
  summary: z.string().max(500).optional(),
  error: z.string().max(500).optional(),
});

/** Frame → panel: what the draft reads in that frame now (statuses by field id; the frame's read once the draft is valid). */
export const PickerReadsSchema = z.object({
  kind: z.literal('reads'),
  statuses: z.record(z.string().max(64), RemoteStatusSchema),
  read: z.unknown().optional(),
});

/** Frame → panel: Esc or a right click there. */
export const PickerDisarmSchema = z.object({ kind: z.literal('disarm') });

export const PickerFrameMessageSchema = z.discriminatedUnion('kind', [PickerSyncSchema, PickerPickedSchema, PickerReadsSchema, PickerDisarmSchema]);

export const PickerToFramesSchema = z.object({ type: z.literal(PICKER_TO_FRAMES), message: PickerFrameMessageSchema });
export const PickerFromFrameSchema = z.object({
  type: z.literal(PICKER_FROM_FRAME),
  from: z.object({ frameId: z.number().int().min(0), url: z.string().max(4096) }),
  message: PickerFrameMessageSchema,
});

export type PickerFrameMessage = z.infer<typeof PickerFrameMessageSchema>;
export type PickerFromFrame = z.infer<typeof PickerFromFrameSchema>;
export type RemoteStatus = z.infer<typeof RemoteStatusSchema>;
