import { z } from 'zod';
import { queryText } from './event-filters';

/**
 * Names for the ids the review views show (issue #11): rules by the name the published packs give
 * them, doctors by the hub's directory (id → 姓名, 科室), workstations by their token's label. The
 * views ask for the ids on screen and show the name, the id only beside it.
 */

/** Ids asked for at once: a page of the list, a chart, a rule table. */
export const MAX_NAME_IDS = 1000;

const Ids = z.array(queryText(200)).max(MAX_NAME_IDS).default([]);

export const NamesQuerySchema = z.object({
  rules: Ids,
  prescribers: Ids,
  workstations: Ids,
});

export const RuleNameSchema = z.object({
  /** The rule's 通用名 / 项目名称 as the pack names it; null when it gives none (the kind says what it is). */
  name: z.string().nullable(),
  kind: z.string(),
});

export const PrescriberNameSchema = z.object({ name: z.string(), department: z.string().nullable() });

/** Only the ids that have a name are answered; the views show the others as they are. */
export const NamesSchema = z.object({
  rules: z.record(z.string(), RuleNameSchema),
  prescribers: z.record(z.string(), PrescriberNameSchema),
  workstations: z.record(z.string(), z.string()),
});

export type NamesQuery = z.input<typeof NamesQuerySchema>;
export type RuleName = z.infer<typeof RuleNameSchema>;
export type PrescriberName = z.infer<typeof PrescriberNameSchema>;
export type Names = z.infer<typeof NamesSchema>;

export const EMPTY_NAMES: Names = { rules: {}, prescribers: {}, workstations: {} };
