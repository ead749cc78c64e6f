import { z } from 'zod';

/**
 * The 3101 明细审核事前分析 request `input.data`, with field names as in ../shared/docs/nhsa-3101.md.
 * Hospital systems send codes and amounts both as strings and as numbers, and absent values as
 * null, so the scalar helpers below accept all three. Fields the converter does not use are not
 * listed; unknown fields are dropped, never rejected.
 */

/** Trimmed text for strings and numbers; null and "" become undefined (absent). */
export function normalise(v: unknown): unknown {
  if (v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v;
}

/** A dictionary code or id: "1" and 1 are the same code. */
const code = (what: string) => z.preprocess(normalise, z.string({ error: `expected ${what}` }));

/** Optional text or code: null, "" and absent all mean "not given". */
const optionalText = z.preprocess(normalise, z.string({ error: 'expected text or a code' }).optional());

const optionalNumber = z.preprocess(
  (v) => {
    const n = normalise(v);
    return typeof n === 'string' && /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : n;
  },
  z.number({ error: 'expected a number' }).nonnegative().optional(),
);

/** yyyy-MM-dd or yyyy-MM-dd HH:mm:ss; the engine only needs the date. */
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?/, 'expected yyyy-MM-dd or yyyy-MM-dd HH:mm:ss')
  .transform((s) => s.slice(0, 10));
const optionalDateTime = z.preprocess(normalise, dateTime.optional());

/** 0/1 flags; absent stays absent so the converter can tell "not sent" from "0". */
const optionalFlag = z.preprocess(normalise, z.enum(['0', '1']).optional());

export const Diagnose3101Schema = z.object({
  dise_id: optionalText,
  inout_dise_type: optionalText,
  maindise_flag: optionalFlag,
  dias_srt_no: optionalText,
  dise_codg: code('a diagnosis code'),
  dise_name: optionalText,
  dise_date: optionalDateTime,
});

/**
 * `fsi_operation_dtos[]`: the encounter's operations (手术操作, ICD-9-CM-3 医保版). Field names as
 * hospital interfaces send them: `oprn_oprt_code`/`_name` (the 结算清单 wording) or `oprn_code`/
 * `oprn_name`, `main_oprn_flag`, `oprn_oprt_date`/`oprn_date` (*verify* against the province's spec).
 */
export const Operation3101Schema = z
  .object({
    setl_list_oprn_id: optionalText,
    oprn_oprt_code: optionalText,
    oprn_code: optionalText,
    oprn_oprt_name: optionalText,
    oprn_name: optionalText,
    main_oprn_flag: optionalFlag,
    oprn_oprt_date: optionalDateTime,
    oprn_date: optionalDateTime,
  })
  .refine((o) => o.oprn_oprt_code !== undefined || o.oprn_code !== undefined, {
    message: 'an operation needs oprn_oprt_code (or oprn_code)',
    path: ['oprn_oprt_code'],
  });

export const Order3101Schema = z.object({
  rx_id: code('an order id'),
  rxno: optionalText,
  grpno: optionalText,
  long_drord_flag: optionalFlag,
  hilist_type: optionalText,
  chrg_type: optionalText,
  drord_bhvr: optionalText,
  hilist_code: optionalText,
  hilist_name: optionalText,
  hilist_lv: optionalText,
  hosplist_code: optionalText,
  hosplist_name: optionalText,
  cnt: optionalNumber,
  pric: optionalNumber,
  sumamt: optionalNumber,
  spec: optionalText,
  spec_unt: optionalText,
  drord_begn_date: optionalDateTime,
  drord_stop_date: optionalDateTime,
  drord_dept_name: optionalText,
  drord_dr_codg: optionalText,
  drord_dr_profttl: optionalText,
  curr_drord_flag: optionalFlag,
  /** Provincial additions (fee-detail uploads of some provinces): 单次剂量, 频次, 周期天数 as written. */
  sin_dos_dscr: optionalText,
  used_frqu_dscr: optionalText,
  prd_days: optionalNumber,
}).refine((o) => o.hilist_code !== undefined || o.hosplist_code !== undefined, {
  message: 'an order needs hilist_code (or at least hosplist_code)',
  path: ['hilist_code'],
});

export const Encounter3101Schema = z.object({
  mdtrt_id: code('an encounter id'),
  medins_id: optionalText,
  medins_lv: optionalText,
  adm_date: dateTime,
  dscg_date: optionalDateTime,
  dscg_main_dise_codg: optionalText,
  dscg_main_dise_name: optionalText,
  dr_codg: optionalText,
  adm_dept_name: optionalText,
  dscg_dept_name: optionalText,
  med_mdtrt_type: optionalText,
  med_type: optionalText,
  matn_stas: optionalText,
  insutype: optionalText,
  fsi_diagnose_dtos: z.array(Diagnose3101Schema).nullish().transform((v) => v ?? []),
  fsi_order_dtos: z.array(Order3101Schema).nullish().transform((v) => v ?? []),
  /** Absent or null: the request says nothing about operations (not "none"). */
  fsi_operation_dtos: z.array(Operation3101Schema).nullish().transform((v) => v ?? undefined),
});

export const Patient3101Schema = z.object({
  patn_id: code('a patient id'),
  gend: z.preprocess(normalise, z.enum(['0', '1', '2', '9']).optional()),
  brdy: optionalDateTime,
  poolarea: optionalText,
  curr_mdtrt_id: optionalText,
  fsi_encounter_dtos: z.array(Encounter3101Schema).min(1, 'a patient needs at least one encounter'),
});

export const Data3101Schema = z.object({
  trig_scen: optionalText,
  rule_ids: z.unknown().optional(),
  task_id: optionalText,
  syscode: optionalText,
  patient_dtos: z.array(Patient3101Schema).min(1, 'a 3101 request needs at least one patient'),
});

/** The full request as sent: `{ input: { data } }`. */
export const Request3101Schema = z.object({ input: z.object({ data: Data3101Schema }) });

export type Diagnose3101 = z.infer<typeof Diagnose3101Schema>;
export type Order3101 = z.infer<typeof Order3101Schema>;
export type Operation3101 = z.infer<typeof Operation3101Schema>;
export type Encounter3101 = z.infer<typeof Encounter3101Schema>;
export type Patient3101 = z.infer<typeof Patient3101Schema>;
export type Data3101 = z.infer<typeof Data3101Schema>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `raw` has the shape of a 3101 request, wrapped or bare (detection only, no validation). */
export function looksLike3101(raw: unknown): boolean {
  if (!isRecord(raw)) return false;
  if (Array.isArray(raw['patient_dtos'])) return true;
  const input = raw['input'];
  return isRecord(input) && isRecord(input['data']) && Array.isArray(input['data']['patient_dtos']);
}

/**
 * Validates a 3101 request given either as `{input:{data}}` or as the bare `data`. Error paths keep
 * the caller's shape (`input.data.patient_dtos[0].gend` for the wrapped form).
 */
export function parse3101(raw: unknown): { success: true; data: Data3101 } | { success: false; error: z.ZodError } {
  if (isRecord(raw) && 'input' in raw) {
    const wrapped = Request3101Schema.safeParse(raw);
    return wrapped.success ? { success: true, data: wrapped.data.input.data } : { success: false, error: wrapped.error };
  }
  const bare = Data3101Schema.safeParse(raw);
  return bare.success ? { success: true, data: bare.data } : { success: false, error: bare.error };
}
