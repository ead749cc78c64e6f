import { z } from 'zod';
import { ReviewSourceError } from '../../contract/review/data-source';

/**
 * The hub's API from the dashboard: bearer token on every call, every answer parsed with a zod
 * schema before anyone uses it, every failure turned into a ReviewSourceError that says which
 * kind of failure it was (401, 403, refused, malformed, unreachable, cancelled).
 */

export const API_BASE = '/api/v1';

const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export interface HubClientOptions {
  /** Where the API is; the dashboard is served by the hub, so same origin by default. */
  base?: string;
  fetch?: typeof fetch;
  /** Called on any 401: the token was revoked or the hub's pepper changed. */
  onUnauthenticated?: () => void;
}

type Params = Record<string, string | number | undefined>;

export class HubClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly token: string,
    private readonly options: HubClientOptions = {},
  ) {
    this.base = options.base ?? API_BASE;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get<S extends z.ZodType>(path: string, params: Params, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
    const search = query.size > 0 ? `?${query}` : '';
    return this.request(`${path}${search}`, { method: 'GET' }, schema, signal);
  }

  /** `answered`: error statuses whose body is an answer in `schema` (a CSV import's row errors, 422), not a failure. */
  post<S extends z.ZodType>(path: string, body: unknown, schema: S, signal?: AbortSignal, answered: readonly number[] = []): Promise<z.infer<S>> {
    return this.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }, schema, signal, answered);
  }

  private async request<S extends z.ZodType>(path: string, init: RequestInit, schema: S, signal?: AbortSignal, answered: readonly number[] = []): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        cache: 'no-store',
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted || (error instanceof DOMException && error.name === 'AbortError')) throw new ReviewSourceError('cancelled', 'cancelled');
      throw new ReviewSourceError('network', error instanceof Error ? error.message : String(error));
    }
    const text = await readText(response, signal);
    if (!response.ok && !answered.includes(response.status)) throw this.failure(response.status, text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ReviewSourceError('malformed', `answer to ${path} is not JSON`, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
      throw new ReviewSourceError('malformed', `answer to ${path.split('?')[0]} does not match its schema`, response.status, details);
    }
    return parsed.data;
  }

  private failure(status: number, text: string): ReviewSourceError {
    let message = `HTTP ${status}`;
    let details: { path: string; message: string }[] = [];
    try {
      const body = ErrorBodySchema.safeParse(JSON.parse(text));
      if (body.success) {
        message = body.data.message;
        details = body.data.details ?? [];
      }
    } catch {
      // Not our JSON (a proxy's error page): the status says enough.
    }
    if (status === 401) {
      this.options.onUnauthenticated?.();
      return new ReviewSourceError('unauthenticated', message, status);
    }
    if (status === 403) return new ReviewSourceError('forbidden', message, status);
    if (status === 404) return new ReviewSourceError('not-found', message, status, details);
    if (status >= 500) return new ReviewSourceError('server', message, status);
    return new ReviewSourceError('invalid', message, status, details);
  }
}

async function readText(response: Response, signal?: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (signal?.aborted) throw new ReviewSourceError('cancelled', 'cancelled');
    throw new ReviewSourceError('network', error instanceof Error ? error.message : String(error), response.status);
  }
}
