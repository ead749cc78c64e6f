import type { FlagEvent } from '../../contract/flag-event';
import { UploadAnswerSchema, type UploadAnswer } from '../../contract/upload-batch';

/** One POST of a batch to the hub's upload endpoint (hub/README.md, "Upload"), and what came of it. */

export interface HubTarget {
  hubUrl: string;
  hubToken: string;
}

export type UploadResponse =
  /** The hub answered for the batch: every record in it may be marked uploaded. */
  | { kind: 'answered'; answer: UploadAnswer }
  /** The hub (or a proxy) refused with an HTTP status. */
  | { kind: 'refused'; status: number; message: string }
  /** A 200 whose body is not the upload answer (a captive portal, a proxy's page). */
  | { kind: 'garbled'; message: string }
  /** No answer at all: unreachable, reset, timed out. */
  | { kind: 'unreachable'; message: string };

export const UPLOAD_PATH = 'api/v1/events';

/** The upload URL under the hub URL, which may carry a path of its own (a reverse proxy's prefix). */
export function uploadUrl(hubUrl: string): string {
  return new URL(UPLOAD_PATH, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`).href;
}

export interface PostOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function postEvents(target: HubTarget, body: string, options: PostOptions = {}): Promise<UploadResponse> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(uploadUrl(target.hubUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${target.hubToken}`, 'Content-Type': 'application/json' },
      body,
      // Cookies of the hub's origin have no business here; the token says who we are.
      credentials: 'omit',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    return { kind: 'unreachable', message: describe(error) };
  }
  if (response.status !== 200) return { kind: 'refused', status: response.status, message: await errorMessage(response) };
  try {
    const answer = UploadAnswerSchema.safeParse(await response.json());
    return answer.success ? { kind: 'answered', answer: answer.data } : { kind: 'garbled', message: 'answer is not {accepted, duplicates, rejected}' };
  } catch (error) {
    return { kind: 'garbled', message: describe(error) };
  }
}

/** The hub's `{error, message}` when it sent one, else the status text. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown; error?: unknown };
    const text = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : '';
    if (text) return `${response.status} ${text}`.slice(0, 300);
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  return `${response.status} ${response.statusText}`.trim().slice(0, 300);
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error.name === 'TimeoutError' ? 'timed out' : error.message).slice(0, 300);
  return String(error).slice(0, 300);
}

/** The record as uploaded: the flag event without the log's own bookkeeping. */
export function uploadForm(record: FlagEvent & { uploadedAt?: number }): FlagEvent {
  const event = { ...record };
  delete event.uploadedAt;
  return event;
}
