//! The admin API and the rights lab: users whose rights change under live credentials.

use serde::{Deserialize, Serialize};

use super::http::{self, Cred, Exchange};
use crate::demo::Role;

/// One user as the users table holds it, with what the live credentials still carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserRow {
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    /// Bumped at every change of rights; access tokens carry the version they were signed under.
    pub rights_version: i64,
    pub rights_changed_at: Option<i64>,
    pub rights_change: Option<String>,
    /// The role copy each of the user's live session records holds (stale when it differs).
    pub session_roles: Vec<Role>,
    /// The user's live refresh families: each has an access token out, signed with the role
    /// of its last refresh.
    pub live_families: usize,
}

/// `GET /api/admin/users`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UsersAnswer {
    pub users: Vec<UserRow>,
    /// The caller, as the admin API identified them ("bob by Authorization: Bearer").
    pub caller: String,
    pub server_now: i64,
}

/// `POST /api/admin/users/role`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub username: String,
    pub role: Role,
}

/// `POST /api/admin/users/disable`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisableRequest {
    pub username: String,
    pub disabled: bool,
}

/// `POST /api/admin/users/password`: an admin sets a user's password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub username: String,
    pub password: String,
}

/// `POST /api/account/password`: a user changes their own password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// What a change did, in each scheme, said plainly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeAnswer {
    pub user: UserRow,
    /// What became of the user's live sessions.
    pub sessions: String,
    /// What becomes of the user's tokens.
    pub tokens: String,
}

// The browser's calls: the rights lab's admin console sends bob's token from page memory.

/// `GET /api/admin/users` as the holder of `token`.
pub async fn users(token: &str) -> Exchange<UsersAnswer> {
    http::get_as("/api/admin/users", Cred::Bearer(token)).await
}

/// One admin change (`path` is one of `/api/admin/users/{role,disable,password}`).
pub async fn change(
    path: &'static str,
    body: &impl Serialize,
    token: &str,
) -> Exchange<ChangeAnswer> {
    http::post_json_as(path, body, Cred::Bearer(token)).await
}
