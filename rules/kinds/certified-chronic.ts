import type { Encounter } from '../../contract/order';

/**
 * The 门诊慢特病 a visit is certified for, by name: the patient's certified conditions
 * (`chronicConditions`) and the 病种 the visit is registered under (`chronicDiseases`). A visit
 * settled under 高血压病 (M03900) is a certified 慢特病 visit as much as one whose page lists 高血压
 * among the patient's conditions. A 病种 the page gives by code alone is named from the pack's
 * 病种用药范围 table (`nameOf`, 病种编码 → 名称: CompiledPack.chronicDiseaseName); a code that
 * table does not know names no condition (no national 病种 table ships with the pack), so it
 * raises no drug's limit by itself. Worked out once per evaluation (EvalContext.certifiedChronic).
 */
export function certifiedChronicNames(encounter: Encounter, nameOf: (code: string) => string | undefined = noName): readonly string[] {
  const conditions = encounter.chronicConditions ?? NONE;
  if (!encounter.chronicDiseases?.length) return conditions;
  const named = encounter.chronicDiseases.flatMap((disease) => {
    const name = disease.name ?? (disease.code ? nameOf(disease.code) : undefined);
    return name ? [name] : [];
  });
  return named.length === 0 ? conditions : [...conditions, ...named];
}

const NONE: readonly string[] = Object.freeze([]);
const noName = (): undefined => undefined;

/** Whether the visit is a certified 门诊慢特病 visit at all: a certified condition or a registered 病种. */
export function isCertifiedChronicVisit(encounter: Encounter): boolean {
  return (encounter.chronicConditions?.length ?? 0) > 0 || (encounter.chronicDiseases?.length ?? 0) > 0;
}
