import { z } from 'zod';
import { RuleBaseSchema, EffectiveSchema, VisibleIdSchema } from './rule-base';
import { PackSettingsSchema } from './settings';
import {
  indicationKind, quantityKind, courseKind, sexKind, ageKind, visitTypeKind, institutionLevelKind,
  insuranceTypeKind, departmentKind, duplicateDrugKind, duplicateChargeKind, frequencyKind,
  secondLineKind, selfPayKind, approvalKind, diagnosisSexKind, diagnosisAgeKind, herbIncompatibilityKind, drugCountKind,
  herbOversizeKind,
  antibioticLevelKind,
  consumableItemKind, consumableQuantityKind,
  drugInteractionKind, contraindicationKind, drugItemKind,
  operationSexKind, operationDiagnosisKind, operationCodeKind, diagnosisCodeKind, maternityKind, perioperativeAntibioticKind,
  indicationListKind,
  herbDoseKind, chronicDrugKind,
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
  rule(diagnosisSexKind),
  rule(diagnosisAgeKind),
  rule(herbIncompatibilityKind),
  rule(drugCountKind),
  rule(herbOversizeKind),
  rule(antibioticLevelKind),
  rule(consumableItemKind),
  rule(consumableQuantityKind),
  rule(drugInteractionKind),
  rule(contraindicationKind),
  rule(drugItemKind),
  rule(operationSexKind),
  rule(operationDiagnosisKind),
  rule(operationCodeKind),
  rule(diagnosisCodeKind),
  rule(maternityKind),
  rule(perioperativeAntibioticKind),
  rule(indicationListKind),
  rule(herbDoseKind),
  rule(chronicDrugKind),
]);

/** The largest value of one version part: 2^31 − 1, so every part is a safe int32 everywhere. */
export const MAX_VERSION_PART = 2 ** 31 - 1;

/**
 * Dotted numeric version ("2026.11.3"), 1 to 4 parts: compared part by part, so a rollback is
 * detectable. No leading zeros (2026.12.01 would be a second spelling of 2026.12.1) and no part
 * above MAX_VERSION_PART (a digit typo must not overflow a comparison).
 */
const VERSION_FORMAT = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,3}$/;

export const PackVersionSchema = z
  .string()
  .regex(VERSION_FORMAT, '版本号应为 1 至 4 段数字，用点分隔，不带前导零，例如 2026.11.1 / expected a dotted numeric version such as 2026.11.1 (1–4 parts, no leading zeros)')
  .refine(
    // A malformed version is reported once, by the regex.
    (version) => !VERSION_FORMAT.test(version) || version.split('.').every((part) => part.length <= 10 && Number(part) <= MAX_VERSION_PART),
    `版本号的每一段不能大于 ${MAX_VERSION_PART} / each version part must be at most ${MAX_VERSION_PART}`,
  );

export const PackSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: VisibleIdSchema,
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


export { suggestNextVersion } from './next-version';
