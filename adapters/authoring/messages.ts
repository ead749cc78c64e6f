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
