import { OrderSchema, type HistoryEntry, type OrderInput, type Order, type VisitType } from '../../contract/order';
import type { Encounter3101, Order3101, Patient3101, Data3101 } from './nhsa3101-request';
import {
  MATN_STAS, MED_TYPE_CHRONIC, institutionLevelFromMedinsLv, insuranceTypeFromInsutype, lineKindFrom,
  prescriberTitleFrom, sexFromGend, visitTypeFrom,
} from './nhsa-codes';
import { pseudonymousKey } from './hash';

export { looksLike3101, parse3101, type Data3101 } from './nhsa3101-request';

/** What the 3101 result needs to answer for an order: the caller's own ids, not the pseudonym. */
export interface Link3101 {
  orderId: string;
  patnId: string;
  mdtrtId: string;
  taskId?: string;
}

/** A check that the 3101 data does not allow, said once per order (or per request without orderId). */
export interface ConversionNote {
  orderId?: string;
  message: string;
}

export interface Conversion3101 {
  orders: Order[];
  notes: ConversionNote[];
  links: Link3101[];
}

/** Suffix of the order holding the 出院带药 lines of an encounter that also has other current lines. */
export const DISCHARGE_ORDER_SUFFIX = '-dscg';

const isCurrent = (o: Order3101): boolean => o.curr_drord_flag !== '0';
const isDischargeMedication = (o: Order3101): boolean => o.drord_bhvr === '1';
const lineCode = (o: Order3101): string => (o.hilist_code ?? o.hosplist_code)!;

/** "0.2g" → 0.2 g; anything that is not a number followed by a unit is kept only as text. */
function parseDose(text: string | undefined): { dose?: number; doseUnit?: string } {
  const m = text?.match(/^\s*(\d+(?:\.\d+)?)\s*([^\d\s][^\s]*)?\s*$/);
  if (!m) return {};
  return m[2] ? { dose: Number(m[1]), doseUnit: m[2] } : { dose: Number(m[1]) };
}

function toLine(o: Order3101, encounterDate: string): OrderInput['lines'][number] {
  const code = lineCode(o);
  const line: OrderInput['lines'][number] = {
    id: o.rx_id,
    code,
    name: o.hilist_name ?? o.hosplist_name ?? '',
    kind: lineKindFrom(o.hilist_type, code, o.chrg_type),
    ...parseDose(o.sin_dos_dscr),
  };
  if (o.spec !== undefined) line.spec = o.spec;
  if (o.used_frqu_dscr !== undefined) line.frequency = o.used_frqu_dscr;
  if (o.prd_days !== undefined) line.days = o.prd_days;
  if (o.cnt !== undefined) line.quantity = o.cnt;
  // *verify*: spec_unt (规格单位) read as the unit cnt counts in (盒, 支), which is how HIS fill it
  // next to pric; without a unit the engine cannot compare a quantity with the days it covers.
  if (o.spec_unt !== undefined) line.unit = o.spec_unt;
  if (o.pric !== undefined) line.price = o.pric;
  if (o.grpno !== undefined) line.group = o.grpno;
  // 处方号: the drug count is judged per prescription.
  if (o.rxno !== undefined) line.prescription = o.rxno;
  if (o.drord_begn_date !== undefined && o.drord_begn_date !== encounterDate) line.date = o.drord_begn_date;
  return line;
}

function toHistory(o: Order3101, enc: Encounter3101): HistoryEntry {
  const encounterVisit = visitTypeFrom(enc.med_mdtrt_type, enc.med_type);
  const visitType: VisitType | undefined = isDischargeMedication(o) ? 'discharge' : encounterVisit;
  const entry: HistoryEntry = { date: o.drord_begn_date ?? enc.adm_date, code: lineCode(o) };
  if (o.prd_days !== undefined) entry.days = o.prd_days;
  if (o.cnt !== undefined) entry.quantity = o.cnt;
  if (o.spec_unt !== undefined) entry.unit = o.spec_unt;
  if (visitType !== undefined) entry.visitType = visitType;
  return entry;
}

function diagnosesOf(enc: Encounter3101): NonNullable<OrderInput['encounter']['diagnoses']> {
  const seen = new Set<string>();
  const out: NonNullable<OrderInput['encounter']['diagnoses']> = [];
  const add = (code: string, name: string | undefined, primary: boolean): void => {
    const key = code.toUpperCase();
    if (seen.has(key)) {
      if (primary) out.find((d) => d.code.toUpperCase() === key)!.primary = true;
      return;
    }
    seen.add(key);
    out.push(name === undefined ? { code, primary } : { code, name, primary });
  };
  for (const d of enc.fsi_diagnose_dtos) add(d.dise_codg, d.dise_name, d.maindise_flag === '1');
  // The discharge main diagnosis may be sent only on the encounter, not in the diagnosis list.
  if (enc.dscg_main_dise_codg) add(enc.dscg_main_dise_codg, enc.dscg_main_dise_name, true);
  return out;
}

