import type { EventFilters } from '../../../contract/review/event-filters';
import { Where } from '../db/where';

/** Appends the filters (contract/review/event-filters.ts) to `where`, for a query whose events table is aliased `e`. */
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
    .add('e.workstation_id = ?', filters.workstation)
    .add('e.source = ?', filters.source);
}
