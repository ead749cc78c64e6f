-- Hub schema, version 3: events written by the hub's own 3101/3103 service (issue #16).

-- Where an event came from: uploaded by the extension, or made by the hub answering a HIS's
-- national 3101/3102 check or 3103 feedback. Stamped by the hub, like the workstation, never
-- taken from an uploaded record.
ALTER TABLE events
  ADD COLUMN source text NOT NULL DEFAULT 'extension' CHECK (source IN ('extension', 'his-3101')),
  -- The 3101 jr_id (违规标识) a finding was answered under, so a 3103 disposition naming it finds it.
  ADD COLUMN jr_id text;

-- 3103 looks a jr_id up among the calling system's own findings, newest first.
CREATE INDEX events_jr_id ON events (jr_id, workstation_id, at DESC) WHERE jr_id IS NOT NULL;
