import type { Severity } from '../../contract/findings';
import { SEVERITY_OF_CONSEQUENCE, type Consequence } from './define';
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
  diagnosisSexKind,
  diagnosisAgeKind,
  herbIncompatibilityKind,
  drugCountKind,
  herbOversizeKind,
  antibioticLevelKind,
  consumableItemKind,
  consumableQuantityKind,
  drugInteractionKind,
  contraindicationKind,
  drugItemKind,
  operationSexKind,
  operationDiagnosisKind,
  operationCodeKind,
  diagnosisCodeKind,
  maternityKind,
  perioperativeAntibioticKind,
  indicationListKind,
  herbDoseKind,
  chronicDrugKind,
] as const;

export type AnyKind = (typeof KINDS)[number];
export type PackRuleKind = AnyKind['kind'];

const byName = new Map<string, AnyKind>(KINDS.map((k) => [k.kind, k]));
export function kindDefinition(kind: string): AnyKind | undefined {
  return byName.get(kind);
}

/**
 * The severity an imported rule gets when its source states none: what a hit of its kind means
 * for payment (see Consequence). A kind no pack may contain yet stays a `warning`.
 */
export function importedSeverity(kind: string, params: unknown): Severity {
  const def = kindDefinition(kind) as { consequence: Consequence | ((p: unknown) => Consequence) } | undefined;
  if (!def) return 'warning';
  const consequence = typeof def.consequence === 'function' ? def.consequence(params) : def.consequence;
  return SEVERITY_OF_CONSEQUENCE[consequence];
}
