import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody, HttpError } from './errors';

/** Refuses bodies over `maxSize` bytes with 413, whether announced by Content-Length or streamed. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => c.json(errorBody('payload-too-large', `request body is larger than ${maxSize} bytes`), 413),
  });
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
