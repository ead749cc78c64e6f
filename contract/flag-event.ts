import { z } from 'zod';
import { DecisionSchema } from './decision';
import { FindingSchema } from './findings';
import { EngineErrorCodeSchema } from './engine-errors';
import { ProfileProblemSchema } from './profile-problems';
import { OrderSummarySchema } from './order-summary';
import { MAX_TEXT_LENGTH, storableText } from './storable-text';

export { MAX_TEXT_LENGTH, storableText } from './storable-text';

/**
 * What the content script records about each order: the findings the doctor was shown, what the
 * doctor did about them, and the checks that could not be completed. The records stay in the
 * extension's IndexedDB (Dexie) until the hub collects them, and they feed 3103 feedback.
 *
 * No patient data: orders are named by their page id, patients only by a salted digest of the
 * adapter's pseudonymous key (never a name or record number), pages by origin and path only (a
 * query string can carry a record number).
 */

/**
 * What the hub's database can store, and so what a record may hold on either side (issue #13).
 * Texts are normalised rather than refused: PostgreSQL text cannot hold NUL, and jsonb refuses a
 * lone UTF-16 surrogate, so NULs are removed, lone surrogates become U+FFFD and every text is cut
 * to a length. Numbers and dates out of their bounds are refused: they are wrong, not untidy.
 */

/** No record is older: Preflight did not exist before. */
export const EVENT_EPOCH = '2020-01-01T00:00:00.000Z';
/** How far ahead of the checking clock a record may be dated (a workstation's clock a little fast). */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;
/** Largest amount at risk of one finding, in yuan. */
export const MAX_AMOUNT_AT_RISK = 1e9;
/** Largest finding count of one review. */
export const MAX_FINDING_COUNT = 10_000;
const MAX_DEPTH = 8;

/** Every text in a record made storable (see storableText); other values untouched. */
export function storableRecord(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => storableRecord(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[storableText(key, 200)] = storableRecord(item, depth + 1);
  return out;
}

/** An instant between EVENT_EPOCH and a day past the checking clock (read at each check). */
export const EventTimeSchema = z
  .string()
  .datetime({ offset: true })
  .refine((at) => Date.parse(at) >= Date.parse(EVENT_EPOCH), { message: `before ${EVENT_EPOCH}` })
  .refine((at) => Date.parse(at) <= Date.now() + MAX_CLOCK_AHEAD_MS, { message: 'more than a day in the future' });

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

/** Longest 依据 kept with a logged finding (a merged basis names several sources). */
export const MAX_LOGGED_BASIS = 1000;
/** Longest message kept; the engine writes at most MESSAGE_MAX (140), a HIS answer may say more. */
export const MAX_LOGGED_MESSAGE = 500;

/** The finding as logged: what identifies it, what it concerned, and what the doctor was told. */
export const LoggedFindingSchema = FindingSchema.pick({
  ruleId: true,
  kind: true,
  severity: true,
  lineId: true,
  amountAtRisk: true,
}).extend({
  /** The line's 医保编码, so the 医保办 can see which drugs trigger which rules. */
  lineCode: z.string().max(64).optional(),
  amountAtRisk: z.number().min(0).max(MAX_AMOUNT_AT_RISK).optional(),
  /**
   * Addition (issue #11): the message the doctor read and its 依据, so the 质控 reviews the
   * warning as it was given, not a rule id. Optional: older records and older extensions lack them.
   */
  message: z.string().max(MAX_LOGGED_MESSAGE).optional(),
  basis: z.string().max(MAX_LOGGED_BASIS).optional(),
});

/** Where a finding was shown: as a prompt, passively, or not at all (silent mode). */
export const ShownModeSchema = z.enum(['interruptive', 'passive', 'silent']);

/**
 * The order an event concerns, as the dashboard groups it: department, doctor and a patient key
 * that names no one. Optional on every record: events outside an order (a broken page, an error)
 * and pages that show none of these carry none.
 */
const contextFields = {
  department: z.string().min(1).max(100).optional(),
  prescriberId: z.string().min(1).max(64).optional(),
};

type EventContextFields = { department?: string; prescriberId?: string; patientKey?: string };

/** The hub's patient key: SHA-256 over the install salt and the pseudonymous key, as 64 hex digits. */
export const PATIENT_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The adapter's pseudonymous key (adapters/patient-key.ts: `p-` and 16 hex digits of a salted
 * FNV-1a). `p-unknown` — no identifier on the page — deliberately does not match.
 */
