-- The JWT scheme's server-side state. Nothing per access token: only signing keys (their
-- material lives in secrets/ files, mode 0600), refresh families and the denylist.
CREATE TABLE jwt_keys (
    kid        TEXT    PRIMARY KEY,
    alg        TEXT    NOT NULL CHECK (alg IN ('HS256', 'EdDSA', 'RS256')),
    created_at INTEGER NOT NULL,  -- unix seconds, lab clock
    retired_at INTEGER
);

-- One row per login: every refresh rotates current_jti; reuse of an older one revokes the row.
CREATE TABLE jwt_refresh_families (
    id              TEXT    PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    username        TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,  -- absolute: no refresh after it
    current_jti     TEXT    NOT NULL,
    last_access_jti TEXT    NOT NULL,
    last_access_exp INTEGER NOT NULL,
    rotations       INTEGER NOT NULL DEFAULT 0,
    revoked_at      INTEGER,
    revoked_reason  TEXT
);

CREATE TABLE jwt_used_refresh_tokens (
    jti       TEXT    PRIMARY KEY,
    family_id TEXT    NOT NULL REFERENCES jwt_refresh_families (id) ON DELETE CASCADE,
    used_at   INTEGER NOT NULL
);

CREATE TABLE jwt_denylist (
    jti        TEXT    PRIMARY KEY,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,  -- the token's exp: the row can go after it
    reason     TEXT    NOT NULL
);