/** `fsi_operation_dtos[]` → the encounter's operations; absent stays absent (nothing said about them). */
function operationsOf(enc: Encounter3101): NonNullable<OrderInput['encounter']['operations']> | undefined {
  if (enc.fsi_operation_dtos === undefined) return undefined;
  return enc.fsi_operation_dtos.map((o) => {
    const name = o.oprn_oprt_name ?? o.oprn_name;
    const date = o.oprn_oprt_date ?? o.oprn_date;
    return {
      code: (o.oprn_oprt_code ?? o.oprn_code)!,
      ...(name !== undefined ? { name } : {}),
      ...(date !== undefined ? { date } : {}),
      ...(o.main_oprn_flag !== undefined ? { primary: o.main_oprn_flag === '1' } : {}),
    };
  });
}

const kindOf = (o: Order3101) => lineKindFrom(o.hilist_type, lineCode(o), o.chrg_type);

/** Why some checks cannot be made for this order, in words the 医保办 can act on. */
function gapsOf(order: Order, source: readonly Order3101[]): string[] {
  const gaps: string[] = [];
  // Days, dose and frequency matter for drugs; items and consumables are judged by count.
  const drugs = source.filter((o) => kindOf(o) === 'drug');
  const lacking = (field: keyof Order3101): string[] => drugs.filter((o) => o[field] === undefined).map((o) => o.rx_id);
  const which = (ids: string[]): string => (ids.length === drugs.length ? '全部药品明细' : `药品明细 ${ids.join('、')} `);
  const noDays = lacking('prd_days');
  const noFrequency = lacking('used_frqu_dscr');
  const noDose = lacking('sin_dos_dscr');
  if (noDays.length) gaps.push(`${which(noDays)}无用药天数(prd_days)：按天数的超量、疗程核对无法完成`);
  if (noFrequency.length) gaps.push(`${which(noFrequency)}无频次(used_frqu_dscr)：按频次的日剂量核对无法完成`);
  if (noDose.length) gaps.push(`${which(noDose)}无单次剂量(sin_dos_dscr)：日剂量核对无法完成`);
  // A consumable is judged by its count and the unit it is counted in (支, 套, 根).
  const materials = source.filter((o) => kindOf(o) === 'material');
  const uncounted = materials.filter((o) => o.cnt === undefined).map((o) => o.rx_id);
  const unitless = materials.filter((o) => o.cnt !== undefined && o.spec_unt === undefined).map((o) => o.rx_id);
  if (uncounted.length) gaps.push(`耗材明细 ${uncounted.join('、')} 无数量(cnt)：耗材数量上限核对无法完成`);
  if (unitless.length) gaps.push(`耗材明细 ${unitless.join('、')} 无单位(spec_unt)：按单位限定的耗材数量上限核对无法完成`);
  const { encounter, patient } = order;
  if (encounter.diagnoses.length === 0) gaps.push('无诊断(fsi_diagnose_dtos)：限适应症核对无法完成');
  if (encounter.institutionLevel === undefined) gaps.push('医疗机构等级(medins_lv)缺失或为无等级：限医疗机构级别核对无法完成');
  if (encounter.visitType === undefined) gaps.push('就医类型(med_mdtrt_type/med_type)不明：限就医方式核对无法完成');
  if (encounter.insuranceType === undefined) gaps.push('险种(insutype)缺失：限险种核对无法完成');
  if (patient.sex === undefined || patient.sex === 'U') gaps.push('性别(gend)未知：限性别核对无法完成');
  if (patient.birthDate === undefined) gaps.push('出生日期(brdy)缺失：限年龄核对无法完成');
  return gaps;
}

interface OrderGroup {
  id: string;
  visitType: VisitType | undefined;
  source: Order3101[];
}

/**
 * Current lines of an encounter form its order. 出院带药 lines are judged under discharge limits,
 * so when an encounter mixes them with other current lines they form a second order of their own.
 */
function groupsOf(enc: Encounter3101): OrderGroup[] {
  const current = enc.fsi_order_dtos.filter(isCurrent);
  const visitType = visitTypeFrom(enc.med_mdtrt_type, enc.med_type);
  const discharge = current.filter(isDischargeMedication);
  const regular = current.filter((o) => !isDischargeMedication(o));
  if (discharge.length === 0) return [{ id: enc.mdtrt_id, visitType, source: regular }];
  if (regular.length === 0) return [{ id: enc.mdtrt_id, visitType: 'discharge', source: discharge }];
  return [
    { id: enc.mdtrt_id, visitType, source: regular },
    { id: `${enc.mdtrt_id}${DISCHARGE_ORDER_SUFFIX}`, visitType: 'discharge', source: discharge },
  ];
}

