/**
 * What a verdict counts as, defined once (issue #11, item 5). Every report that counts verdicts —
 * the rule view's verdict counts (stats/verdict-counts.ts), the monthly report — reads
 * CURRENT_VERDICTS and counts only rows whose state is `final`; the review lists show the state.
 *
 * A finding's verdict is the newest one recorded on its event (older ones stay as history). It is
 *
 * - `final` when it is 误报 or 合理使用; or 确认违规 with no appeal window (recorded before appeals
 *   existed, or the hub gives 0 days); or 确认违规 whose appeal the 质控 decided 维持; or 确认违规
 *   whose window closed without an appeal;
 * - `appeal-open` when it is 确认违规, unappealed, and its window has not closed;
 * - `appealed` when it is 确认违规 and an appeal awaits the 质控's decision.
 *
 * An appeal decided 撤销 records a new verdict (误报 or 合理使用) in the same transaction, so the
 * newest verdict is then that one, final. "Now" is the database's clock: a report counts what is
 * final when it is run.
 */

/** The state of verdict `v` given its appeal `a` (LEFT JOINed: a.id NULL when there is none). */
export const VERDICT_STATE = (v: string, a: string): string => `CASE
    WHEN ${v}.verdict <> '确认违规' THEN 'final'
    WHEN ${a}.id IS NOT NULL AND ${a}.decided_at IS NULL THEN 'appealed'
    WHEN ${a}.id IS NOT NULL THEN 'final'
    WHEN ${v}.appeal_until IS NULL OR ${v}.appeal_until <= now() THEN 'final'
    ELSE 'appeal-open'
  END`;

/**
 * One row per judged event: its current verdict (`verdict_id`, `verdict`, `at`, `appeal_until`)
 * and `state`. Use as a FROM item: `FROM ${CURRENT_VERDICTS} fv JOIN events e ON e.id = fv.event_id`.
 */
export const CURRENT_VERDICTS = `(
  SELECT cv.event_id, cv.id AS verdict_id, cv.verdict, cv.at, cv.appeal_until, ${VERDICT_STATE('cv', 'ca')} AS state
  FROM (SELECT DISTINCT ON (event_id) id, event_id, verdict, at, appeal_until FROM verdicts ORDER BY event_id, at DESC, id DESC) cv
  LEFT JOIN appeals ca ON ca.verdict_id = cv.id
)`;

/** The final verdicts only: what every count of 确认违规 / 误报 / 合理使用 reads. */
export const FINAL_VERDICTS = `(SELECT event_id, verdict_id, verdict, at FROM ${CURRENT_VERDICTS} fvs WHERE fvs.state = 'final')`;
