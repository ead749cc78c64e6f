import type { z } from 'zod';
import { zodErrors, type FieldError } from '../../../rules/pack/load';

/** An error that is the client's to fix: it becomes a JSON response with this status and no stack. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: FieldError[];
}

export function errorBody(code: string, message: string, details: FieldError[] = []): ErrorBody {
  return details.length > 0 ? { error: code, message, details } : { error: code, message };
}

/** Parses with `schema` or throws a 400 naming each bad field by its path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid-' + what, `invalid ${what}`, zodErrors(parsed.error));
  return parsed.data;
}
