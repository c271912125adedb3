//! The JWT API: `/api/jwt/*`. Shapes shared by the server and the page.

use serde::{Deserialize, Serialize};

use super::common::Carrier;
use super::http::{self, Cred, Exchange};
use super::session::Credentials;
pub use super::trace::Check;
use crate::demo::Role;

/// What `POST /api/jwt/login` and `POST /api/jwt/refresh` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// The verified claims of an access token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessClaims {
    pub sub: String,
    pub role: Role,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
    /// "access": keeps a refresh token from being taken for an access token.
    pub token_use: String,
    /// The user's rights version when this was signed: the per-user check refuses a token
    /// whose version is older than the user's (rights changed since).
    #[serde(default)]
    pub rights_version: i64,
    /// A delegated token's scopes (space-separated, as OAuth writes them): only what the user
    /// granted another app. First-party tokens (the page's own login) have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The app a delegated token was issued to (RFC 9068's `client_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// `GET /api/jwt/me`: who the token says I am, and how the server came to believe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JwtMeAnswer {
    pub claims: AccessClaims,
    pub checks: Vec<Check>,
    /// The lab clock when the answer was made.
    pub server_now: i64,
    /// How the token arrived: `Authorization: Bearer`, or the HttpOnly cookie.
    #[serde(default = "header_carrier")]
    pub carrier: Carrier,
}

fn header_carrier() -> Carrier {
    Carrier::Header
}

/// A cookie the server set, described (the page cannot read `Set-Cookie`): its name, its
/// attributes and its size on the wire, which counts against the browser's ~4 KB per cookie.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SetCookieView {
    pub name: String,
    pub attributes: Vec<String>,
    /// Bytes of the whole `Set-Cookie` value.
    pub bytes: usize,
}

/// `POST /api/jwt/login` and `/api/jwt/refresh` with the cookie carrier: no token in the body
/// (page script never sees it); the access and refresh tokens are in HttpOnly cookies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CookiePair {
    pub carrier: Carrier,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub cookies: Vec<SetCookieView>,
}

/// The cookies of the cookie carrier: the access token for every API request, the refresh
/// token only for the paths that need it (refresh, logout, family).
pub const ACCESS_COOKIE: &str = "authlab_jwt";
pub const REFRESH_COOKIE: &str = "authlab_jwt_refresh";

/// Why a token was refused: a stable code, the same string in the JSON and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    MissingToken,
    TooLarge,
    Malformed,
    AlgNone,
    WrongAlgorithm,
    ForbiddenHeader,
    UnknownKey,
    WrongType,
    BadSignature,
    MissingClaim,
    MalformedClaims,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,
    Revoked,
    RefreshReused,
    FamilyRevoked,
    FamilyExpired,
    UnknownFamily,
    /// The token came both in `Authorization: Bearer` and in the cookie: which one counts?
    Ambiguous,
    /// The account is disabled (the per-user check, or a refresh).
    AccountDisabled,
    /// The user's rights changed after this token was signed (the per-user check).
    RightsChanged,
    /// A delegated token without the scope this endpoint needs (403, RFC 6750).
    InsufficientScope,
}

/// The body of every refused token (with `WWW-Authenticate: Bearer error="invalid_token"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Refusal {
    pub error: String,
    /// A stable code: expired, bad_signature, wrong_algorithm, revoked, ...
    pub reason: Reason,
    pub checks: Vec<Check>,
}

/// A refresh family as the server holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FamilyView {
    /// A short handle of the family id.
    pub handle: String,
    pub username: String,
    pub created_at: i64,
    /// The family's absolute end: no refresh after it, however often rotated.
    pub expires_at: i64,
    pub rotations: i64,
    /// Refresh tokens of this family already used up.
    pub used_tokens: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    pub server_now: i64,
}

/// One revoked token on the denylist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DenylistRow {
    pub jti: String,
    pub revoked_at: i64,
    /// After this the entry can go: the token has expired anyway.
    pub expires_at: i64,
    pub reason: String,
}

