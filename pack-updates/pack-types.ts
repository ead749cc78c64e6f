import type { z } from 'zod';
import { PackRejectionSchema, PackStatusSchema, type PackStatus } from './messages';

/**
 * Shapes the pack service passes around, all taken from the message contract so that what is
 * stored, what is reported and what pages receive cannot drift apart.
 */

export const ActivePackMetaSchema = PackStatusSchema.shape.active.unwrap();
export type ActivePackMeta = z.infer<typeof ActivePackMetaSchema>;

export const LastCheckSchema = PackStatusSchema.shape.lastCheck.unwrap();
export type LastCheck = z.infer<typeof LastCheckSchema>;

export type PackRejection = z.infer<typeof PackRejectionSchema>;
export type UpdateCheckOutcome = LastCheck['outcome'];
export type PackSource = ActivePackMeta['source'];

/** What rollback protection compares against: the pack in force, stored or built-in. */
export interface PackIdentity {
  id: string;
  version: string;
}

export type { PackStatus };