export const PSEUDONYMOUS_KEY_PATTERN = /^p-[0-9a-f]{16}$/;

/** The context as stored in the flag log and uploaded to the hub. */
export const EventContextSchema = z.object({
  ...contextFields,
  patientKey: z.string().regex(PATIENT_DIGEST_PATTERN, 'expected a salted SHA-256 hex digest, not a patient identifier').optional(),
});

/**
 * The context as a content script records it: the pseudonymous key, which the background turns
 * into the digest before storing (pages served over http have no `crypto.subtle`).
 */
export const RecordedContextSchema = z.object({
  ...contextFields,
  patientKey: z.string().regex(PSEUDONYMOUS_KEY_PATTERN, 'expected a pseudonymous patient key p-…').optional(),
});

/** One set of event schemas per form of `context`; everything else is the same record. */
function flagEventSchemas<C extends z.ZodType<EventContextFields>>(context: C) {
  const base = {
    /** Random id made by the content script: re-sending a batch never duplicates a record. */
    id: z.string().min(8).max(64),
    at: EventTimeSchema,
    /** One content-script instance (a page load in one frame). */
    sessionId: z.string().min(1).max(64),
    profileId: z.string().min(1).max(100),
    /** Origin and path of the page, without query or fragment. */
    page: z.string().max(500),
    packVersion: z.string().max(64).optional(),
    context: context.optional(),
  };

  const orderBase = { ...base, orderId: z.string().min(1).max(200) };

  /**
   * Addition (issue #11): the order's lines and diagnoses as the page showed them
   * (contract/order-summary.ts), on the records the 质控 groups by prescription. Never the patient.
   */
  const order = OrderSummarySchema.optional();

  const findingShown = z.object({
    ...orderBase,
    type: z.literal('finding-shown'),
    finding: LoggedFindingSchema,
    mode: ShownModeSchema,
    timings: FlagTimingsSchema,
    order,
  });

  const decision = z.object({
    ...orderBase,
    type: z.literal('decision'),
    finding: LoggedFindingSchema,
    decision: DecisionSchema,
  });

  /**
   * A submission attempt the guard saw, and what it did: let it through at once (`clean`), held it
   * for review, or let it through unchecked (`incomplete`, `adapter-broken`, `silent`).
   */
  /**
   * 报告误报: the doctor objects that a finding is wrong (the rule does not fit this patient or
   * order). It reaches the 医保办 with the rest of the log; the note is the doctor's own words.
   */
  const objection = z.object({
    ...orderBase,
    type: z.literal('objection'),
    finding: LoggedFindingSchema,
    reason: z.string().max(500).optional(),
  });

  const submitCheck = z.object({
    ...base,
    orderId: z.string().min(1).max(200).optional(),
    type: z.literal('submit-check'),
    outcome: z.enum(['clean', 'review', 'incomplete', 'adapter-broken', 'silent']),
    /** How long the submission was held waiting for a fresh result. */
    waitedMs: Millis,
    /** The order as submitted (see `order` above): what the prescription finally held. */
    order,
  });

  const review = z.object({
    ...orderBase,
    type: z.literal('review'),
    outcome: z.enum(['continued', 'returned']),
    findingCount: z.number().int().nonnegative().max(MAX_FINDING_COUNT),
  });

  const checkIncomplete = z.object({
    ...base,
    orderId: z.string().min(1).max(200).optional(),
    type: z.literal('check-incomplete'),
    /** An engine error code, `slow` (no answer within the budget), or the engine's own refusal. */
    reason: z.union([EngineErrorCodeSchema, z.enum(['slow', 'no-pack', 'invalid-order'])]),
    during: z.enum(['typing', 'submit']),
    elapsedMs: Millis,
  });

  const adapterBroken = z.object({
    ...base,
    type: z.literal('adapter-broken'),
    problems: z.array(ProfileProblemSchema).max(20),
  });

  /**
   * The page fits its profile but some fields could not be read (a renamed optional column):
   * checking goes on without them and the badge names them. Once per page load and set of fields,
   * so the 医保办 hears of the profile to update without a record per keystroke.
   */
  const profileProblem = z.object({
    ...base,
    type: z.literal('profile-problem'),
    problems: z.array(ProfileProblemSchema).max(20),
  });

  const contentError = z.object({
    ...base,
    type: z.literal('content-error'),
    where: z.string().max(100),
    message: z.string().max(500),
  });

  /**
   * 规则包已过期: the pack in force is past its `effective.to` and is still used for checking (the
   * last good pack stays until a newer one comes). Recorded once per page session, so the 医保办
   * sees which workstations check with an out-of-date pack, and since when.
   */
  const packExpired = z.object({
    ...base,
    type: z.literal('pack-expired'),
    packVersion: z.string().min(1).max(64),
    packId: z.string().min(1).max(200).optional(),
    /** The pack's `effective.to`, YYYY-MM-DD. */
    effectiveTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  });

  const all = z.discriminatedUnion('type', [findingShown, decision, submitCheck, review, checkIncomplete, adapterBroken, profileProblem, contentError, objection, packExpired]);
  return {
    findingShown,
    decision,
    objection,
    submitCheck,
    review,
    checkIncomplete,
    adapterBroken,
    profileProblem,
    contentError,
    packExpired,
    /** The strict union: what a record is once its texts are storable. */
    strict: all,
    /** The same, taking any record and making its texts storable first (storableRecord). */
    all: z.preprocess((value) => storableRecord(value), all),
  };
}

