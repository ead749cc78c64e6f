import { z } from 'zod';
import { AntibioticLevelSchema } from '../../contract/order';

/**
 * The hospital's list of doctors' prescribing privileges (医务处's 抗菌药物处方权 and 麻精处方权
 * grants), carried in the pack's settings so that every workstation and the hub's 3101 service
 * judge with the same list. A page that shows a doctor's level itself wins over the list
 * (Order.prescriber.antibioticLevel); the list answers for pages and 3101 requests that carry
 * only the doctor's 工号 or 医保医师代码.
 */

export const PrescriberPrivilegeSchema = z.object({
  /** 工号 as the HIS shows it on the order page. */
  id: z.string().trim().min(1).max(64),
  /** 医保医师代码 (国家医保医师编码): what a 3101 request carries in `dr_codg` / `drord_dr_codg`. */
  nhsaCode: z.string().trim().min(1).max(64).optional(),
  /** 姓名, 科室, 职称: for the 医保办's eyes in the list, never used to judge. */
  name: z.string().max(64).optional(),
  department: z.string().max(64).optional(),
  title: z.string().max(32).optional(),
  antibioticLevel: AntibioticLevelSchema.optional(),
  narcoticPrivilege: z.boolean().optional(),
});

/** Beyond any hospital's staff; a list this long is a wrong file, not a roster. */
export const MAX_PRESCRIBERS = 50_000;

export const PrescribersSchema = z
  .array(PrescriberPrivilegeSchema)
  .max(MAX_PRESCRIBERS)
  .superRefine((list, ctx) => {
    // Both keys of every doctor find one entry: a 工号 twice, or a 工号 that is another doctor's
    // 医保医师代码, would make the answer depend on the list's order.
    const seen = new Map<string, number>();
    list.forEach((p, i) => {
      for (const [field, value] of [['id', p.id], ['nhsaCode', p.nhsaCode]] as const) {
        if (value === undefined) continue;
        const k = prescriberKey(value);
        const earlier = seen.get(k);
        if (earlier !== undefined && earlier !== i) {
          ctx.addIssue({ code: 'custom', path: [i, field], message: `医师编号 ${value} 与第 ${earlier + 1} 位医师重复 / duplicate prescriber id` });
        } else seen.set(k, i);
      }
    });
  });

export type PrescriberPrivilege = z.infer<typeof PrescriberPrivilegeSchema>;

/** 工号 compare as written apart from width, case and surrounding spaces: Ｄ1024 is D1024. */
export const prescriberKey = (id: string): string => id.normalize('NFKC').trim().toUpperCase();

export type PrivilegeTable = ReadonlyMap<string, PrescriberPrivilege>;

export const NO_PRIVILEGES: PrivilegeTable = new Map();

/** The list as a lookup by either key, built once when a pack is compiled. */
export function privilegeTable(list: readonly PrescriberPrivilege[] | undefined): PrivilegeTable {
  if (!list || list.length === 0) return NO_PRIVILEGES;
  const table = new Map<string, PrescriberPrivilege>();
  for (const p of list) {
    table.set(prescriberKey(p.id), p);
    if (p.nhsaCode !== undefined) table.set(prescriberKey(p.nhsaCode), p);
  }
  return table;
}

/** How a new list differs from the one in force, by 工号: for the import preview. */
export interface RosterChange {
  total: number;
  added: number;
  /** Listed before and now, with another 处方权 or 医保医师代码. */
  changed: number;
  removed: number;
}

export function rosterChange(before: readonly PrescriberPrivilege[], after: readonly PrescriberPrivilege[]): RosterChange {
  const old = new Map(before.map((p) => [prescriberKey(p.id), p]));
  const fresh = new Set(after.map((p) => prescriberKey(p.id)));
  let added = 0;
  let changed = 0;
  for (const p of after) {
    const was = old.get(prescriberKey(p.id));
    if (!was) added++;
    else if (was.antibioticLevel !== p.antibioticLevel || was.narcoticPrivilege !== p.narcoticPrivilege || was.nhsaCode !== p.nhsaCode) changed++;
  }
  return { total: after.length, added, changed, removed: before.filter((p) => !fresh.has(prescriberKey(p.id))).length };
}
