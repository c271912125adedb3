//! Refresh families in SQLite: one per login. Each refresh rotates the family's current token
//! atomically; presenting an older one is reuse — the family is revoked, and its latest access
//! token goes on the denylist.

use app::api::jwt::FamilyView;
use sqlx::SqlitePool;

use super::denylist;
use crate::checks::short;

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

pub async fn create(db: &SqlitePool, family: NewFamily<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jwt_refresh_families (id, user_id, username, created_at, expires_at, \
         current_jti, last_access_jti, last_access_exp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(family.id)
    .bind(family.user_id)
    .bind(family.username)
    .bind(family.now)
    .bind(family.expires_at)
    .bind(family.refresh_jti)
    .bind(family.access_jti)
    .bind(family.access_exp)
    .execute(db)
    .await?;
    Ok(())
}

/// What became of a refresh attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Rotation {
    /// The presented token was current: it is used up now, the new one is current.
    Rotated,
    /// The presented token was used before: the whole family is now revoked.
    ReuseDetected,
    Revoked {
        reason: String,
    },
    Expired,
    Unknown,
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

pub async fn get(db: &SqlitePool, id: &str) -> Result<Option<FamilyRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM jwt_refresh_families WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The next tokens of a family.
pub struct Next<'a> {
    pub refresh_jti: &'a str,
    pub access_jti: &'a str,
    pub access_exp: i64,
}

/// Swaps `presented` for `next` if and only if `presented` is the family's current token —
/// one conditional UPDATE, so of two parallel refreshes with one token exactly one wins.
pub async fn rotate(
    db: &SqlitePool,
    family_id: &str,
    presented: &str,
    next: Next<'_>,
    now: i64,
) -> Result<Rotation, sqlx::Error> {
    let mut tx = db.begin().await?;
    let swapped = sqlx::query(
        "UPDATE jwt_refresh_families SET current_jti = ?, last_access_jti = ?, \
         last_access_exp = ?, rotations = rotations + 1 \
         WHERE id = ? AND current_jti = ? AND revoked_at IS NULL AND expires_at > ?",
    )
    .bind(next.refresh_jti)
    .bind(next.access_jti)
    .bind(next.access_exp)
    .bind(family_id)
    .bind(presented)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if swapped == 1 {
        sqlx::query(
            "INSERT INTO jwt_used_refresh_tokens (jti, family_id, used_at) VALUES (?, ?, ?)",
        )
        .bind(presented)
        .bind(family_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Rotation::Rotated);
    }
    tx.rollback().await?;
    let Some(family) = get(db, family_id).await? else {
        return Ok(Rotation::Unknown);
    };
    if family.revoked_at.is_some() {
        let reason = family.revoked_reason.unwrap_or_else(|| "revoked".into());
        return Ok(Rotation::Revoked { reason });
    }
    if family.expires_at <= now {
        return Ok(Rotation::Expired);
    }
    // Not current, family alive: this token was used before. Someone holds a copy.
    revoke(db, &family, "refresh token reused", now).await?;
    tracing::warn!(family = %short(family_id), "refresh token reuse: family revoked");
    Ok(Rotation::ReuseDetected)
}

/// Ends a family: no more refreshes; its latest access token goes on the denylist (it still
/// works wherever the denylist is not checked — that is the point of the lesson).
pub async fn revoke(
    db: &SqlitePool,
    family: &FamilyRow,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE jwt_refresh_families SET revoked_at = ?, revoked_reason = ? \
         WHERE id = ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(&family.id)
    .execute(db)
    .await?;
    if reason != "logout" {
        denylist::add(
            db,
            &family.last_access_jti,
            family.last_access_exp,
            reason,
            now,
        )
        .await?;
    }
    Ok(())
}

pub async fn view(
    db: &SqlitePool,
    family: &FamilyRow,
    now: i64,
) -> Result<FamilyView, sqlx::Error> {
    let used: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jwt_used_refresh_tokens WHERE family_id = ?")
            .bind(&family.id)
            .fetch_one(db)
            .await?;
    Ok(FamilyView {
        handle: short(&family.id),
        username: family.username.clone(),
        created_at: family.created_at,
        expires_at: family.expires_at,
        rotations: family.rotations,
        used_tokens: used,
        revoked_at: family.revoked_at,
        revoked_reason: family.revoked_reason.clone(),
        server_now: now,
    })
}

pub async fn live_count(db: &SqlitePool, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM jwt_refresh_families WHERE revoked_at IS NULL AND expires_at > ?",
    )
    .bind(now)
    .fetch_one(db)
    .await
}
