-- Hub schema, version 7: review by prescription, with names instead of ids (issue #11).

-- The 质控 reviews an order's records together (hub/src/review/orders.ts): they are found by order.
CREATE INDEX events_order ON events (order_id, workstation_id) WHERE order_id IS NOT NULL;

-- What each rule is called, from the published packs: filled when a pack is published, and for
-- packs published before this version on first use (hub/src/packs/rule-names.ts). A rule keeps
-- the name of the newest publication that has it, so events of rules since removed still have one.
CREATE TABLE rule_names (
  rule_id text PRIMARY KEY,
  -- The rule's 通用名 / 项目名称 (the pack's `name`); NULL when the pack gives none.
  name text,
  kind text NOT NULL,
  pack_seq bigint NOT NULL,
  pack_version text NOT NULL
);
ALTER TABLE packs ADD COLUMN names_indexed boolean NOT NULL DEFAULT false;

-- The doctor directory the 医保办 keeps (imported from a CSV on the dashboard): the id a page
-- records as the prescriber, and who that is. Doctors only, never patients.
CREATE TABLE prescribers (
  id text PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  department text CHECK (department IS NULL OR char_length(department) BETWEEN 1 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- NULL when loaded by other means than the dashboard.
  updated_by text REFERENCES tokens (id)
);
