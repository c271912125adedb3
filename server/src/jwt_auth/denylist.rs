//! The denylist: revoked `jti`s in SQLite until their token would have expired anyway, and the
//! lab switch that decides whether `/api/jwt/me` looks there at all (on by default: revocation
//! only works when every request does that lookup — the price of revocation).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::api::jwt::DenylistRow;
use sqlx::SqlitePool;

#[derive(Clone, Debug)]
pub struct Denylist {
    enabled: Arc<AtomicBool>,
}

impl Default for Denylist {
    fn default() -> Self {
        Self {
            enabled: Arc::new(AtomicBool::new(true)),
        }
    }
}

impl Denylist {
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::Relaxed);
    }
}

/// Puts `jti` on the denylist (again is fine: the first reason stays).
pub async fn add(
    db: &SqlitePool,
    jti: &str,
    expires_at: i64,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
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

/// Why `jti` was revoked, if it was.
pub async fn lookup(db: &SqlitePool, jti: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT reason FROM jwt_denylist WHERE jti = ?")
        .bind(jti)
        .fetch_optional(db)
        .await
}

/// The entries whose tokens have not expired yet, newest first.
pub async fn live(db: &SqlitePool, now: i64) -> Result<Vec<DenylistRow>, sqlx::Error> {
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

/// Drops entries of tokens that have expired (they would be refused anyway).
pub async fn purge_expired(db: &SqlitePool, now: i64, leeway: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM jwt_denylist WHERE expires_at + ? < ?")
        .bind(leeway)
        .bind(now)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
