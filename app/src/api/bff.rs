//! The backend-for-frontend: the browser holds only the HttpOnly session cookie; authlab keeps
//! the access and refresh tokens in that session and calls orders on the browser's behalf.

use serde::{Deserialize, Serialize};

use super::http::{self, Cred, Exchange};

/// What the server keeps for a session that connected the BFF. Handles only: the tokens
/// themselves never leave the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BffKept {
    /// The session record they live in (a short handle).
    pub session: String,
    pub family: String,
    pub access_jti: String,
    /// Seconds the kept access token has left (lab clock).
    pub access_expires_in: i64,
    pub refresh_jti: String,
    /// Refreshes the BFF did without the browser knowing.
    pub refreshes: u32,
}

/// `POST /api/bff/connect`: authlab opened a refresh family for the session's user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BffConnectAnswer {
    pub kept: BffKept,
    pub note: String,
}

/// `GET /api/bff/orders`: authlab called orders with a bearer token for orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BffOrdersAnswer {
    /// orders' status and answer, as authlab received them.
    pub orders_status: u16,
    pub orders_answer: serde_json::Value,
    /// The access token had expired: authlab used the refresh token first.
    pub refreshed: bool,
    pub kept: BffKept,
}

/// `POST /api/bff/logout`: the session and the refresh family end together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BffLogoutAnswer {
    pub session_ended: bool,
    pub family_revoked: bool,
    pub note: String,
}

// The browser's calls: no token anywhere, the cookie rides along.

pub async fn connect() -> Exchange<()> {
    http::post_as("/api/bff/connect", Cred::Browser).await
}

pub async fn orders() -> Exchange<()> {
    http::get_as("/api/bff/orders", Cred::Browser).await
}

pub async fn logout() -> Exchange<()> {
    http::post_as("/api/bff/logout", Cred::Browser).await
}
