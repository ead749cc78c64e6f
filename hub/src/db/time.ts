/** Both drivers return timestamptz as Date; the API speaks ISO strings. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
