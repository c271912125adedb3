-- Rights that change under a live credential (an admin changes a role, disables an account,
-- resets a password). Every change bumps rights_version; access tokens carry the version they
-- were signed under, so the per-user check can refuse tokens issued before the change.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN rights_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN rights_changed_at INTEGER;  -- unix seconds, lab clock; NULL: never
ALTER TABLE users ADD COLUMN rights_change TEXT;          -- what changed last, said plainly
