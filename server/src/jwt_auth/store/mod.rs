//! Where the JWT scheme keeps what it must remember: the refresh families and the denylist.
//! In SQLite on one machine (the data directory's file, shared by the nodes that use it), or in
//! Redis when the sessions are there too — then every node, on any machine, sees a revocation
//! or a used refresh token at once. A process alone with its SQLite file keeps a memory copy
//! of the denylist (`copy.rs`), so checking it costs no query.

mod copy;
mod error;
mod redis;
mod rows;
mod sqlite;

use app::api::jwt::DenylistRow;

pub use copy::DeniedCopy;
pub use error::StoreError;
pub use rows::{FamilyRow, NewFamily, Next};

#[derive(Clone, Debug)]
pub enum JwtStore {
    Sqlite(sqlx::SqlitePool),
    /// SQLite, with the denylist also in this process's memory.
    CopiedSqlite(sqlx::SqlitePool, DeniedCopy),
    Redis(fred::prelude::Pool),
}

impl JwtStore {
    /// The SQLite store, with a memory copy of the denylist when `memory_copy` (this process is
    /// alone with the file).
    pub async fn sqlite(db: sqlx::SqlitePool, memory_copy: bool) -> Result<Self, StoreError> {
        Ok(if memory_copy {
            let copy = DeniedCopy::load(&db).await?;
            Self::CopiedSqlite(db, copy)
        } else {
            Self::Sqlite(db)
        })
    }

    /// "SQLite" or "Redis", as the page names it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) | Self::CopiedSqlite(..) => "SQLite",
            Self::Redis(_) => "Redis",
        }
    }

    /// What checking the denylist costs, as the trace says it.
    pub fn denylist_lookup(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "1 SQLite lookup",
            Self::CopiedSqlite(..) => "in the memory copy of the SQLite denylist, no query",
            Self::Redis(_) => "1 Redis lookup",
        }
    }

    /// Puts `jti` on the denylist (again is fine: the first reason stays).
    pub async fn deny(
        &self,
        jti: &str,
        expires_at: i64,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(db) => sqlite::deny(db, jti, expires_at, reason, now).await,
            Self::CopiedSqlite(db, copy) => {
                sqlite::deny(db, jti, expires_at, reason, now).await?;
                copy.deny(jti, expires_at, reason);
                Ok(())
            }
            Self::Redis(pool) => redis::deny(pool, jti, expires_at, reason, now).await,
        }
    }

    /// Why `jti` was revoked, if it was.
    pub async fn denied(&self, jti: &str) -> Result<Option<String>, StoreError> {
        match self {
            Self::Sqlite(db) => sqlite::denied(db, jti).await,
            Self::CopiedSqlite(_, copy) => Ok(copy.reason(jti)),
            Self::Redis(pool) => redis::denied(pool, jti).await,
        }
    }

    /// The entries whose tokens have not expired by `now`, newest first (at most 50).
    pub async fn denylist(&self, now: i64) -> Result<Vec<DenylistRow>, StoreError> {
        let mut rows = match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => sqlite::denylist(db, now).await?,
            Self::Redis(pool) => redis::denylist(pool, now).await?,
        };
        rows.sort_by_key(|row| std::cmp::Reverse(row.revoked_at));
        rows.truncate(50);
        Ok(rows)
    }

    /// Drops entries of tokens that have expired (they would be refused anyway).
    pub async fn purge_denylist(&self, now: i64, leeway: i64) -> Result<u64, StoreError> {
        match self {
            Self::Sqlite(db) => sqlite::purge_denylist(db, now - leeway).await,
            Self::CopiedSqlite(db, copy) => {
                copy.purge(now - leeway);
                sqlite::purge_denylist(db, now - leeway).await
            }
            Self::Redis(pool) => redis::purge_denylist(pool, now - leeway).await,
        }
    }

    pub async fn create_family(&self, family: NewFamily<'_>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => sqlite::create_family(db, family).await,
            Self::Redis(pool) => redis::create_family(pool, family).await,
        }
    }

    pub async fn family(&self, id: &str) -> Result<Option<FamilyRow>, StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => sqlite::family(db, id).await,
            Self::Redis(pool) => redis::family(pool, id).await,
        }
    }

    /// Swaps `presented` for `next` if and only if `presented` is the family's current token
    /// and the family is alive at `now` — atomically, so of two parallel refreshes with one
    /// token exactly one wins. True when it swapped.
    pub async fn swap_current(
        &self,
        family_id: &str,
        presented: &str,
        next: &Next<'_>,
        now: i64,
    ) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => {
                sqlite::swap_current(db, family_id, presented, next, now).await
            }
            Self::Redis(pool) => redis::swap_current(pool, family_id, presented, next, now).await,
        }
    }

    /// Marks the family revoked (the first reason stays).
    pub async fn end_family(&self, id: &str, reason: &str, now: i64) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => {
                sqlite::end_family(db, id, reason, now).await
            }
            Self::Redis(pool) => redis::end_family(pool, id, reason, now).await,
        }
    }

    /// The user's families that are neither revoked nor past their absolute lifetime.
    pub async fn user_families(
        &self,
        user_id: i64,
        now: i64,
    ) -> Result<Vec<FamilyRow>, StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => {
                sqlite::user_families(db, user_id, now).await
            }
            Self::Redis(pool) => redis::user_families(pool, user_id, now).await,
        }
    }

    /// Families neither revoked nor past their absolute lifetime.
    pub async fn live_families(&self, now: i64) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(db) | Self::CopiedSqlite(db, _) => sqlite::live_families(db, now).await,
            Self::Redis(pool) => redis::live_families(pool, now).await,
        }
    }
}
