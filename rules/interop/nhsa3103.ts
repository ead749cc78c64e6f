import { z } from 'zod';
import type { Decision } from '../../contract/decision';
import { DSPO_WAY_CONTINUE, DSPO_WAY_MODIFY, WARN_TYPE_BEFORE, WARN_TYPE_DURING } from './nhsa-codes';
import { jrIdOf } from './finding-ref';
import { normalise } from './nhsa3101-request';

/** The 3103 事前事中服务反馈 request, field names as in ../shared/docs/nhsa-3101.md. */

export const Warn3103Schema = z
  .object({
    warn_rslt_id: z.string().min(1),
    dspo_way: z.enum([DSPO_WAY_CONTINUE, DSPO_WAY_MODIFY]),
    dspo_way_rea: z.string().optional(),
  })
  .refine((w) => w.dspo_way !== DSPO_WAY_CONTINUE || !!w.dspo_way_rea, {
    message: 'dspo_way 1 (continue) needs dspo_way_rea',
    path: ['dspo_way_rea'],
  });

export const Request3103Schema = z.object({
  input: z.object({
    data: z.object({ warn_type: z.string(), warns: z.array(Warn3103Schema) }),
  }),
});

/** Most dispositions one 3103 message may carry; a HIS sends those of one review. */
export const MAX_WARNS_3103 = 1000;

/**
 * A 3103 `input.data` as a HIS sends it: codes as strings or numbers, absent reasons as null or "".
 * The outgoing schema above stays strict: it is what Preflight itself writes.
 */
export const Incoming3103DataSchema = z.object({
  warn_type: z.preprocess(normalise, z.enum([WARN_TYPE_BEFORE, WARN_TYPE_DURING])),
  warns: z
    .array(
      z
        .object({
          warn_rslt_id: z.preprocess(normalise, z.string().max(64)),
          dspo_way: z.preprocess(normalise, z.enum([DSPO_WAY_CONTINUE, DSPO_WAY_MODIFY])),
          dspo_way_rea: z.preprocess(normalise, z.string().max(500).optional()),
        })
        .refine((w) => w.dspo_way !== DSPO_WAY_CONTINUE || w.dspo_way_rea !== undefined, {
          message: 'dspo_way 1 (continue) needs dspo_way_rea',
          path: ['dspo_way_rea'],
        }),
    )
    .min(1)
    .max(MAX_WARNS_3103),
});

export type Warn3103 = z.infer<typeof Warn3103Schema>;
export type Incoming3103Data = z.infer<typeof Incoming3103DataSchema>;
export type Request3103 = z.infer<typeof Request3103Schema>;

/** Said for a dismissed reminder, where the platform still wants a reason for continuing. */
export const IGNORED_REASON = '提示类信息，医生已阅，继续执行医嘱';

/** The reason text the platform keeps: the preset first, then the doctor's words when they add something. */
function reasonText(d: Decision): string {
  const free = d.reason?.trim();
  if (d.reasonCode && free && !free.includes(d.reasonCode)) return `${d.reasonCode}：${free}`;
  return free || d.reasonCode || IGNORED_REASON;
}

/**
 * One decision as a 3103 warn. Modifying or removing the line is 返回修改 (2); continuing is
 * 继续执行 (1) with its reason; ignoring counts as continuing, since the order goes ahead unchanged.
 */
export function toWarn(decision: Decision): Warn3103 {
  const warnRsltId = jrIdOf(decision.findingRef);
  if (decision.decision === 'modified' || decision.decision === 'removed-line') {
    return { warn_rslt_id: warnRsltId, dspo_way: DSPO_WAY_MODIFY };
  }
  return { warn_rslt_id: warnRsltId, dspo_way: DSPO_WAY_CONTINUE, dspo_way_rea: reasonText(decision) };
}

/** The doctor's decisions of one review as a 3103 request (事前). */
export function to3103Request(decisions: readonly Decision[]): Request3103 {
  return { input: { data: { warn_type: WARN_TYPE_BEFORE, warns: decisions.map(toWarn) } } };
}
