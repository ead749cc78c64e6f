/**
 * Parsers answer with a value or a typed failure; they never throw, because a page can hold any
 * text and one odd field must not stop the rest of the order from being checked.
 */
export type Parsed<T, R extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: R; readonly detail: string };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = <R extends string>(reason: R, detail: string): { readonly ok: false; readonly reason: R; readonly detail: string } => ({
  ok: false,
  reason,
  detail,
});
