import { z } from 'zod';
import { SyncStatusSchema } from './sync-status';

/** 立即上传: an extension page (the popup) asks the background for an upload pass now. */
export const UPLOAD_NOW_MESSAGE = 'preflight.sync.uploadNow';

export const UploadNowRequestSchema = z.object({ type: z.literal(UPLOAD_NOW_MESSAGE) });

export const UploadNowAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: SyncStatusSchema }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export type UploadNowAnswer = z.infer<typeof UploadNowAnswerSchema>;
