-- Hub schema, version 2: a marker row identifying this hub's database, and withdrawn pack versions.

-- Written once, when the schema is created; /healthz and the start-up check read it back, so a
-- database that lost its data (or was swapped for another one) is noticed instead of served.
CREATE TABLE hub_instance (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO hub_instance (id) VALUES (gen_random_uuid()::text);

-- A version published by mistake (e.g. 20261201 for 2026.12.1) is withdrawn by the 医保办: it
-- stays on record but is no longer served as latest, and no longer blocks later versions.
ALTER TABLE packs
  ADD COLUMN withdrawn_at timestamptz,
  -- NULL when withdrawn with the command-line tool.
  ADD COLUMN withdrawn_by text REFERENCES tokens (id),
  ADD COLUMN withdraw_reason text;
