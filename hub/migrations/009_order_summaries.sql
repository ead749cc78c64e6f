-- Hub schema, version 9: an order's summary stored once, not with every record of it (issue #16).
--
-- The 3101 service logs a finding-shown record per result (about twenty for a twenty-line order)
-- and a submit-check per order, and each carried the same order summary (its lines and diagnoses,
-- contract/order-summary.ts) in its payload. The summary is now stored once in order_summaries,
-- keyed by a digest of its content (an order checked again with the same lines shares the row),
-- and such records name it in summary_id instead of carrying it. Readers put it back as the
-- record's `order` (hub/src/events/payload.ts), so every record still shows its prescription.
-- Records without summary_id (all uploaded by the extension, and the service's older ones) keep
-- theirs in the payload, as before.
CREATE TABLE order_summaries (
  id text PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 64),
  summary jsonb NOT NULL
);

ALTER TABLE events ADD COLUMN summary_id text REFERENCES order_summaries (id);
