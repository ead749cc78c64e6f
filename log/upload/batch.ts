import type { FlagEvent } from '../../contract/flag-event';

/**
 * Cuts the oldest queued records into one request body under a byte budget. Records are measured
 * as serialised, so a batch of long texts (adapter problems, decision reasons — up to 2,000
 * characters each) is cut short instead of drawing a 413.
 */

export interface PackedBatch<T> {
  /** The records in `body`, in queue order. */
  records: T[];
  body: string;
  /** Records that alone exceed the budget: they can never be sent. */
  oversize: T[];
}

const encoder = new TextEncoder();
const ENVELOPE_BYTES = encoder.encode('{"events":[]}').length;

export function packBatch<T>(queue: readonly T[], maxBytes: number, serialize: (record: T) => FlagEvent): PackedBatch<T> {
  const records: T[] = [];
  const parts: string[] = [];
  const oversize: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const record of queue) {
    const json = JSON.stringify(serialize(record));
    const size = encoder.encode(json).length;
    if (ENVELOPE_BYTES + size > maxBytes) {
      oversize.push(record);
      continue;
    }
    const separator = parts.length > 0 ? 1 : 0;
    if (bytes + separator + size > maxBytes) break;
    bytes += separator + size;
    records.push(record);
    parts.push(json);
  }
  return { records, body: `{"events":[${parts.join(',')}]}`, oversize };
}
