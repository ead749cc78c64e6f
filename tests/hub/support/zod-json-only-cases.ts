import type { z } from 'zod';
import { NhsaRequestEnvelopeSchema } from '../../../contract/nhsa-envelope';
import { UploadedEventSchema } from '../../../contract/upload-batch';
import { describeIssuesZh } from '../../../rules/interop/nhsa-errors';
import { Data3101Schema } from '../../../rules/interop/nhsa3101-request';
import { Incoming3103DataSchema } from '../../../rules/interop/nhsa3103';

/** Messages as a HIS sends them and flag-log records as a workstation uploads them, as JSON text. */
export interface ParseInput {
  messages: string[];
  events: string[];
}

const outcome = (result: z.ZodSafeParseResult<unknown>, root: unknown) =>
  result.success ? { data: result.data } : { issues: result.error.issues.map(({ code, path, message }) => ({ code, path, message })), zh: describeIssuesZh(result.error, root) };

/** What the hub's schemas make of each input: the parsed value, or the issues and their Chinese text. */
export function parseAll(input: ParseInput) {
  return {
    messages: input.messages.map((text) => {
      const body = JSON.parse(text) as unknown;
      const envelope = NhsaRequestEnvelopeSchema.safeParse(body);
      if (!envelope.success) return { envelope: outcome(envelope, body) };
      const data = envelope.data.input.data;
      const schema = envelope.data.infno === '3103' ? Incoming3103DataSchema : Data3101Schema;
      return { envelope: outcome(envelope, body), data: outcome(schema.safeParse(data), data) };
    }),
    events: input.events.map((text) => {
      const body = JSON.parse(text) as unknown;
      return outcome(UploadedEventSchema.safeParse(body), body);
    }),
  };
}