const stored = flagEventSchemas(EventContextSchema);

export const FindingShownEventSchema = stored.findingShown;
export const DecisionEventSchema = stored.decision;
export const ObjectionEventSchema = stored.objection;
export const SubmitCheckEventSchema = stored.submitCheck;
export const ReviewEventSchema = stored.review;
export const CheckIncompleteEventSchema = stored.checkIncomplete;
export const AdapterBrokenEventSchema = stored.adapterBroken;
export const ProfileProblemEventSchema = stored.profileProblem;
export const ContentErrorEventSchema = stored.contentError;
export const PackExpiredEventSchema = stored.packExpired;

/**
 * A flag-log record as stored in the extension and uploaded to the hub (one schema for both):
 * whatever passes it, the hub's database stores.
 */
export const FlagEventSchema = stored.all;

/**
 * Who made an event: the extension on a workstation (uploaded), or the hub itself answering a HIS
 * through the national 3101/3102 check and 3103 feedback (issue #16). The hub stamps it, as it
 * stamps the workstation; it is never part of an uploaded record.
 */
export const EventSourceSchema = z.enum(['extension', 'his-3101']);

/** The record types, in schema order. */
export const FLAG_EVENT_TYPES = stored.strict.options.map((option) => option.shape.type.value) as [FlagEvent['type'], ...FlagEvent['type'][]];

/**
 * A record as the content script sends it to the background: the same, except that its patient
 * key is still the pseudonymous one (see RecordedContextSchema).
 */
export const RecordedFlagEventSchema = flagEventSchemas(RecordedContextSchema).all;

export type FlagTimings = z.infer<typeof FlagTimingsSchema>;
export type EventContext = z.infer<typeof EventContextSchema>;
export type RecordedContext = z.infer<typeof RecordedContextSchema>;
export type LoggedFinding = z.infer<typeof LoggedFindingSchema>;
export type ShownMode = z.infer<typeof ShownModeSchema>;
export type FlagEvent = z.infer<typeof FlagEventSchema>;
/** Structurally a FlagEvent; only the patient key's format differs (checked at run time). */
export type RecordedFlagEvent = z.infer<typeof RecordedFlagEventSchema>;
export type FlagEventType = FlagEvent['type'];
export type EventSource = z.infer<typeof EventSourceSchema>;

/** An event before the recorder stamps it with id, time, session, page and the order's context. */
export type FlagEventDraft = FlagEvent extends infer E
  ? E extends FlagEvent
    ? Omit<E, 'id' | 'at' | 'sessionId' | 'profileId' | 'page' | 'context'>
    : never
  : never;
