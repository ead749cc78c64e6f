import {
  indicationKind, quantityKind, courseKind, sexKind, ageKind, visitTypeKind, institutionLevelKind,
  insuranceTypeKind, departmentKind, duplicateDrugKind, duplicateChargeKind, frequencyKind,
  secondLineKind, selfPayKind, approvalKind,
} from './all';

/** Every rule kind a pack may contain. `data` findings come from the engine itself, not from rules. */
export const KINDS = [
  indicationKind,
  quantityKind,
  courseKind,
  sexKind,
  ageKind,
  visitTypeKind,
  institutionLevelKind,
  insuranceTypeKind,
  departmentKind,
  duplicateDrugKind,
  duplicateChargeKind,
  frequencyKind,
  secondLineKind,
  selfPayKind,
  approvalKind,
] as const;

export type AnyKind = (typeof KINDS)[number];
export type PackRuleKind = AnyKind['kind'];

const byName = new Map<string, AnyKind>(KINDS.map((k) => [k.kind, k]));
export function kindDefinition(kind: string): AnyKind | undefined {
  return byName.get(kind);
}
