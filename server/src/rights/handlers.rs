//! `/api/admin/users*` (admins only, read from the users table at each call) and
//! `/api/account/password` (any logged-in user). Every call is a state change behind the
//! origin check, like the rest of the API.

use app::api::admin::{
    ChangeAnswer, DisableRequest, PasswordChange, PasswordReset, RoleRequest, UsersAnswer,
};
use app::api::session::Credentials;
use app::api::ErrorBody;
use axum::http::StatusCode;
use axum::Json;

use super::caller::{Admin, Caller};
use super::effects::{on_sessions, on_tokens, row, Reach};
use crate::accounts::login::MAX_PASSWORD_BYTES;
use crate::accounts::rights::Change;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;

/// A new password must be at least this long (and at most what a login accepts).
const MIN_PASSWORD_CHARS: usize = 8;

#[utoipa::path(get, path = "/admin/users", tag = "rights",
    summary = "Every account, its role and the credentials out for it (admin)",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    responses((status = 200, description = "Every account, its role and whether it is disabled, and the credentials out for it", body = UsersAnswer),
        (status = 403, description = "Not an admin (read from the users table now, not from the credential)", body = ErrorBody)))]
pub async fn users(reach: Reach, Admin(caller): Admin) -> Result<Json<UsersAnswer>, ApiError> {
    let now = reach.clock.now().unix_timestamp();
    let mut users = Vec::new();
    for user in reach.accounts.list().await? {
        users.push(row(&reach, &user, now).await?);
    }
    Ok(Json(UsersAnswer {
        users,
        caller: format!("{} by {}", caller.user.username, caller.via),
        server_now: now,
    }))
}

/// Applies `change` to `username` and to the credentials already out.
async fn apply(
    reach: &Reach,
    username: &str,
    change: Change,
) -> Result<Json<ChangeAnswer>, ApiError> {
    let now = reach.clock.now().unix_timestamp();
    let Some(user) = reach.accounts.change(username, &change, now).await? else {
        return Err(ApiError::Rejected {
            status: StatusCode::NOT_FOUND,
            message: format!("no user named {username:?}"),
        });
    };
    tracing::info!(username, change = %change.describe(), "rights changed");
    let sessions = on_sessions(reach, &user, &change).await?;
    let tokens = on_tokens(reach, &user, &change, now).await?;
    Ok(Json(ChangeAnswer {
        user: row(reach, &user, now).await?,
        sessions,
        tokens,
    }))
}

#[utoipa::path(post, path = "/admin/users/role", tag = "rights",
    summary = "Change a user's role, under their live credentials (admin)",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body(content = RoleRequest, example = json!({"username": "bob", "role": "user"})),
    responses((status = 200, description = "The change, and what it did to the sessions and tokens already out", body = ChangeAnswer),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody)))]
pub async fn set_role(
    reach: Reach,
    _admin: Admin,
    ApiJson(request): ApiJson<RoleRequest>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    apply(&reach, &request.username, Change::Role(request.role)).await
}

#[utoipa::path(post, path = "/admin/users/disable", tag = "rights",
    summary = "Disable or enable an account, under its live credentials (admin)",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body = DisableRequest,
    responses((status = 200, description = "The change, and what it did to the credentials already out", body = ChangeAnswer),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody)))]
pub async fn set_disabled(
    reach: Reach,
    Admin(caller): Admin,
    ApiJson(request): ApiJson<DisableRequest>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    if request.disabled && request.username == caller.user.username {
        return Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "an admin cannot disable their own account".to_owned(),
        });
    }
    apply(
        &reach,
        &request.username,
        Change::Disabled(request.disabled),
    )
    .await
}

/// A new password's length rule, as a 422 that says it.
fn acceptable(password: &str) -> Result<(), ApiError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!(
                "a password needs at least {MIN_PASSWORD_CHARS} characters and at most {MAX_PASSWORD_BYTES} bytes"
            ),
        });
    }
    Ok(())
}

#[utoipa::path(post, path = "/admin/users/password", tag = "rights",
    summary = "Set a user's password (admin)",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body = PasswordReset,
    responses((status = 200, description = "The new password is set; the user's sessions and refresh families end", body = ChangeAnswer),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody)))]
pub async fn reset_password(
    reach: Reach,
    _admin: Admin,
    ApiJson(request): ApiJson<PasswordReset>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    acceptable(&request.password)?;
    apply(
        &reach,
        &request.username,
        Change::Password(request.password),
    )
    .await
}

/// The caller's own password: the current one is checked like a login (rate limit included).
#[utoipa::path(post, path = "/account/password", tag = "rights",
    summary = "Change my own password (checked like a login)",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body = PasswordChange,
    responses((status = 200, description = "Changed; the caller's other sessions and refresh families end", body = ChangeAnswer),
        (status = 401, description = "The current password is wrong (`invalid credentials`)", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords", body = ErrorBody)))]
pub async fn change_password(
    reach: Reach,
    caller: Caller,
    client: Client,
    ApiJson(request): ApiJson<PasswordChange>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    let credentials = Credentials {
        username: caller.user.username.clone(),
        password: request.current_password,
        carrier: None,
    };
    let now = reach.clock.now().unix_timestamp();
    reach
        .accounts
        .authenticate(now, client.addr, &credentials)
        .await?;
    acceptable(&request.new_password)?;
    apply(
        &reach,
        &caller.user.username,
        Change::Password(request.new_password),
    )
    .await
}
