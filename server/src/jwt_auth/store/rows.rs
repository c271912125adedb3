//! The rows the JWT store keeps per refresh family, and what creating and rotating one takes.

/// A new family's first tokens.
pub struct NewFamily<'a> {
    pub id: &'a str,
    pub user_id: i64,
    pub username: &'a str,
    pub refresh_jti: &'a str,
    pub access_jti: &'a str,
    pub access_exp: i64,
    pub now: i64,
    pub expires_at: i64,
}

/// The family row the refresh path needs.
#[derive(Debug, sqlx::FromRow)]
pub struct FamilyRow {
    pub id: String,
    pub user_id: i64,
    pub username: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub current_jti: String,
    pub last_access_jti: String,
    pub last_access_exp: i64,
    pub rotations: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

/// The next tokens of a family.
pub struct Next<'a> {
    pub refresh_jti: &'a str,
    pub access_jti: &'a str,
    pub access_exp: i64,
}
