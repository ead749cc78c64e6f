import { browser } from 'wxt/browser';
import type { z } from 'zod';
import {
  PACK_CHECK_NOW_MESSAGE,
  PACK_INSTALL_MESSAGE,
  PACK_STATUS_MESSAGE,
  PackActionAnswerSchema,
  PackStatusSchema,
  type PackActionAnswer,
  type PackRequest,
  type PackStatus,
} from '../../../pack-updates/messages';

/**
 * The options page's side of the background's rule-pack service (pack-updates/messages.ts).
 * The background may be missing the service (an older build), busy starting, or answer something
 * else: every call settles, and "no answer" is a result the page shows, never an exception.
 */

export type PackAnswer<T> = { ok: true; value: T } | { ok: false; problem: 'no-answer' | 'bad-answer'; detail: string };

export interface PackService {
  status(): Promise<PackAnswer<PackStatus>>;
  checkNow(): Promise<PackAnswer<PackActionAnswer>>;
  install(envelope: string): Promise<PackAnswer<PackActionAnswer>>;
}

export type SendPackMessage = (request: PackRequest) => Promise<unknown>;

export interface PackServiceTimeouts {
  /** Status is read from memory or storage. */
  statusMs: number;
  /** Checking downloads the pack and verifies it; installing verifies and compiles it. */
  actionMs: number;
}

const DEFAULT_TIMEOUTS: PackServiceTimeouts = { statusMs: 5_000, actionMs: 60_000 };

const sendRuntimeMessage: SendPackMessage = (request) => browser.runtime.sendMessage(request);

async function ask<T>(send: SendPackMessage, request: PackRequest, schema: z.ZodType<T>, timeoutMs: number): Promise<PackAnswer<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<PackAnswer<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, problem: 'no-answer', detail: `no answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  });
  const asked = (async (): Promise<PackAnswer<T>> => {
    let answer: unknown;
    try {
      answer = await send(request);
    } catch (e) {
      // Chrome: "Could not establish connection. Receiving end does not exist."
      return { ok: false, problem: 'no-answer', detail: e instanceof Error ? e.message : String(e) };
    }
    // No listener took the message: the background has no pack service.
    if (answer === undefined || answer === null) return { ok: false, problem: 'no-answer', detail: 'the background sent no answer' };
    const parsed = schema.safeParse(answer);
    if (!parsed.success) return { ok: false, problem: 'bad-answer', detail: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
    return { ok: true, value: parsed.data };
  })();
  try {
    return await Promise.race([asked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createPackService(send: SendPackMessage = sendRuntimeMessage, timeouts: Partial<PackServiceTimeouts> = {}): PackService {
  const { statusMs, actionMs } = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return {
    status: () => ask(send, { type: PACK_STATUS_MESSAGE }, PackStatusSchema, statusMs),
    checkNow: () => ask(send, { type: PACK_CHECK_NOW_MESSAGE }, PackActionAnswerSchema, actionMs),
    install: (envelope) => ask(send, { type: PACK_INSTALL_MESSAGE, envelope }, PackActionAnswerSchema, actionMs),
  };
}
