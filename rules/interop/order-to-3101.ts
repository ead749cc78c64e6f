import type { HistoryEntry, InstitutionLevel, InsuranceType, LineKind, Order, OrderLine, VisitType } from '../../contract/order';
import { CHRG_TYPE_MATERIAL, MATN_STAS_OF } from './nhsa-codes';

/**
 * A canonical order written as the 3101 request a HIS would send for it (the inverse of
 * ordersFrom3101, as far as 3101 allows). Tests and the service benchmark use it to put the same
 * order through the engine and through the hub's 3101 service; a HIS simulator can use it too.
 * 3101 cannot carry everything an order holds: what it drops is listed in `lost`, so a caller can
 * tell a difference in findings that the format explains from one that it does not.
 */

export interface Order3101Draft {
  /** The bare `input.data` of a 3101 request (wrap it as `{infno, msgid, input: {data}}` to send). */
  data: Record<string, unknown>;
  /** Contract fields the request could not carry, e.g. `lines[0].route`, `patient.weightKg`. */
  lost: string[];
}

// Codes of ../shared/docs/nhsa-3101.md, the inverse of nhsa-codes.ts; one representative code each.
const GEND = { M: '1', F: '2', U: '0' } as const;
const MEDINS_LV: Record<InstitutionLevel, string> = { 3: '01', 2: '05', 1: '08' };
const HILIST_TYPE: Record<LineKind, string> = { drug: '101', item: '201', material: '301' };
/** insutype; 工伤 and 自费 have no code in the 医保 dictionary, `other` takes 320 (公务员医疗补助). */
const INSUTYPE: Partial<Record<InsuranceType, string>> = { employee: '310', resident: '390', maternity: '510', other: '320' };
const PROFTTL: Record<string, string> = { 医士: '1', 医师: '2', 主治医师: '3', 副主任医师: '4', 主任医师: '5' };

interface VisitCodes {
  med_mdtrt_type: string;
  med_type: string;
}

function visitCodes(visitType: VisitType | undefined): VisitCodes | undefined {
  switch (visitType) {
    case 'outpatient':
      return { med_mdtrt_type: '1', med_type: '11' };
    case 'emergency':
      return { med_mdtrt_type: '1', med_type: '13' };
    case 'inpatient':
    case 'discharge':
      return { med_mdtrt_type: '2', med_type: '21' };
    default:
      return undefined;
  }
}

/** yyyy-MM-dd `days` before `date` (UTC arithmetic: dates only). */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function birthDateOf(order: Order, lost: string[]): string | undefined {
  const { patient, encounter } = order;
  if (patient.birthDate !== undefined) return patient.birthDate;
  // 3101 knows only a birth date: an age becomes the birth date that gives that age on the visit day.
  if (patient.ageDays !== undefined) {
    lost.push('patient.ageDays');
    return daysBefore(encounter.date, patient.ageDays);
  }
  if (patient.ageYears !== undefined) {
    lost.push('patient.ageYears');
    const [y, m, d] = encounter.date.split('-');
    return `${Number(y) - Math.floor(patient.ageYears)}-${m}-${d}`;
  }
  return undefined;
}

const set = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (value !== undefined) target[key] = value;
};

function lineOf(order: Order, line: OrderLine, index: number, lost: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rx_id: line.id,
    hilist_type: HILIST_TYPE[line.kind],
    hilist_code: line.code,
    hilist_name: line.name,
    curr_drord_flag: '1',
    drord_bhvr: order.encounter.visitType === 'discharge' ? '1' : '0',
  };
  // 卫生材料费: what a HIS files a 医用耗材 under, and what the converter reads back when hilist_type is 105.
  if (line.kind === 'material') out['chrg_type'] = CHRG_TYPE_MATERIAL;
  set(out, 'spec', line.spec);
  if (line.dose !== undefined) out['sin_dos_dscr'] = `${line.dose}${line.doseUnit ?? ''}`;
  else if (line.doseUnit !== undefined) lost.push(`lines[${index}].doseUnit`);
  set(out, 'used_frqu_dscr', line.frequency);
  set(out, 'prd_days', line.days);
  set(out, 'cnt', line.quantity);
  set(out, 'spec_unt', line.unit);
  set(out, 'pric', line.price);
  set(out, 'grpno', line.group);
  set(out, 'rxno', line.prescription);
  set(out, 'drord_begn_date', line.date);
  set(out, 'drord_dept_name', order.encounter.department);
  if (line.prescriberId !== undefined) {
    // Another doctor's line: 3101 carries that doctor's code, not the order's prescriber's title.
    out['drord_dr_codg'] = line.prescriberId;
  } else if (order.prescriber) {
    out['drord_dr_codg'] = order.prescriber.id;
    set(out, 'drord_dr_profttl', order.prescriber.title === undefined ? undefined : PROFTTL[order.prescriber.title]);
  }
  for (const field of ['route', 'selfPay', 'approvalNo'] as const) {
    if (line[field] !== undefined) lost.push(`lines[${index}].${field}`);
  }
  return out;
}

