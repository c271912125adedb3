//! The partner app's OAuth flow, as the page and the partner see it.

use serde::{Deserialize, Serialize};

use super::http::{self, Cred, Exchange};

/// `POST /api/oauth/token`: a delegated access token (no refresh token: the app asks again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DelegatedToken {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    /// What the user granted, space-separated.
    pub scope: String,
}

/// One app the user connected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GrantView {
    pub id: String,
    pub client: String,
    pub scope: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    /// Access tokens issued under this grant.
    pub tokens: usize,
}

/// `GET /api/oauth/grants`: the caller's connected apps, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GrantsAnswer {
    pub grants: Vec<GrantView>,
}

/// `POST /api/oauth/grants/revoke`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeGrant {
    pub id: String,
}

/// The connected apps of the user `cred` names.
pub async fn grants(cred: Cred<'_>) -> Exchange<GrantsAnswer> {
    http::get_as("/api/oauth/grants", cred).await
}

/// Revokes one grant.
pub async fn revoke(id: &str, cred: Cred<'_>) -> Exchange<GrantView> {
    let body = RevokeGrant { id: id.to_owned() };
    http::post_json_as("/api/oauth/grants/revoke", &body, cred).await
}
