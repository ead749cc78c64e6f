import { z } from 'zod';
import type { ChronicDisease, Encounter } from '../../contract/order';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

/**
 * 药品超限定病种目录范围使用 (2025 list no. 11): in a 门诊慢特病 visit, 医保 pays a drug under the
 * visit's 病种 only when the drug is in that 病种's drug list (用药范围) — the hospital keeps the lists
 * as its 统筹区 publishes them. One rule holds every 病种's list (the 门诊慢特病病种用药范围表): a
 * drug's place is decided against all the lists of the visit's 病种 at once, which one rule per 病种
 * could not do.
 *
 * Judged only when everything is known, since a false refusal is as costly as a miss: an outpatient
 * visit registered under 病种 (`encounter.chronicDiseases`, the 病种 the visit is settled under — not
 * the names of `chronicConditions`, which a 3101 request fills with its main diagnosis as a proxy),
 * every one of which has a list here (by 病种编码, else by name). A drug in any of them is paid. A
 * list names drugs of some categories (西药 X, 中成药 Z, 饮片 T by the code's first letter); a line of a
 * category none of the visit's lists names is left alone — a list of 西药 says nothing of 饮片.
 * 自费 lines are not judged (a payment rule).
 */

const DiseaseListSchema = z
  .object({
    /** National 门诊慢特病病种编码 (M03900), when the list gives it. */
    code: z.string().min(1).optional(),
    /** 病种名称 (高血压病), shown in the message and matched when a side has no code. */
    name: z.string().min(1),
    codes: z.array(z.string().min(1)).default([]),
    prefixes: z.array(z.string().min(1)).default([]),
  })
  .refine((d) => d.codes.length + d.prefixes.length > 0, { message: 'a 病种 list needs drug codes or prefixes' });

type DiseaseList = z.infer<typeof DiseaseListSchema>;

const params = z.object({ diseases: z.array(DiseaseListSchema).min(1) });

/** A code (病种 or drug) or name as compared: full-width folded, no spaces, upper case. */
export const foldedCode = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
/** 高血压 and 高血压病 are one 病种 by name; codes decide wherever both sides have one. */
export const diseaseNameKey = (s: string) => foldedCode(s).replace(/病$/, '');

interface Index {
  byCode: Map<string, DiseaseList>;
  byName: Map<string, DiseaseList>;
  codes: WeakMap<DiseaseList, ReadonlySet<string>>;
  categories: WeakMap<DiseaseList, ReadonlySet<string>>;
}

const indexes = new WeakMap<object, Index>();

function indexOf(diseases: readonly DiseaseList[]): Index {
  let index = indexes.get(diseases);
  if (!index) {
    index = { byCode: new Map(), byName: new Map(), codes: new WeakMap(), categories: new WeakMap() };
    for (const d of diseases) {
      if (d.code) index.byCode.set(foldedCode(d.code), d);
      index.byName.set(diseaseNameKey(d.name), d);
      index.codes.set(d, new Set(d.codes));
      index.categories.set(d, new Set([...d.codes, ...d.prefixes].map((c) => c[0]!)));
    }
    indexes.set(diseases, index);
  }
  return index;
}

/** The list of a registered 病种: by code when both have one, else by name; undefined when none. */
function listOf(index: Index, disease: ChronicDisease): DiseaseList | undefined {
  if (disease.code) {
    const byCode = index.byCode.get(foldedCode(disease.code));
    if (byCode) return byCode;
  }
  if (!disease.name) return undefined;
  const byName = index.byName.get(diseaseNameKey(disease.name));
  // A list whose code differs from the visit's is another 病种 of the same name (a local variant).
  return byName && !(byName.code && disease.code && foldedCode(byName.code) !== foldedCode(disease.code)) ? byName : undefined;
}

/** The lists of every 病种 the visit is registered under, or undefined when one of them has none. */
function visitLists(encounter: Encounter, index: Index): DiseaseList[] | undefined {
  const registered = encounter.chronicDiseases ?? [];
  if (registered.length === 0) return undefined;
  if (encounter.visitType !== undefined && encounter.visitType !== 'outpatient') return undefined;
  const lists: DiseaseList[] = [];
  for (const disease of registered) {
    const list = listOf(index, disease);
    if (!list) return undefined;
    lists.push(list);
  }
  return lists;
}

/**
 * 病种编码 → 病种名称 from the pack's 病种用药范围 rules: the hospital's own table, so a visit whose
 * page gives the 病种 by code alone (M03900) is still known to be a 高血压病 visit (certified-chronic.ts).
 * Codes folded as compared; the first name a code is given wins.
 */
export function chronicDiseaseNamesOf(rules: Iterable<{ kind: string; params: unknown }>): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const rule of rules) {
    if (rule.kind !== 'chronic-drug') continue;
    const parsed = params.safeParse(rule.params);
    if (!parsed.success) continue;
    for (const disease of parsed.data.diseases) {
      const code = disease.code && foldedCode(disease.code);
      if (code && !names.has(code)) names.set(code, disease.name);
    }
  }
  return names;
}

export const chronicDrugKind = defineLineKind({
  kind: 'chronic-drug',
  consequence: 'refused',
  params,
  evaluate(rule, line, ctx) {
    const index = indexOf(rule.params.diseases);
    const lists = visitLists(ctx.order.encounter, index);
    if (!lists) return [];
    const code = foldedCode(line.code);
    if (!lists.some((l) => index.categories.get(l)!.has(code[0]!))) return [];
    if (lists.some((l) => index.codes.get(l)!.has(code) || l.prefixes.some((p) => code.startsWith(p)))) return [];
    const names = lists.map((l) => `「${l.name}」`).join('、');
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 不在门诊慢特病${names}的用药范围内，医保不予支付（超出该慢特病病种用药范围）：请改为自费，或更换为目录内药品`,
        actions: [
          { ...selfPayAction, label: '改为自费' },
          { type: 'remove-line', label: '更换为目录内药品' },
        ],
      }),
    ];
  },
});
