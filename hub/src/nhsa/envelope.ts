import { randomBytes } from 'node:crypto';
import { INFCODE_FAILED, INFCODE_OK } from '../../../contract/nhsa-envelope';
import { wallClock } from '../../../contract/review/zoned-time';

/**
 * The national response envelope around every answer of the 3101/3102/3103 service, errors
 * included: a HIS written against the national platform reads infcode and err_msg, never the
 * hub's own `{error, message}` shape.
 */

/** When a message arrived and the id the hub gives it (inf_refmsgid). */
export interface Receipt {
  at: Date;
  refmsgid: string;
  timeZone: string;
}

/** The last second written per zone: a busy service writes the same second three times per answer, and for many answers. */
const lastSecond = new Map<string, { second: number; text: string }>();

/** yyyyMMddHHmmssSSS in `timeZone`, the platform's form of refmsg_time and respond_time. */
export function nhsaTime(at: Date, timeZone: string): string {
  const ms = at.getTime();
  const second = Math.floor(ms / 1000);
  let last = lastSecond.get(timeZone);
  if (last?.second !== second) {
    const c = wallClock(at, timeZone);
    const two = (n: number) => String(n).padStart(2, '0');
    last = { second, text: `${c.year}${two(c.month)}${two(c.day)}${two(c.hour)}${two(c.minute)}${two(c.second)}` };
    lastSecond.set(timeZone, last);
  }
  return `${last.text}${String(ms - second * 1000).padStart(3, '0')}`;
}

export function receipt(timeZone: string, at = new Date()): Receipt {
  // 30 characters like the platform's ids: the time, then random digits (unique enough per hub and millisecond).
  const random = BigInt(`0x${randomBytes(6).toString('hex')}`).toString().padStart(15, '0').slice(-13);
  return { at, refmsgid: `${nhsaTime(at, timeZone)}${random}`, timeZone };
}

export interface NhsaAnswer {
  infcode: number;
  inf_refmsgid: string;
  refmsg_time: string;
  respond_time: string;
  err_msg: string | null;
  warn_msg: string | null;
  cainfo: null;
  signtype: null;
  output: unknown;
}

function envelope(r: Receipt, fields: Pick<NhsaAnswer, 'infcode' | 'err_msg' | 'warn_msg' | 'output'>): NhsaAnswer {
  return {
    infcode: fields.infcode,
    inf_refmsgid: r.refmsgid,
    refmsg_time: nhsaTime(r.at, r.timeZone),
    respond_time: nhsaTime(new Date(), r.timeZone),
    err_msg: fields.err_msg,
    warn_msg: fields.warn_msg,
    cainfo: null,
    signtype: null,
    output: fields.output,
  };
}

export function answerOk(r: Receipt, output: unknown, warnMsg: string | null = null): NhsaAnswer {
  return envelope(r, { infcode: INFCODE_OK, err_msg: null, warn_msg: warnMsg, output });
}

export function answerError(r: Receipt, errMsg: string): NhsaAnswer {
  return envelope(r, { infcode: INFCODE_FAILED, err_msg: errMsg, warn_msg: null, output: null });
}

/** An answer that is not "200 with infcode": auth, size, outage. The body is still the envelope. */
export class NhsaFailure extends Error {
  constructor(
    readonly status: 200 | 401 | 403 | 413 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
