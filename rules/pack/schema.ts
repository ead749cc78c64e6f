import { z } from 'zod';
import { RuleBaseSchema, EffectiveSchema } from './rule-base';
import { PackSettingsSchema } from './settings';
import {
  indicationKind, quantityKind, courseKind, sexKind, ageKind, visitTypeKind, institutionLevelKind,
  insuranceTypeKind, departmentKind, duplicateDrugKind, duplicateChargeKind, frequencyKind,
  secondLineKind, selfPayKind, approvalKind,
} from '../kinds/all';

/** The pack format version this build reads natively. Older packs go through ./migrations. */
export const CURRENT_SCHEMA_VERSION = 1;

const rule = <K extends string, P extends z.ZodType>(def: { kind: K; params: P }) =>
  RuleBaseSchema.extend({ kind: z.literal(def.kind), params: def.params });

export const RuleSchema = z.discriminatedUnion('kind', [
  rule(indicationKind),
  rule(quantityKind),
  rule(courseKind),
  rule(sexKind),
  rule(ageKind),
  rule(visitTypeKind),
  rule(institutionLevelKind),
  rule(insuranceTypeKind),
  rule(departmentKind),
  rule(duplicateDrugKind),
  rule(duplicateChargeKind),
  rule(frequencyKind),
  rule(secondLineKind),
  rule(selfPayKind),
  rule(approvalKind),
]);

/** Dotted numeric version ("2026.11.3"): compared part by part, so a rollback is detectable. */
export const PackVersionSchema = z.string().regex(/^\d+(\.\d+){0,3}$/, 'expected a dotted numeric version such as 2026.11.1');

export const PackSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: z.string().min(1),
    version: PackVersionSchema,
    publisher: z.object({ name: z.string().min(1), contact: z.string().optional() }),
    publishedAt: z.string().datetime({ offset: true }).optional(),
    description: z.string().optional(),
    /** Where the rules came from (batches, catalogue, local policy), for the audit trail. */
    sources: z.array(z.object({ id: z.string(), title: z.string(), note: z.string().optional() })).default([]),
    effective: EffectiveSchema.optional(),
    settings: PackSettingsSchema.default(PackSettingsSchema.parse({})),
    rules: z.array(RuleSchema),
  })
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
  });

export type Rule = z.infer<typeof RuleSchema>;
export type Pack = z.infer<typeof PackSchema>;
export type PackInput = z.input<typeof PackSchema>;

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