function historyOrder(entry: HistoryEntry, index: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rx_id: `H${index + 1}`,
    hilist_code: entry.code,
    curr_drord_flag: '0',
    drord_bhvr: entry.visitType === 'discharge' ? '1' : '0',
    drord_begn_date: entry.date,
  };
  set(out, 'prd_days', entry.days);
  set(out, 'cnt', entry.quantity);
  set(out, 'spec_unt', entry.unit);
  return out;
}

/** Earlier lines go into encounters of their own visit type, so the converter reads their setting back. */
function historyEncounters(order: Order): Record<string, unknown>[] {
  const byVisit = new Map<VisitType | undefined, { entry: HistoryEntry; index: number }[]>();
  (order.history ?? []).forEach((entry, index) => {
    // 出院带药 is a line of an inpatient stay, marked by drord_bhvr.
    const setting = entry.visitType === 'discharge' ? 'inpatient' : entry.visitType;
    byVisit.set(setting, [...(byVisit.get(setting) ?? []), { entry, index }]);
  });
  return [...byVisit].map(([visitType, entries], i) => {
    const enc: Record<string, unknown> = {
      mdtrt_id: `${order.id}-h${i + 1}`,
      adm_date: entries.map((e) => e.entry.date).sort()[0],
      fsi_order_dtos: entries.map(({ entry, index }) => historyOrder(entry, index)),
    };
    Object.assign(enc, visitCodes(visitType));
    return enc;
  });
}

function encounterOf(order: Order, lost: string[]): Record<string, unknown> {
  const { encounter } = order;
  const enc: Record<string, unknown> = { mdtrt_id: order.id, adm_date: encounter.date };
  Object.assign(enc, visitCodes(encounter.visitType));
  if (encounter.chronicConditions?.length || encounter.chronicDiseases?.length) {
    // 3101 says only "门诊慢特病"; the converter takes the main diagnosis as the certified condition.
    enc['med_type'] = '14';
    if (encounter.chronicConditions?.length) lost.push('encounter.chronicConditions');
    // No 3101 field carries the 病种 the visit is registered under: the 用药范围 is not judged there.
    if (encounter.chronicDiseases?.length) lost.push('encounter.chronicDiseases');
  }
  set(enc, 'medins_lv', encounter.institutionLevel === undefined ? undefined : MEDINS_LV[encounter.institutionLevel]);
  set(enc, encounter.visitType === 'discharge' ? 'dscg_dept_name' : 'adm_dept_name', encounter.department);
  if (encounter.insuranceType !== undefined) {
    const insutype = INSUTYPE[encounter.insuranceType];
    if (insutype === undefined) lost.push('encounter.insuranceType');
    set(enc, 'insutype', insutype);
  }
  set(enc, 'dr_codg', order.prescriber?.id);
  for (const field of ['internet', 'longTermPrescription'] as const) {
    if (encounter[field] !== undefined) lost.push(`encounter.${field}`);
  }
  enc['fsi_diagnose_dtos'] = encounter.diagnoses.map((d, i) => {
    const dto: Record<string, unknown> = { dise_codg: d.code, maindise_flag: d.primary ? '1' : '0', dias_srt_no: String(i + 1) };
    set(dto, 'dise_name', d.name);
    return dto;
  });
  set(enc, 'matn_stas', order.patient.maternity === undefined ? undefined : MATN_STAS_OF[order.patient.maternity]);
  if (encounter.operations !== undefined) {
    enc['fsi_operation_dtos'] = encounter.operations.map((o) => {
      const dto: Record<string, unknown> = { oprn_oprt_code: o.code };
      set(dto, 'main_oprn_flag', o.primary === undefined ? undefined : o.primary ? '1' : '0');
      set(dto, 'oprn_oprt_name', o.name);
      set(dto, 'oprn_oprt_date', o.date);
      return dto;
    });
  }
  enc['fsi_order_dtos'] = order.lines.map((line, i) => lineOf(order, line, i, lost));
  return enc;
}

export function orderTo3101(order: Order, options: { taskId?: string } = {}): Order3101Draft {
  const lost: string[] = [];
  const patient: Record<string, unknown> = {
    patn_id: order.patient.key,
    gend: GEND[order.patient.sex ?? 'U'],
    curr_mdtrt_id: order.id,
  };
  set(patient, 'brdy', birthDateOf(order, lost));
  if (order.patient.weightKg !== undefined) lost.push('patient.weightKg');
  if (order.prescriber?.title !== undefined && PROFTTL[order.prescriber.title] === undefined) lost.push('prescriber.title');
  // 3101 has no field for a doctor's privileges: the answering service takes them from its pack's list.
  for (const field of ['antibioticLevel', 'narcoticPrivilege'] as const) {
    if (order.prescriber?.[field] !== undefined) lost.push(`prescriber.${field}`);
  }
  patient['fsi_encounter_dtos'] = [encounterOf(order, lost), ...historyEncounters(order)];
  const data: Record<string, unknown> = { trig_scen: '1', patient_dtos: [patient] };
  set(data, 'task_id', options.taskId);
  return { data, lost };
}
