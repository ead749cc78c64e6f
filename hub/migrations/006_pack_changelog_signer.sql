-- Hub schema, version 6: publishing from the dashboard (issue #11).

-- The 医保办 writes what changed when publishing through the hub (or restoring an earlier
-- content); the history shows it beside the version. Packs uploaded already signed have none.
ALTER TABLE packs ADD COLUMN changelog text;
-- The key that signed the envelope (its keyId), so the history shows which publications the hub's
-- own key made and which came signed from outside (`preflight pack sign`).
ALTER TABLE packs ADD COLUMN key_id text;
