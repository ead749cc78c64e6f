import type { RuleReport, RuleReportFilters, RuleReportInput } from '../../../contract/review/rule-reports';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import { Where } from '../db/where';

/** "规则有误": a reviewer says a rule itself is wrong; the 医保办 reads these to fix the pack. */

export type AddReportOutcome = { ok: true; report: RuleReport } | { ok: false; reason: 'unknown-event' };

export async function addRuleReport(db: Queryable, reporter: string, input: RuleReportInput): Promise<AddReportOutcome> {
  if (input.eventId !== undefined) {
    const found = await db.query('SELECT 1 FROM events WHERE id = $1', [input.eventId]);
    if (found.rows.length === 0) return { ok: false, reason: 'unknown-event' };
  }
  const result = await db.query<{ id: string | number }>(
    'INSERT INTO rule_reports (rule_id, pack_version, event_id, comment, reporter) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [input.ruleId, input.packVersion ?? null, input.eventId ?? null, input.comment, reporter],
  );
  const [report] = await listRuleReports(db, { limit: 1, before: Number(result.rows[0]!.id) + 1 });
  return { ok: true, report: report! };
}

export async function listRuleReports(db: Queryable, filters: RuleReportFilters): Promise<RuleReport[]> {
  const where = new Where().add('r.rule_id = ?', filters.ruleId).add('r.id < ?', filters.before);
  const limit = where.bind(filters.limit);
  const result = await db.query<ReportRow>(
    `SELECT r.id, r.rule_id, r.pack_version, r.event_id, r.comment, r.reporter, t.label AS reporter_label, r.at
     FROM rule_reports r JOIN tokens t ON t.id = r.reporter
     ${where} ORDER BY r.id DESC LIMIT ${limit}`,
    where.values,
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    ruleId: row.rule_id,
    packVersion: row.pack_version,
    eventId: row.event_id,
    comment: row.comment,
    reporter: row.reporter,
    reporterLabel: row.reporter_label,
    at: toIso(row.at),
  }));
}

interface ReportRow {
  id: string | number;
  rule_id: string;
  pack_version: string | null;
  event_id: string | null;
  comment: string;
  reporter: string;
  reporter_label: string;
  at: Date;
}
