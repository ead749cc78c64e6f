/**
 * A stored record as it was made. The 3101 service stores an order's summary once
 * (`order_summaries`, migration 009) and names it in `summary_id` on each record of the order
 * instead of repeating it in every payload; this expression puts it back as the record's `order`,
 * so every reader sees the same record whether its summary was stored apart or inline (records
 * uploaded by the extension keep it inline). `alias` is the events table's alias in the query.
 */
export function eventPayloadSql(alias: string): string {
  return `CASE WHEN ${alias}.summary_id IS NULL THEN ${alias}.payload
    ELSE ${alias}.payload || jsonb_build_object('order', (SELECT os.summary FROM order_summaries os WHERE os.id = ${alias}.summary_id)) END`;
}
