import { z } from 'zod';
import { EngineErrorCodeSchema } from '../contract/engine-errors';
import { CheckResultSchema } from '../contract/findings';
import type { FieldError } from '../rules/pack/load';
import { IsoDateSchema } from '../rules/pack/rule-base';

/**
 * The engine's RPC surface, shared by the worker (comlink), the port server and the port client.
 * Everything crossing a process boundary is described by a schema here: a content script may be
 * compromised, and a response may come from an older engine after an update.
 */

/** Name of the `runtime.Port` content scripts and extension pages open to reach the engine. */
export const ENGINE_PORT_NAME = 'preflight-engine';

/** `runtime.sendMessage` asking the background to (re)create whatever owns the engine. */
export const ENSURE_ENGINE_MESSAGE = 'preflight:ensure-engine';
/** `runtime.sendMessage` from the background asking the engine owner whether it is ready. */
export const ENGINE_READY_MESSAGE = 'preflight:engine-ready';

export const EnsureEngineMessageSchema = z.object({ type: z.literal(ENSURE_ENGINE_MESSAGE) });
export const EngineReadyMessageSchema = z.object({ type: z.literal(ENGINE_READY_MESSAGE) });

/** Typed to the pack loader's own `FieldError` so the two cannot drift apart. */
export const FieldErrorSchema: z.ZodType<FieldError> = z.object({ path: z.string(), message: z.string() });

export const LoadPackOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), packId: z.string(), version: z.string(), ruleCount: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), errors: z.array(FieldErrorSchema) }),
]);

export const CheckOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: CheckResultSchema }),
  z.object({
    ok: z.literal(false),
    /** `no-pack`: nothing was ever loaded, so nothing can be checked (审核未完成, not "no problems"). */
    reason: z.enum(['invalid-order', 'no-pack']),
    errors: z.array(FieldErrorSchema),
  }),
]);

export const EngineStatusSchema = z.object({
  packId: z.string().nullable(),
  packVersion: z.string().nullable(),
  ruleCount: z.number().int().nonnegative(),
  /** ISO timestamp of the last successful `loadPack`. */
  loadedAt: z.string().nullable(),
  /**
   * The active pack's `effective.to` (null: none, or no pack). Past it the pack is still used
   * (规则包已过期); the content script shows and logs that. Optional: an engine from an older build
   * may still be answering right after an update.
   */
  effectiveTo: IsoDateSchema.nullable().optional(),
  sessions: z.number().int().nonnegative(),
});

export type LoadPackOutcome = z.infer<typeof LoadPackOutcomeSchema>;
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** Caller-chosen key of an incremental session: one per order form, so two forms do not thrash one cache. */
export const SessionKeySchema = z.string().min(1).max(200);

/**
 * The engine as the worker exposes it. Synchronous here; comlink and the port RPC make every
 * method asynchronous (see `AsyncEngineApi`).
 */
export interface EngineApi {
  /**
   * Validates and compiles a pack, given as parsed JSON or as JSON text (cheaper to send to a
   * worker), or loads the stored image of a pack validated when it was accepted (no parsing or
   * validation again: rules/engine/image.ts); an invalid pack never replaces the active one.
   */
  loadPack(pack: unknown): LoadPackOutcome;
  /**
   * Takes the active pack out: every check then answers `no-pack` (审核未完成). For a configured
   * workstation whose stored pack lost its trust, where the built-in demo pack must not step in.
   */
  unloadPack(): void;
  check(order: unknown, sessionKey?: string): CheckOutcome;
  status(): EngineStatus;
  /** Forgets an incremental session (its form was closed). */
  endSession(sessionKey: string): void;
}

export type AsyncEngineApi = { [K in keyof EngineApi]: (...args: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>> };

export type EngineMethod = keyof EngineApi;

const requestId = z.number().int().nonnegative();

export const EngineRequestSchema = z.discriminatedUnion('method', [
  z.object({ id: requestId, method: z.literal('loadPack'), args: z.tuple([z.unknown()]) }),
  z.object({ id: requestId, method: z.literal('unloadPack'), args: z.tuple([]) }),
  z.object({ id: requestId, method: z.literal('check'), args: z.tuple([z.unknown(), SessionKeySchema.optional()]) }),
  z.object({ id: requestId, method: z.literal('status'), args: z.tuple([]) }),
  z.object({ id: requestId, method: z.literal('endSession'), args: z.tuple([SessionKeySchema]) }),
]);

export type EngineRequest = z.infer<typeof EngineRequestSchema>;

/** An error answer carries one of the codes in contract/engine-errors.ts. */
export const EngineResponseSchema = z.discriminatedUnion('ok', [
  z.object({ id: requestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: requestId, ok: z.literal(false), error: z.object({ code: EngineErrorCodeSchema, message: z.string() }) }),
]);

export type EngineResponse = z.infer<typeof EngineResponseSchema>;

/** Schema of each method's result, checked by the client before it hands the value on. */
export const engineResultSchemas = {
  loadPack: LoadPackOutcomeSchema,
  unloadPack: z.undefined().or(z.null()).transform(() => undefined),
  check: CheckOutcomeSchema,
  status: EngineStatusSchema,
  endSession: z.undefined().or(z.null()).transform(() => undefined),
} satisfies { [K in EngineMethod]: z.ZodType<ReturnType<EngineApi[K]>, unknown> };
