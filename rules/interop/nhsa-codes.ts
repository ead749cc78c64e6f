import type { InstitutionLevel, InsuranceType, LineKind, Maternity, Sex, VisitType } from '../../contract/order';
import type { Severity } from '../../contract/findings';

/**
 * Code dictionaries of the national 3101/3103 interfaces (see ../shared/docs/nhsa-3101.md).
 * Entries marked *verify* were not confirmed from a primary source; keep them in this one place
 * so a correction is a one-line change.
 */

/** gend: 1 男, 2 女, 0 未知, 9 未说明. */
export function sexFromGend(gend: string): Sex {
  if (gend === '1') return 'M';
  if (gend === '2') return 'F';
  return 'U';
}

/**
 * medins_lv → 一/二/三级. *verify*: 01–04 三级 (特/甲/乙/丙), 05–07 二级, 08–10 一级, 11 无等级.
 * Returns undefined for 无等级 and unknown codes, so level rules report a data gap instead of guessing.
 */
export function institutionLevelFromMedinsLv(code: string | undefined): InstitutionLevel | undefined {
  if (code === undefined || !/^\d{1,2}$/.test(code)) return undefined;
  const n = Number(code);
  if (n >= 1 && n <= 4) return 3;
  if (n >= 5 && n <= 7) return 2;
  if (n >= 8 && n <= 10) return 1;
  return undefined;
}

/** med_type values with a meaning of their own beyond 门诊/住院. */
export const MED_TYPE_CHRONIC = '14'; // 门诊慢特病
/** *verify*: 13 急诊 in the national 医疗类别 dictionary. */
export const MED_TYPE_EMERGENCY = '13';

/**
 * med_mdtrt_type (1 门诊, 2 住院, 3 购药, 4 其他) refined by med_type (11 普通门诊, 13 急诊 *verify*,
 * 14 门诊慢特病, 21 普通住院). When med_mdtrt_type is absent, med_type's first digit decides (1x 门诊, 2x 住院).
 */
export function visitTypeFrom(medMdtrtType: string | undefined, medType: string | undefined): VisitType | undefined {
  if (medType === MED_TYPE_EMERGENCY) return 'emergency';
  const setting = medMdtrtType ?? (medType?.startsWith('1') ? '1' : medType?.startsWith('2') ? '2' : undefined);
  if (setting === '1' || setting === '3') return 'outpatient'; // 购药 at a pharmacy follows outpatient limits
  if (setting === '2') return 'inpatient';
  return undefined;
}

/** insutype: 310 职工基本医疗保险, 390 城乡居民基本医疗保险, 510 生育保险 (*verify*); anything else is "other". */
export function insuranceTypeFromInsutype(code: string | undefined): InsuranceType | undefined {
  if (code === undefined) return undefined;
  if (code === '310') return 'employee';
  if (code === '390') return 'resident';
  if (code === '510') return 'maternity';
  return 'other';
}

/** chrg_type (医疗收费项目类别) 08 卫生材料费: what a 医用耗材 is charged as. */
export const CHRG_TYPE_MATERIAL = '08';

/**
 * hilist_type: 101 西药中成药, 102 中药饮片, 106 中药颗粒 → drug; 201 医疗服务项目 → item; 301 医用耗材 → material.
 * Other types (105 其他, or none) fall back to chrg_type 08 卫生材料费 (a consumable, whatever list it
 * was filed under), then to the shape of the national code: drugs start with X/Z (西药/中成药) or T
 * (饮片), consumables with C (20-character 分类 or 27-character full code), service items are 15 digits.
 */
export function lineKindFrom(hilistType: string | undefined, code: string, chrgType?: string): LineKind {
  if (hilistType === '101' || hilistType === '102' || hilistType === '106') return 'drug';
  if (hilistType === '201') return 'item';
  if (hilistType === '301') return 'material';
  if (chrgType === CHRG_TYPE_MATERIAL) return 'material';
  if (/^\d{15}$/.test(code)) return 'item';
  if (/^C/i.test(code)) return 'material';
  return 'drug';
}

/** drord_dr_profttl: 1 医士, 2 医师, 3 主治医师, 4 副主任医师, 5 主任医师 (6 无, 9 其他 carry no title). */
const PROFESSIONAL_TITLES: Record<string, string> = {
  '1': '医士',
  '2': '医师',
  '3': '主治医师',
  '4': '副主任医师',
  '5': '主任医师',
};

export function prescriberTitleFrom(code: string | undefined): string | undefined {
  return code === undefined ? undefined : PROFESSIONAL_TITLES[code];
}

/** sev_deg of the 3101 result. *verify*: the code values are not confirmed from a primary source. */
export const SEV_DEG: Record<Severity, string> = {
  critical: '1',
  warning: '2',
  info: '3',
};

/** 3103 dspo_way: 1 继续执行医嘱 (reason required), 2 返回修改医嘱. */
export const DSPO_WAY_CONTINUE = '1';
export const DSPO_WAY_MODIFY = '2';
/** 3103 warn_type: 1 事前, 2 事中. Preflight runs before submission. */
export const WARN_TYPE_BEFORE = '1';
/** 3103 warn_type 2: feedback on a 3102 事中 warning. */
export const WARN_TYPE_DURING = '2';

/** 3101 `matn_stas` (生育状态): 0 其他, 1 妊娠期, 2 哺乳期; anything else is unknown. */
export const MATN_STAS: Readonly<Record<string, Maternity>> = { '0': 'none', '1': 'pregnant', '2': 'lactating' };
export const MATN_STAS_OF: Readonly<Record<Maternity, string>> = { none: '0', pregnant: '1', lactating: '2' };
