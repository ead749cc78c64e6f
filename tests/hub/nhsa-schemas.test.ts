import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/prng';
import { NhsaRequestEnvelopeSchema } from '../../contract/nhsa-envelope';
import { Data3101Schema } from '../../rules/interop/nhsa3101-request';
import { Incoming3103DataSchema } from '../../rules/interop/nhsa3103';
import { orderTo3101 } from '../../rules/interop/order-to-3101';
import { Message3101Data, Message3103Data, MessageEnvelope } from '../../hub/src/nhsa/schemas';
import { envelope, fixtureRequest, goldenScenarios } from './support/nhsa';

/**
 * The 3101 service parses with zod's compiled forms of the national message schemas
 * (hub/src/nhsa/schemas.ts). They must give exactly what the schemas give: the golden orders as
 * 3101 messages, and thousands of messages with a field changed at random — to another type, an
 * empty or padded text, a number written as text, null, or gone — each parsed both ways, values
 * and issues compared.
 */

const VARIANTS: unknown[] = [null, undefined, '', '  ', ' 1 ', '12', '12.5', 'abc', '2026-11-22', '2026-13-40 25:00:00', 0, -1, 1.5, 1e21, true, false, [], {}, ['x'], { a: 1 }, 'x'.repeat(600), '\u0000', '男'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in `value` a field could be changed: [container, key]. */
function places(value: Json, out: [Record<string, Json> | Json[], string | number][] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([value, i]), places(item, out)));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) out.push([value, key]), places(value[key]!, out);
  return out;
}

function mutants(base: Json, count: number, seed: number): unknown[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const copy = structuredClone(base);
    const all = places(copy);
    // One to three changes per message.
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const [container, key] = all[Math.floor(random() * all.length)]!;
      const variant = VARIANTS[Math.floor(random() * VARIANTS.length)];
      if (variant === undefined && !Array.isArray(container)) delete (container as Record<string, Json>)[key];
      else (container as Record<string | number, unknown>)[key] = structuredClone(variant);
    }
    return copy;
  });
}

/** What a schema made of a value, in a form to compare: the value, or the issues. */
const outcome = (result: z.ZodSafeParseResult<unknown>) => (result.success ? { data: result.data } : { issues: result.error.issues });

function sameBothWays(schema: z.ZodType, compiled: z.ZodType, inputs: readonly unknown[]) {
  let accepted = 0;
  for (const input of inputs) {
    const expected = outcome(schema.safeParse(structuredClone(input)));
    expect(outcome(compiled.safeParse(structuredClone(input))), JSON.stringify(input).slice(0, 300)).toEqual(expected);
    if ('data' in expected) accepted++;
  }
  return { accepted, refused: inputs.length - accepted };
}

describe('the service’s compiled message schemas', () => {
  it('are compiled: zod models every part of them', () => {
    for (const schema of [NhsaRequestEnvelopeSchema, Data3101Schema, Incoming3103DataSchema]) expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  it('parse 3101 data as the schema does, the golden orders and their mutants', () => {
    const golden = goldenScenarios().map(({ order }) => orderTo3101(order).data as Json);
    const inputs = [...golden, ...golden.flatMap((data, i) => mutants(data, 40, 20261207 + i))];
    const { accepted, refused } = sameBothWays(Data3101Schema, Message3101Data, inputs);
    // Both kinds, in numbers: the comparison covers refusals as well as values.
    expect(accepted).toBeGreaterThan(golden.length + 200);
    expect(refused).toBeGreaterThan(500);
  });

  it('parse envelopes and 3103 data as the schemas do', () => {
    const message = envelope('3101', fixtureRequest().input.data) as Json;
    const envelopes = sameBothWays(NhsaRequestEnvelopeSchema, MessageEnvelope, [message, ...mutants(message, 1500, 7)]);
    expect(envelopes.accepted).toBeGreaterThan(300);
    expect(envelopes.refused).toBeGreaterThan(40);
    const feedback: Json = {
      warn_type: '1',
      warns: [
        { warn_rslt_id: 'jr-0123456789abcdef', dspo_way: '1', dspo_way_rea: '临床必需且已告知患者' },
        { warn_rslt_id: 'jr-fedcba9876543210', dspo_way: '2' },
      ],
    };
    const dispositions = sameBothWays(Incoming3103DataSchema, Message3103Data, [feedback, ...mutants(feedback, 1500, 11)]);
    expect(dispositions.accepted).toBeGreaterThan(40);
    expect(dispositions.refused).toBeGreaterThan(300);
  });
});
