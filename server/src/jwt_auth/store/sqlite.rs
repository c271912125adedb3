//! The JWT scheme's memory in the data directory's SQLite file.

use app::api::jwt::DenylistRow;
use sqlx::SqlitePool;

use super::error::StoreError;
use super::rows::{FamilyRow, NewFamily, Next};

pub async fn deny(
    db: &SqlitePool,
    jti: &str,
    expires_at: i64,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO jwt_denylist (jti, revoked_at, expires_at, reason) VALUES (?, ?, ?, ?) \
         ON CONFLICT (jti) DO NOTHING",
    )
    .bind(jti)
    .bind(now)
    .bind(expires_at)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn denied(db: &SqlitePool, jti: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT reason FROM jwt_denylist WHERE jti = ?")
            .bind(jti)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn denylist(db: &SqlitePool, now: i64) -> Result<Vec<DenylistRow>, StoreError> {
    let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT jti, revoked_at, expires_at, reason FROM jwt_denylist WHERE expires_at >= ? \
         ORDER BY revoked_at DESC, rowid DESC LIMIT 50",
    )
    .bind(now)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(jti, revoked_at, expires_at, reason)| DenylistRow {
            jti,
            revoked_at,
            expires_at,
            reason,
        })
        .collect())
}

pub async fn purge_denylist(db: &SqlitePool, before: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM jwt_denylist WHERE expires_at < ?")
        .bind(before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

pub async fn create_family(db: &SqlitePool, family: NewFamily<'_>) -> Result<(), StoreError> {
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

pub async fn family(db: &SqlitePool, id: &str) -> Result<Option<FamilyRow>, StoreError> {
    Ok(
        sqlx::query_as("SELECT * FROM jwt_refresh_families WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// One conditional UPDATE, and the used token recorded in the same transaction.
pub async fn swap_current(
    db: &SqlitePool,
    family_id: &str,
    presented: &str,
    next: &Next<'_>,
    now: i64,
) -> Result<bool, StoreError> {
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
    if swapped != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query("INSERT INTO jwt_used_refresh_tokens (jti, family_id, used_at) VALUES (?, ?, ?)")
        .bind(presented)
        .bind(family_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn end_family(
    db: &SqlitePool,
    id: &str,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE jwt_refresh_families SET revoked_at = ?, revoked_reason = ? \
         WHERE id = ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn live_families(db: &SqlitePool, now: i64) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM jwt_refresh_families WHERE revoked_at IS NULL AND expires_at > ?",
    )
    .bind(now)
    .fetch_one(db)
    .await?)
}

pub async fn user_families(
    db: &SqlitePool,
    user_id: i64,
    now: i64,
) -> Result<Vec<FamilyRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT * FROM jwt_refresh_families \
         WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(db)
    .await?)
}
