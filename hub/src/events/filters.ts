import { z } from 'zod';
import { KindSchema, SeveritySchema } from '../../../rules/contract/findings';
import { DecisionKindSchema } from '../../../rules/contract/decision';
import { FlagEventSchema } from '../../../log/flag-event';
import { VerdictSchema } from '../review/verdicts';
import { Where } from '../db/where';

/** Query-string filters shared by the event list and the statistics. */

const text = z.string().min(1).max(200);
const time = z.string().datetime({ offset: true });

export const EventTypeSchema = z.enum(FlagEventSchema.options.map((option) => option.shape.type.value) as [string, ...string[]]);

export const EventFiltersSchema = z.object({
  from: time.optional(),
  to: time.optional(),
  department: text.optional(),
  prescriber: text.optional(),
  ruleId: text.optional(),
  kind: KindSchema.optional(),
  severity: SeveritySchema.optional(),
  decision: DecisionKindSchema.optional(),
  type: EventTypeSchema.optional(),
  workstation: text.optional(),
});

export type EventFilters = z.infer<typeof EventFiltersSchema>;

/** Appends the filters to `where`, for a query whose events table is aliased `e`. */
export function applyEventFilters(where: Where, filters: EventFilters): Where {
  return where
    .add('e.at >= ?::timestamptz', filters.from)
    .add('e.at < ?::timestamptz', filters.to)
    .add('e.department = ?', filters.department)
    .add('e.prescriber_id = ?', filters.prescriber)
    .add('e.rule_id = ?', filters.ruleId)
    .add('e.kind = ?', filters.kind)
    .add('e.severity = ?', filters.severity)
    .add('e.decision = ?', filters.decision)
    .add('e.type = ?', filters.type)
    .add('e.workstation_id = ?', filters.workstation);
}