/// A signing key, public facts only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KeyView {
    pub kid: String,
    pub alg: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// `GET /api/jwt/server`: what the server holds for the JWT scheme (nothing per access token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JwtServerView {
    pub alg: String,
    pub keys: Vec<KeyView>,
    pub denylist_enabled: bool,
    /// Where the denylist and the refresh families live: "SQLite" or "Redis".
    pub store: String,
    pub denylist: Vec<DenylistRow>,
    pub live_families: i64,
    pub access_ttl_seconds: i64,
    pub refresh_ttl_seconds: i64,
    pub leeway_seconds: i64,
    pub server_now: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DenylistSwitch {
    pub enabled: bool,
}

/// `POST /api/jwt/logout`: the refresh family is over; the access token is not revoked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JwtLogoutAnswer {
    /// Whether the server knew the family (it is over either way).
    pub logged_out: bool,
    /// A short handle of the family id.
    pub family: String,
    pub note: String,
}

/// `POST /api/jwt/revoke`: the token's `jti` is on the denylist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevokeAnswer {
    pub revoked: String,
    /// Whether `/api/jwt/me` consults the denylist (if not, the token still works).
    pub denylist_enabled: bool,
    pub note: String,
}

/// `POST /api/jwt/rotate-key`: the retired and the new current `kid`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RotateAnswer {
    pub retired: String,
    pub current: String,
}

/// One public key of the JSON Web Key Set (RFC 7517): `OKP` (Ed25519, `crv` and `x`) or
/// `RSA` (`n` and `e`). Never a private part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    pub kid: String,
    pub alg: String,
    #[serde(rename = "use")]
    pub use_: String,
}

/// `GET /.well-known/jwks.json`: the public keys; none for HMAC (a shared secret is never
/// published).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

// The browser's calls. Each answers the whole exchange, so the page can show it.

pub async fn login(credentials: &Credentials) -> Exchange<TokenPair> {
    http::post_json("/api/jwt/login", credentials).await
}

/// Logs in with the cookie carrier: the answer describes the cookies, never the tokens.
pub async fn login_cookie(credentials: &Credentials) -> Exchange<CookiePair> {
    http::post_json("/api/jwt/login", credentials).await
}

// `cred` is `Cred::Bearer` with the header carrier, `Cred::Browser` with the cookie carrier
// (the browser attaches the HttpOnly cookie).

pub async fn me(cred: Cred<'_>) -> Exchange<JwtMeAnswer> {
    http::get_as("/api/jwt/me", cred).await
}

fn refresh_body(refresh_token: &str) -> RefreshRequest {
    RefreshRequest {
        refresh_token: refresh_token.to_owned(),
    }
}

pub async fn refresh(refresh_token: &str) -> Exchange<TokenPair> {
    http::post_json("/api/jwt/refresh", &refresh_body(refresh_token)).await
}

pub async fn logout(refresh_token: &str) -> Exchange<JwtLogoutAnswer> {
    http::post_json("/api/jwt/logout", &refresh_body(refresh_token)).await
}

pub async fn family(refresh_token: &str) -> Exchange<FamilyView> {
    http::post_json("/api/jwt/family", &refresh_body(refresh_token)).await
}

pub async fn revoke(cred: Cred<'_>) -> Exchange<RevokeAnswer> {
    http::post_as("/api/jwt/revoke", cred).await
}

pub async fn rotate_key(cred: Cred<'_>) -> Exchange<RotateAnswer> {
    http::post_as("/api/jwt/rotate-key", cred).await
}

// The cookie carrier's refresh token rides in its cookie: the body says nothing.

pub async fn refresh_cookie() -> Exchange<CookiePair> {
    http::post_empty("/api/jwt/refresh", Cred::Browser).await
}

pub async fn logout_cookie() -> Exchange<JwtLogoutAnswer> {
    http::post_empty("/api/jwt/logout", Cred::Browser).await
}

pub async fn family_cookie() -> Exchange<FamilyView> {
    http::post_empty("/api/jwt/family", Cred::Browser).await
}

pub async fn set_denylist(enabled: bool) -> Exchange<DenylistSwitch> {
    http::post_json("/api/jwt/denylist", &DenylistSwitch { enabled }).await
}

pub async fn server() -> Exchange<JwtServerView> {
    http::get("/api/jwt/server").await
}

/// The checks a refused answer lists (a 401 body), or none.
pub fn refusal_checks(body: &str) -> Option<Refusal> {
    serde_json::from_str(body).ok()
}
