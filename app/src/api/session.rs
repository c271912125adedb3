//! The cookie-session API: `/api/session/*`.

use serde::{Deserialize, Serialize};

use super::common::Carrier;
use super::http::{self, Cred, Exchange};
use crate::demo::Role;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Credentials {
    pub username: String,
    pub password: String,
    /// How the credential should travel from now on; without it, the scheme's classic carrier
    /// (a cookie for the session, `Authorization: Bearer` for the JWT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Carrier>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub username: String,
    pub role: Role,
}

/// A session as the server sees it. Times are unix seconds on the lab clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// A short, non-reversible handle of the session id (never the id itself).
    pub handle: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub idle_expires_at: i64,
    pub absolute_expires_at: i64,
    /// The lab clock when the answer was made, so the page can count down.
    pub server_now: i64,
}

impl SessionInfo {
    /// When the session ends: whichever timeout comes first.
    pub fn expires_at(&self) -> i64 {
        self.idle_expires_at.min(self.absolute_expires_at)
    }
}

/// The cookie the server set, described: the page cannot read `Set-Cookie` itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CookieView {
    pub name: String,
    pub attributes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginAnswer {
    pub user: UserView,
    pub session: SessionInfo,
    pub cookie: CookieView,
    /// How the session id travels: in the cookie, or in `X-Session-Id` sent by the page.
    #[serde(default = "cookie_carrier")]
    pub carrier: Carrier,
    /// With the header carrier only: the (signed) session id the page must keep and send as
    /// `X-Session-Id`. No cookie is set then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeAnswer {
    pub user: UserView,
    pub session: SessionInfo,
    pub cookie: CookieView,
    /// How this request's session id arrived.
    #[serde(default = "cookie_carrier")]
    pub carrier: Carrier,
}

fn cookie_carrier() -> Carrier {
    Carrier::Cookie
}

impl From<LoginAnswer> for MeAnswer {
    fn from(answer: LoginAnswer) -> Self {
        Self {
            user: answer.user,
            session: answer.session,
            cookie: answer.cookie,
            carrier: answer.carrier,
        }
    }
}

/// The header that carries the session id with the header carrier.
pub const SESSION_ID_HEADER: &str = "x-session-id";

/// One record of the server's session store, as a user may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StoreRow {
    pub handle: String,
    pub username: String,
    pub role: Role,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub user_agent: Option<String>,
    /// The session this request came with.
    pub this_one: bool,
    /// The data the store keeps for the session, as stored.
    pub data: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StoreView {
    /// Which store: "memory" or "sqlite".
    pub store: String,
    pub rows: Vec<StoreRow>,
}

pub const LOGIN: &str = "/api/session/login";
pub const ME: &str = "/api/session/me";
pub const LOGOUT: &str = "/api/session/logout";
pub const STORE: &str = "/api/session/store";
pub const KILL: &str = "/api/session/kill";
pub const LOGOUT_ALL: &str = "/api/session/logout-all";

/// `POST /api/session/logout`: whether a live session ended (the record is gone either way).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LogoutAnswer {
    pub logged_out: bool,
}

/// `POST /api/session/kill`: the handle of the session that ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KillAnswer {
    pub ended: String,
}

/// `POST /api/session/logout-all`: how many sessions of mine ended, this one included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LogoutAllAnswer {
    pub ended: u32,
}

/// Ends one session, named by its handle: one of mine, or anyone's for an admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KillRequest {
    pub handle: String,
}

pub async fn login(credentials: &Credentials) -> Exchange<LoginAnswer> {
    http::post_json(LOGIN, credentials).await
}

// With the header carrier `cred` is `Cred::SessionId`; with the cookie, `Cred::Browser`.

pub async fn me(cred: Cred<'_>) -> Exchange<MeAnswer> {
    http::get_as(ME, cred).await
}

pub async fn logout(cred: Cred<'_>) -> Exchange<LogoutAnswer> {
    http::post_empty(LOGOUT, cred).await
}

pub async fn store(cred: Cred<'_>) -> Exchange<StoreView> {
    http::get_as(STORE, cred).await
}

pub async fn kill(handle: String, cred: Cred<'_>) -> Exchange<KillAnswer> {
    http::post_json_as(KILL, &KillRequest { handle }, cred).await
}

pub async fn logout_all(cred: Cred<'_>) -> Exchange<LogoutAllAnswer> {
    http::post_empty(LOGOUT_ALL, cred).await
}
