import { z } from 'zod';

/**
 * The national platform's message envelope (《医疗保障信息平台定点医药机构接口规范》 通用参数), as
 * the hub's 3101/3102/3103 service takes and answers it: a HIS that calls the national platform
 * sends the same message to the hub by changing one URL. Only `infno` and `input` are required;
 * the other header fields are read when present (msgid makes a retried message idempotent) and
 * otherwise ignored, as are fields this version does not know.
 */

/** Text or a number sent for a code ("3101" and 3101); null and "" are absent. */
const optionalCode = z.preprocess(
  (v) => (v === null || v === '' ? undefined : typeof v === 'number' ? String(v) : v),
  z.string().trim().max(100).optional(),
);

export const NHSA_SERVICE_INFNOS = ['3101', '3102', '3103'] as const;
export const NhsaInfnoSchema = z.enum(NHSA_SERVICE_INFNOS);

export const NhsaRequestEnvelopeSchema = z.object({
  infno: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1)),
  /** 发送方报文ID: 定点医药机构编号 + 时间 + 顺序号, unique per message. */
  msgid: optionalCode,
  infver: optionalCode,
  opter: optionalCode,
  inf_time: optionalCode,
  fixmedins_code: optionalCode,
  mdtrtarea_admvs: optionalCode,
  insuplc_admdvs: optionalCode,
  recer_sys_code: optionalCode,
  dev_no: optionalCode,
  sign_no: optionalCode,
  input: z.object({ data: z.unknown() }),
});

/** infcode: 0 success; below 0 a failure whose reason is err_msg. */
export const INFCODE_OK = 0;
export const INFCODE_FAILED = -1;

/** The response envelope around the output of one transaction. */
export function nhsaResponseSchema<O extends z.ZodType>(output: O) {
  return z.object({
    infcode: z.number().int(),
    /** 接收方报文ID: the hub's own id of this message. */
    inf_refmsgid: z.string(),
    /** When the message was received and answered, yyyyMMddHHmmssSSS in the hub's time zone. */
    refmsg_time: z.string().regex(/^\d{17}$/),
    respond_time: z.string().regex(/^\d{17}$/),
    err_msg: z.string().nullable(),
    /** Checks the request's data did not allow (no diagnosis, no days …), for the 医保办, not the doctor. */
    warn_msg: z.string().nullable(),
    cainfo: z.string().nullable(),
    signtype: z.string().nullable(),
    output: output.nullable(),
  });
}

/** What the hub answers to 3103: how many dispositions were recorded. */
export const Output3103Schema = z.object({ recorded: z.number().int().nonnegative() });

export type NhsaInfno = z.infer<typeof NhsaInfnoSchema>;
export type NhsaRequestEnvelope = z.infer<typeof NhsaRequestEnvelopeSchema>;
export type Output3103 = z.infer<typeof Output3103Schema>;
