import { z } from 'zod';

/**
 * Why a call did not produce an engine answer. Every one of them means 审核未完成 for the doctor.
 * - `timeout`: no answer in time (the port may have died silently);
 * - `disconnected`: the port closed, or could not be opened;
 * - `bad-request` / `bad-response`: a message failed its schema;
 * - `forbidden`: the caller may not use this method (loadPack from a web page);
 * - `engine-failed`: the engine threw or its worker died.
 *
 * Part of the contract because a flag-log record names the code when a check could not be
 * completed (check-incomplete), and the hub stores and counts it.
 */
export const EngineErrorCodeSchema = z.enum(['timeout', 'disconnected', 'bad-request', 'bad-response', 'forbidden', 'engine-failed']);
export type EngineErrorCode = z.infer<typeof EngineErrorCodeSchema>;