function toOrder(patient: Patient3101, enc: Encounter3101, group: OrderGroup, history: HistoryEntry[]): Order {
  const first = group.source[0];
  const diagnoses = diagnosesOf(enc);
  const department = group.visitType === 'discharge'
    ? enc.dscg_dept_name ?? enc.adm_dept_name
    : enc.adm_dept_name ?? enc.dscg_dept_name ?? first?.drord_dept_name;
  const encounter: OrderInput['encounter'] = { date: enc.adm_date, diagnoses };
  const operations = operationsOf(enc);
  if (operations !== undefined) encounter.operations = operations;
  if (group.visitType !== undefined) encounter.visitType = group.visitType;
  if (department !== undefined) encounter.department = department;
  const insuranceType = insuranceTypeFromInsutype(enc.insutype);
  if (insuranceType !== undefined) encounter.insuranceType = insuranceType;
  const level = institutionLevelFromMedinsLv(enc.medins_lv);
  if (level !== undefined) encounter.institutionLevel = level;
  if (enc.med_type === MED_TYPE_CHRONIC) {
    // 3101 says the visit is 门诊慢特病 but not which certified condition: the main diagnosis is the best proxy.
    const main = diagnoses.find((d) => d.primary) ?? diagnoses[0];
    encounter.chronicConditions = [main?.name ?? main?.code ?? '门诊慢特病'];
    // Nor does it carry the 病种 (M03900 …) the visit is registered under, so chronicDiseases stays
    // absent and the 慢特病用药范围 rule says nothing rather than judge by a proxy.
  }

  const prescriberId = first?.drord_dr_codg ?? enc.dr_codg;
  const input: OrderInput = {
    id: group.id,
    patient: { key: pseudonymousKey(patient.patn_id), sex: sexFromGend(patient.gend ?? '0') },
    encounter,
    lines: group.source.map((o) => {
      const line = toLine(o, enc.adm_date);
      // Current orders of another doctor (an inpatient request): their 抗菌药物处方权 is that doctor's.
      if (o.drord_dr_codg !== undefined && o.drord_dr_codg !== prescriberId) line.prescriberId = o.drord_dr_codg;
      return line;
    }),
  };
  if (patient.brdy !== undefined) input.patient.birthDate = patient.brdy;
  const maternity = enc.matn_stas === undefined ? undefined : MATN_STAS[enc.matn_stas];
  if (maternity !== undefined) input.patient.maternity = maternity;
  if (prescriberId !== undefined) {
    const title = prescriberTitleFrom(first?.drord_dr_profttl);
    input.prescriber = title === undefined ? { id: prescriberId } : { id: prescriberId, title };
  }
  if (history.length > 0) input.history = history;
  return OrderSchema.parse(input);
}

/**
 * Converts a validated 3101 request into canonical orders: one per encounter with current order
 * lines (plus one for its 出院带药 when mixed). Non-current orders of all the patient's encounters
 * become that patient's history, so course and cycle rules see earlier use.
 */
export function ordersFrom3101(data: Data3101): Conversion3101 {
  const conversion: Conversion3101 = { orders: [], notes: [], links: [] };
  for (const patient of data.patient_dtos) {
    const history = patient.fsi_encounter_dtos.flatMap((enc) =>
      enc.fsi_order_dtos.filter((o) => !isCurrent(o)).map((o) => toHistory(o, enc)),
    );
    for (const enc of patient.fsi_encounter_dtos) {
      if (!enc.fsi_order_dtos.some(isCurrent)) {
        conversion.notes.push({ message: `就诊 ${enc.mdtrt_id} 无当前医嘱(curr_drord_flag=1)，未生成待审医嘱` });
        continue;
      }
      if (enc.fsi_order_dtos.some((o) => o.curr_drord_flag === undefined)) {
        conversion.notes.push({ orderId: enc.mdtrt_id, message: '部分明细未标 curr_drord_flag，按当前医嘱审核' });
      }
      for (const group of groupsOf(enc)) {
        const order = toOrder(patient, enc, group, history);
        conversion.orders.push(order);
        const link: Link3101 = { orderId: order.id, patnId: patient.patn_id, mdtrtId: enc.mdtrt_id };
        if (data.task_id !== undefined) link.taskId = data.task_id;
        conversion.links.push(link);
        for (const message of gapsOf(order, group.source)) conversion.notes.push({ orderId: order.id, message });
      }
    }
  }
  return conversion;
}
