-- Hub schema, version 1: tokens, flag events, review verdicts, rule-error reports, signed packs.
-- Applied once inside a transaction by hub/src/db/migrate.ts; never edit after release, add 002_….

-- Bearer tokens. The token itself is `pfh_<id>_<secret>`: only the id is stored in clear (it is
-- the lookup key), the secret as an HMAC-SHA256 under the hub's pepper, which is not in the database.
CREATE TABLE tokens (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('workstation', 'quality', 'insurance-office', 'admin')),
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- NULL when made by the command-line tool (bootstrap), else the admin token that made it.
  created_by text REFERENCES tokens (id),
  revoked_at timestamptz
);

-- Flag events as uploaded by workstations (log/flag-event.ts). The columns the dashboard filters
-- and aggregates on are lifted out of the record; the validated record itself is kept in payload.
CREATE TABLE events (
  id text PRIMARY KEY CHECK (char_length(id) BETWEEN 8 AND 64),
  type text NOT NULL,
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- The uploading token: stamped by the hub, never taken from the record.
  workstation_id text NOT NULL,
  session_id text NOT NULL,
  profile_id text NOT NULL,
  page text NOT NULL,
  pack_version text,
  order_id text,
  rule_id text,
  kind text,
  severity text,
  line_id text,
  line_code text,
  amount_at_risk double precision,
  mode text,
  decision text,
  reason_code text,
  outcome text,
  total_ms double precision,
  department text,
  prescriber_id text,
  patient_key text,
  payload jsonb NOT NULL
);

-- Each index carries (INCLUDE) the few columns the dashboard counts, so counting by time or by
-- one dimension reads the index alone, never the wide rows.
CREATE INDEX events_at ON events (at) INCLUDE (type, decision);
CREATE INDEX events_rule_at ON events (rule_id, at) INCLUDE (type, decision, kind, amount_at_risk);
CREATE INDEX events_department_at ON events (department, at) INCLUDE (type, decision);
CREATE INDEX events_prescriber_at ON events (prescriber_id, at) INCLUDE (type, decision);
CREATE INDEX events_workstation_at ON events (workstation_id, at) INCLUDE (type, decision);
CREATE INDEX events_decision_at ON events (decision, at) INCLUDE (reason_code);

-- Running counts kept up to date by the same statement that stores new events (only rows
-- actually inserted are counted, so a re-sent batch never counts twice): per hour for the daily
-- trend, per UTC month and dimension value for everything else. Statistics over long periods add
-- these up for whole buckets and count raw events only for the partial buckets at either end,
-- so they are exact to the instant, in any time zone.
CREATE TABLE event_rollup (
  -- 'hour' (key NULL): all events per UTC hour;
  -- 'rule', 'department', 'prescriber', 'workstation': findings and decisions per month and value;
  -- 'type': events per month and event type; 'reason': continued decisions per month and preset reason.
  dimension text NOT NULL,
  bucket timestamptz NOT NULL,
  key text,
  kind text,
  events integer NOT NULL,
  shown integer NOT NULL,
  decisions integer NOT NULL,
  continued integer NOT NULL,
  corrected integer NOT NULL,
  ignored integer NOT NULL,
  amount_at_risk double precision NOT NULL,
  CONSTRAINT event_rollup_key UNIQUE NULLS NOT DISTINCT (dimension, bucket, key)
);

-- 质控 reviews of single events; the newest verdict for an event is the current one.
CREATE TABLE verdicts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL REFERENCES events (id),
  reviewer text NOT NULL REFERENCES tokens (id),
  verdict text NOT NULL CHECK (verdict IN ('确认违规', '误报', '合理使用')),
  comment text,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX verdicts_event_at ON verdicts (event_id, at DESC, id DESC);

-- "规则有误": a reviewer's report that a rule itself is wrong, for the 医保办 to act on.
CREATE TABLE rule_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id text NOT NULL,
  pack_version text,
  event_id text REFERENCES events (id),
  comment text NOT NULL,
  reporter text NOT NULL REFERENCES tokens (id),
  at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rule_reports_at ON rule_reports (at DESC, id DESC);
CREATE INDEX rule_reports_rule ON rule_reports (rule_id);

-- Signed rule packs as published by the 医保办; the envelope text is served byte for byte.
CREATE TABLE packs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pack_id text NOT NULL,
  version text NOT NULL,
  envelope text NOT NULL,
  etag text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  publisher text NOT NULL REFERENCES tokens (id),
  UNIQUE (pack_id, version)
);

CREATE INDEX packs_version ON packs (version);
