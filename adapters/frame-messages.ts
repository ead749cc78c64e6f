import { z } from 'zod';
import { FrameReadSchema } from './frame-reads';

/**
 * How frames of one tab pass page fields to the frame with the order table: always through the
 * background, never by window.postMessage. A page script can post any message to any frame, and
 * nothing in it could be told from ours; runtime messages reach the background only from our own
 * content scripts (the manifest has no externally_connectable), and the background adds where the
 * read came from — the sender's frame id and URL as the browser reports them, not as the message
 * says. The order frame then takes a read only from a URL its profile covers, for the fields its
 * profile places in a frame at that path.
 */

/** A frame's read of the fields it shows (null: the frame is going away), content script → background. */
export const FRAME_READ = 'preflight.frame-read';
/** The order frame asks the frames of its tab to send their reads again (it just started). */
export const FRAME_READ_ASK = 'preflight.frame-read.ask';
/** A read passed on by the background to every frame of the sender's tab. */
export const FRAME_READ_RELAY = 'preflight.frame-read.relay';

const ProfileId = z.string().min(1).max(100);

export const FrameReadMessageSchema = z.object({ type: z.literal(FRAME_READ), profileId: ProfileId, read: FrameReadSchema.nullable() });
export const FrameAskSchema = z.object({ type: z.literal(FRAME_READ_ASK), profileId: ProfileId });
export const FrameRelaySchema = z.object({
  type: z.literal(FRAME_READ_RELAY),
  profileId: ProfileId,
  /** Filled in by the background from the message's sender. */
  from: z.object({ frameId: z.number().int().min(0), url: z.string().max(4096) }),
  read: FrameReadSchema.nullable(),
});

export type FrameReadMessage = z.infer<typeof FrameReadMessageSchema>;
export type FrameAsk = z.infer<typeof FrameAskSchema>;
export type FrameRelay = z.infer<typeof FrameRelaySchema>;
