//! The one credential check both schemes use: rate limit, length caps, argon2id verification,
//! one "invalid credentials" answer.

use std::net::IpAddr;

use app::api::session::Credentials;

use crate::error::ApiError;
use crate::users::{self, User};
use crate::AppState;

/// Longer inputs are refused outright (as invalid credentials) before any hashing.
const MAX_USERNAME_BYTES: usize = 64;
const MAX_PASSWORD_BYTES: usize = 1024;

/// The user the credentials prove, or the error to answer with.
pub async fn authenticate(
    state: &AppState,
    addr: Option<IpAddr>,
    credentials: &Credentials,
) -> Result<User, ApiError> {
    let now = state.clock.now().unix_timestamp();
    let limiter = &state.login_limiter;
    limiter
        .check(&credentials.username, addr, now)
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let fits = credentials.username.len() <= MAX_USERNAME_BYTES
        && credentials.password.len() <= MAX_PASSWORD_BYTES;
    let verified = if fits {
        users::verify_credentials(&state.db, &credentials.username, &credentials.password).await?
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
