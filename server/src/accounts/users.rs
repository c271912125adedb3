//! Users: argon2id password hashes in SQLite, the demo accounts, credential checks.
//!
//! Hashing and verifying run in `spawn_blocking`. An unknown user is verified against a dummy
//! hash so that "no such user" and "wrong password" take the same time and get the same answer.

use std::time::{SystemTime, UNIX_EPOCH};

use app::demo::{Role, DEMO_ACCOUNTS};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::Serialize;
use sqlx::{FromRow, Row, SqlitePool};

use crate::api::error::ApiError;
use crate::kit::memory;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// A disabled account cannot log in (the same answer as wrong credentials) or refresh.
    pub disabled: bool,
    /// Bumped at every change of rights (role, disabled, password): access tokens carry the
    /// version they were signed under.
    pub rights_version: i64,
    /// When the rights last changed (lab clock, unix seconds) and what changed.
    pub rights_changed_at: Option<i64>,
    pub rights_change: Option<String>,
}

/// A `users` row as SQLite holds it (the role as text).
#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    id: i64,
    username: String,
    role: String,
    disabled: bool,
    rights_version: i64,
    rights_changed_at: Option<i64>,
    rights_change: Option<String>,
}

/// The columns of a `UserRow`, for `SELECT`s.
pub(super) const USER_COLUMNS: &str =
    "id, username, role, disabled, rights_version, rights_changed_at, rights_change";

impl TryFrom<UserRow> for User {
    type Error = UserError;

    fn try_from(row: UserRow) -> Result<Self, UserError> {
        Ok(User {
            id: row.id,
            username: row.username,
            role: Role::parse(&row.role).ok_or(UserError::BadRole(row.role))?,
            disabled: row.disabled,
            rights_version: row.rights_version,
            rights_changed_at: row.rights_changed_at,
            rights_change: row.rights_change,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("stored role {0:?} is not a known role")]
    BadRole(String),
    #[error("hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("the hashing queue is closed")]
    HashingClosed,
}

/// The cause is logged; the client sees an opaque 500.
impl From<UserError> for ApiError {
    fn from(err: UserError) -> Self {
        ApiError::internal(err)
    }
}

/// argon2id with the crate's default parameters, which are OWASP's floor: 19 MiB, 2 passes,
/// 1 lane (a test pins them).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Hashes a password to a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`). Blocking.
pub fn hash_password(password: &str) -> Result<String, UserError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(UserError::Hash)
}

/// Checks a password against a PHC string. Blocking. A malformed hash never matches.
fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// What an unknown user's password is checked against: a real argon2id hash with the same
/// parameters as every stored one (a test pins that), of a password nobody types.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$PlCw9QW1QOZXTxE22yU6bg$uxSW/CjZy7V1JlMJqtoCIxpgbWQWQ5faWpKY+I1PNxg";

/// At most this many hashes run at once: each takes 19 MiB and a core for ~50 ms, so a burst
/// of logins queues here instead of exhausting memory.
const CONCURRENT_HASHES: usize = 4;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_HASHES);

/// Runs a hashing job on the blocking pool, within the concurrency limit.
pub(super) async fn hashing<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, UserError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|_| UserError::HashingClosed)?;
    Ok(tokio::task::spawn_blocking(move || {
        let done = job();
        // The hash's 19 MiB are free now: back to the OS before the next request reuses them.
        memory::return_freed_memory();
        done
    })
    .await?)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Inserts each demo account that does not exist yet; returns how many were created.
pub async fn seed_demo_accounts(pool: &SqlitePool) -> Result<usize, UserError> {
    let mut created = 0;
    for account in DEMO_ACCOUNTS {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
            .bind(account.username)
            .fetch_optional(pool)
            .await?;
        if exists.is_some() {
            continue;
        }
        let password = account.password;
        let hash = hashing(move || hash_password(password)).await??;
        // Two nodes starting on one fresh data directory both get here: the second insert of a
        // name is a no-op, not a failed start.
        let inserted = sqlx::query(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT(username) DO NOTHING",
        )
        .bind(account.username)
        .bind(hash)
        .bind(account.role.as_str())
        .bind(unix_now())
        .execute(pool)
        .await?
        .rows_affected();
        if inserted == 1 {
            tracing::info!(username = account.username, "seeded demo account");
            created += 1;
        }
    }
    Ok(created)
}

