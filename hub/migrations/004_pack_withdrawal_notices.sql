-- Hub schema, version 4: signed withdrawal notices (issue #13 R5).

-- A withdrawal on the hub alone moves /packs/latest back, but a workstation that already installed
-- the mistaken version refuses anything lower as a rollback — rightly, unless the 医保办's signing
-- key says so. The notice (`preflight pack withdraw-notice`, rules/pack/withdrawal.ts) is kept as
-- posted, byte for byte, and served to workstations beside the latest pack.
ALTER TABLE packs ADD COLUMN withdrawal_notice text;
