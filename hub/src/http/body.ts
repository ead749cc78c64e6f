import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody, HttpError } from './errors';

/**
 * Refuses bodies over `maxSize` bytes, whether announced by Content-Length or streamed, with
 * `onError`'s answer. A body announced by Content-Length (every HIS and workstation sends one) is
 * judged by the header alone, as Hono's bodyLimit judges it, but without touching the request's
 * `body`: on @hono/node-server that property builds a web Request and a web stream over the
 * socket, and the body is then read through both — for a 3101 check, a tenth of the hub's CPU and
 * garbage that lives long enough to be promoted, so young-generation pauses of 10–40 ms. The
 * handler's `c.req.text()` then reads the socket directly. A streamed body (chunked) still goes
 * through bodyLimit, which counts it as it arrives.
 */
export function boundedBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (parseInt(length || '0', 10) > maxSize) return onError(c);
    await next();
  };
}

/** Refuses bodies over `maxSize` bytes with 413, whether announced by Content-Length or streamed. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return boundedBody(maxSize, (c) => c.json(errorBody('payload-too-large', `request body is larger than ${maxSize} bytes`), 413));
}

/** The body as text, insisting on a JSON content type (a form post from a web page is not JSON). */
export async function readJsonText(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported-media-type', 'expected Content-Type: application/json');
  }
  return c.req.text();
}

/** The parsed JSON body; malformed JSON is a 400 at the root path with the parser's message. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readJsonText(c);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid-json', 'request body is not valid JSON', [{ path: '(root)', message: (error as Error).message }]);
  }
}