/// The user with this id, as stored now (a refresh re-reads the role).
pub async fn find(pool: &SqlitePool, id: i64) -> Result<Option<User>, UserError> {
    let query = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?");
    let row: Option<UserRow> = sqlx::query_as(&query).bind(id).fetch_optional(pool).await?;
    row.map(User::try_from).transpose()
}

/// The user with this name, as stored now.
pub async fn find_by_name(pool: &SqlitePool, username: &str) -> Result<Option<User>, UserError> {
    let query = format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?");
    let row: Option<UserRow> = sqlx::query_as(&query)
        .bind(username)
        .fetch_optional(pool)
        .await?;
    row.map(User::try_from).transpose()
}

/// Returns the user when the credentials are right, `None` when they are not — the same
/// answer, after the same work, for an unknown user, a wrong password and a disabled account.
#[tracing::instrument(skip(pool, password))]
pub async fn verify_credentials(
    pool: &SqlitePool,
    username: &str,
    password: &str,
) -> Result<Option<User>, UserError> {
    let query = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?");
    let row: Option<(UserRow, String)> = sqlx::query(&query)
        .bind(username)
        .fetch_optional(pool)
        .await?
        .map(|row| Ok::<_, sqlx::Error>((UserRow::from_row(&row)?, row.try_get("password_hash")?)))
        .transpose()?;
    let phc = row
        .as_ref()
        .map(|(_, hash)| hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let password = password.to_owned();
    let matches = hashing(move || password_matches(&password, &phc)).await?;
    match row {
        // A disabled account is checked after the hash, so it answers like a wrong password.
        Some((user, _)) if matches && !user.disabled => Ok(Some(User::try_from(user)?)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn seeded() -> (tempfile::TempDir, SqlitePool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::base::db::open(dir.path()).await.unwrap();
        seed_demo_accounts(&pool).await.unwrap();
        (dir, pool)
    }

    #[tokio::test]
    async fn demo_accounts_are_seeded_once_with_argon2id_hashes() {
        let (_dir, pool) = seeded().await;
        assert_eq!(seed_demo_accounts(&pool).await.unwrap(), 0);
        let hashes: Vec<(String, String)> =
            sqlx::query_as("SELECT username, password_hash FROM users ORDER BY username")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(hashes.len(), 2);
        for (username, hash) in hashes {
            assert!(
                hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
                "{username}: {hash}"
            );
            assert!(!hash.contains("wonderland") && !hash.contains("builder-bob"));
        }
    }

    #[tokio::test]
    async fn right_credentials_give_the_user_and_role() {
        let (_dir, pool) = seeded().await;
        let bob = verify_credentials(&pool, "bob", "builder-bob")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bob.username, "bob");
        assert_eq!(bob.role, Role::Admin);
        let alice = verify_credentials(&pool, "alice", "wonderland")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(alice.role, Role::User);
    }

    #[tokio::test]
    async fn wrong_password_unknown_user_and_near_misses_are_refused() {
        let (_dir, pool) = seeded().await;
        for (user, password) in [
            ("alice", "wonderland "),
            ("alice", "Wonderland"),
            ("alice", "builder-bob"),
            ("alice", ""),
            ("mallory", "wonderland"),
            ("", ""),
        ] {
            assert_eq!(
                verify_credentials(&pool, user, password).await.unwrap(),
                None,
                "{user:?} / {password:?}"
            );
        }
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let real = hash_password("anything").unwrap();
        let params = |phc: &str| phc.split('$').nth(3).unwrap().to_owned();
        assert_eq!(params(DUMMY_HASH), params(&real));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn passwords_are_not_truncated() {
        let long = "x".repeat(200);
        let hash = hash_password(&long).unwrap();
        assert!(password_matches(&long, &hash));
        assert!(!password_matches(&long[..199], &hash));
        assert!(!password_matches(&format!("{long}y"), &hash));
    }
}
