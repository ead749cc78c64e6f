-- Hub schema, version 8: appeals against 确认违规 verdicts (issue #11, item 5).
--
-- A 确认违规 verdict opens an appeal window (HUB_APPEAL_DAYS calendar days in the hospital zone,
-- its end stored with the verdict so a later change of the setting does not move open windows).
-- The doctor appeals through a per-doctor link, or the 科室 lead through their own token; the
-- 质控 decides 维持 or 撤销. Which verdicts count as final is defined once, in
-- hub/src/review/final-verdict.ts, and every count reads it.

-- The 科室 lead (科室主任): a token role scoped to one department of the doctor directory.
ALTER TABLE tokens DROP CONSTRAINT tokens_role_check;
ALTER TABLE tokens ADD CONSTRAINT tokens_role_check CHECK (role IN ('workstation', 'quality', 'insurance-office', 'admin', 'department-lead'));
ALTER TABLE tokens ADD COLUMN department text CHECK (department IS NULL OR char_length(department) BETWEEN 1 AND 100);
ALTER TABLE tokens ADD CONSTRAINT tokens_lead_department CHECK ((role = 'department-lead') = (department IS NOT NULL));

-- When the appeal window of a 确认违规 verdict closes. NULL: no window (other verdicts, verdicts
-- recorded before this version, or a hub configured with 0 days): the verdict is final at once.
ALTER TABLE verdicts ADD COLUMN appeal_until timestamptz;

-- Per-doctor appeal links: like a token (`pfa_<id>_<secret>`, the secret stored only as an HMAC
-- under the token pepper), but granting nothing except listing and appealing that doctor's open
-- 确认违规 findings. A new link for a doctor revokes the previous one.
CREATE TABLE appeal_links (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  prescriber_id text NOT NULL CHECK (char_length(prescriber_id) BETWEEN 1 AND 64),
  created_by text NOT NULL REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX appeal_links_prescriber ON appeal_links (prescriber_id) WHERE revoked_at IS NULL;

-- One appeal per verdict, and its decision. Who appealed: a link or a token, never both.
CREATE TABLE appeals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  verdict_id bigint NOT NULL UNIQUE REFERENCES verdicts (id),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  link_id text REFERENCES appeal_links (id),
  token_id text REFERENCES tokens (id),
  decision text CHECK (decision IN ('维持', '撤销')),
  decision_reason text CHECK (decision_reason IS NULL OR char_length(decision_reason) BETWEEN 1 AND 2000),
  decided_by text REFERENCES tokens (id),
  decided_at timestamptz,
  -- 撤销 records the verdict the finding now has (误报 or 合理使用) as a new verdict: this one.
  revised_verdict_id bigint REFERENCES verdicts (id),
  CONSTRAINT appeals_one_author CHECK ((link_id IS NULL) <> (token_id IS NULL)),
  CONSTRAINT appeals_decision_whole CHECK (
    (decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decision_reason IS NULL)
  ),
  CONSTRAINT appeals_revision CHECK ((decision IS DISTINCT FROM '撤销') = (revised_verdict_id IS NULL))
);
CREATE INDEX appeals_pending ON appeals (submitted_at) WHERE decided_at IS NULL;
