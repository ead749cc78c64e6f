import { z } from 'zod';
import { DecisionSchema } from '../rules/contract/decision';
import { FindingSchema } from '../rules/contract/findings';
import { EngineErrorCodeSchema } from '../workers/engine-api';
import { ProfileProblemSchema } from '../adapters/problems';

/**
 * What the content script records about each order: the findings the doctor was shown, what the
 * doctor did about them, and the checks that could not be completed. The records stay in the
 * extension's IndexedDB (Dexie) until the hub collects them, and they feed 3103 feedback.
 *
 * No patient data: orders are named by their page id, patients not at all, pages by origin and
 * path only (a query string can carry a record number).
 */

const Millis = z.number().nonnegative().max(3_600_000);

/** Time from reading the page to the findings on screen, split by stage. */
export const FlagTimingsSchema = z.object({
  /** Reading the order out of the page (the changed rows only, when that sufficed). */
  extractMs: Millis,
  /** Engine round trip, port and worker included. */
  engineMs: Millis,
  /** Rendering the overlay until the next frame was painted. */
  renderMs: Millis,
  /** Extraction start → findings painted. */
  totalMs: Millis,
});

/** The finding as logged: what identifies it and what it concerned, not its (long) texts. */
export const LoggedFindingSchema = FindingSchema.pick({
  ruleId: true,
  kind: true,
  severity: true,
  lineId: true,
  amountAtRisk: true,
}).extend({
  /** The line's 医保编码, so the 医保办 can see which drugs trigger which rules. */
  lineCode: z.string().max(64).optional(),
});

/** Where a finding was shown: as a prompt, passively, or not at all (silent mode). */
export const ShownModeSchema = z.enum(['interruptive', 'passive', 'silent']);

const base = {
  /** Random id made by the content script: re-sending a batch never duplicates a record. */
  id: z.string().min(8).max(64),
  at: z.string().datetime({ offset: true }),
  /** One content-script instance (a page load in one frame). */
  sessionId: z.string().min(1).max(64),
  profileId: z.string().min(1).max(100),
  /** Origin and path of the page, without query or fragment. */
  page: z.string().max(500),
  packVersion: z.string().max(64).optional(),
};

const orderBase = { ...base, orderId: z.string().min(1).max(200) };

export const FindingShownEventSchema = z.object({
  ...orderBase,
  type: z.literal('finding-shown'),
  finding: LoggedFindingSchema,
  mode: ShownModeSchema,
  timings: FlagTimingsSchema,
});

export const DecisionEventSchema = z.object({
  ...orderBase,
  type: z.literal('decision'),
  finding: LoggedFindingSchema,
  decision: DecisionSchema,
});

/**
 * A submission attempt the guard saw, and what it did: let it through at once (`clean`), held it
 * for review, or let it through unchecked (`incomplete`, `adapter-broken`, `silent`).
 */
export const SubmitCheckEventSchema = z.object({
  ...base,
  orderId: z.string().min(1).max(200).optional(),
  type: z.literal('submit-check'),
  outcome: z.enum(['clean', 'review', 'incomplete', 'adapter-broken', 'silent']),
  /** How long the submission was held waiting for a fresh result. */
  waitedMs: Millis,
});

export const ReviewEventSchema = z.object({
  ...orderBase,
  type: z.literal('review'),
  outcome: z.enum(['continued', 'returned']),
  findingCount: z.number().int().nonnegative(),
});

export const CheckIncompleteEventSchema = z.object({
  ...base,
  orderId: z.string().min(1).max(200).optional(),
  type: z.literal('check-incomplete'),
  /** An engine error code, `slow` (no answer within the budget), or the engine's own refusal. */
  reason: z.union([EngineErrorCodeSchema, z.enum(['slow', 'no-pack', 'invalid-order'])]),
  during: z.enum(['typing', 'submit']),
  elapsedMs: Millis,
});

export const AdapterBrokenEventSchema = z.object({
  ...base,
  type: z.literal('adapter-broken'),
  problems: z.array(ProfileProblemSchema).max(20),
});

export const ContentErrorEventSchema = z.object({
  ...base,
  type: z.literal('content-error'),
  where: z.string().max(100),
  message: z.string().max(500),
});

export const FlagEventSchema = z.discriminatedUnion('type', [
  FindingShownEventSchema,
  DecisionEventSchema,
  SubmitCheckEventSchema,
  ReviewEventSchema,
  CheckIncompleteEventSchema,
  AdapterBrokenEventSchema,
  ContentErrorEventSchema,
]);

export type FlagTimings = z.infer<typeof FlagTimingsSchema>;
export type LoggedFinding = z.infer<typeof LoggedFindingSchema>;
export type ShownMode = z.infer<typeof ShownModeSchema>;
export type FlagEvent = z.infer<typeof FlagEventSchema>;
export type FlagEventType = FlagEvent['type'];

/** An event before the recorder stamps it with id, time, session and page. */
export type FlagEventDraft = FlagEvent extends infer E
  ? E extends FlagEvent
    ? Omit<E, 'id' | 'at' | 'sessionId' | 'profileId' | 'page'>
    : never
  : never;
