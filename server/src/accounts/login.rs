//! `Accounts`: the users' database and the failed-login limiter, and the one credential check
//! both schemes use: rate limit, length caps, argon2id verification, one "invalid credentials"
//! answer.

use std::net::IpAddr;
use std::sync::Arc;

use app::api::session::Credentials;
use sqlx::SqlitePool;

use super::login_limit::LoginLimiter;
use super::rights::{self, Change};
use super::users::{self, User, UserError};
use crate::api::error::ApiError;

/// Longer inputs are refused outright (as invalid credentials) before any hashing.
const MAX_USERNAME_BYTES: usize = 64;
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The accounts slice of the state: one `Arc`.
#[derive(Clone, Debug)]
pub struct Accounts(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    db: SqlitePool,
    limiter: LoginLimiter,
}

impl Accounts {
    pub fn new(db: SqlitePool) -> Self {
        Self(Arc::new(Inner {
            db,
            limiter: LoginLimiter::default(),
        }))
    }

    /// The user the credentials prove at `now` (unix seconds on the lab clock), or the error to
    /// answer with.
    pub async fn authenticate(
        &self,
        now: i64,
        addr: Option<IpAddr>,
        credentials: &Credentials,
    ) -> Result<User, ApiError> {
        let limiter = &self.0.limiter;
        limiter
            .check(&credentials.username, addr, now)
            .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
        let fits = credentials.username.len() <= MAX_USERNAME_BYTES
            && credentials.password.len() <= MAX_PASSWORD_BYTES;
        let verified = if fits {
            users::verify_credentials(&self.0.db, &credentials.username, &credentials.password)
                .await?
        } else {
            None
        };
        let Some(user) = verified else {
            limiter.record_failure(&credentials.username, addr, now);
            return Err(ApiError::InvalidCredentials);
        };
        limiter.record_success(&user.username);
        Ok(user)
    }

    /// The users' database (its pool, e.g. to close it before copying the file).
    pub fn pool(&self) -> &SqlitePool {
        &self.0.db
    }

    /// The user with this id, as the database holds it now.
    pub async fn find(&self, id: i64) -> Result<Option<User>, UserError> {
        users::find(&self.0.db, id).await
    }

    /// The user with this name, as the database holds it now.
    pub async fn find_by_name(&self, username: &str) -> Result<Option<User>, UserError> {
        users::find_by_name(&self.0.db, username).await
    }

    /// Every user, by name.
    pub async fn list(&self) -> Result<Vec<User>, UserError> {
        rights::list(&self.0.db).await
    }

    /// Puts each demo account back to its demo role, enabled; how many it changed.
    pub async fn restore_demo_rights(&self, now: i64) -> Result<usize, UserError> {
        rights::restore_demo(&self.0.db, now).await
    }

    /// Applies a change of rights at `now`: the user afterwards, `None` for no such user.
    pub async fn change(
        &self,
        username: &str,
        change: &Change,
        now: i64,
    ) -> Result<Option<User>, UserError> {
        rights::apply(&self.0.db, username, change, now).await
    }
}
