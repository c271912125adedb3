//! The orders service (a second binary with its own port) and authlab's token exchange for
//! it. Shapes shared by the server, the orders service and the page.

use serde::{Deserialize, Serialize};

use super::http::{self, Cred, Exchange};
pub use super::trace::Check;

/// The audience name of the orders service: a token must name it in `aud`.
pub const ORDERS_AUDIENCE: &str = "orders";

/// One order of the caller's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: String,
    pub item: String,
    pub coins: u32,
}

/// What orders holds of authlab's public keys, and how often it asked for them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KeyCacheView {
    pub jwks_url: String,
    /// The kids in orders' copy.
    pub kids: Vec<String>,
    /// When the key set was last fetched (unix seconds, orders' own clock).
    pub fetched_at: Option<i64>,
    /// Fetches so far: the first use, and each unknown kid that was allowed to refetch.
    pub fetches: u64,
    /// Unknown kids that were not allowed to cause a fetch (too soon after the last one).
    pub refused_refetches: u64,
    pub min_refetch_seconds: u64,
    pub last_error: Option<String>,
}

/// `GET /api/orders` on the orders service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrdersAnswer {
    pub user: String,
    pub orders: Vec<Order>,
    /// How orders came to believe the token, in order.
    pub checks: Vec<Check>,
    pub keys: KeyCacheView,
    /// Calls orders made to authlab for this request (0 with a cached key).
    pub calls_to_authlab: u32,
    /// The checks authlab ran when orders asked it about the credential (introspection).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authlab_checks: Vec<Check>,
}

/// A refusal by orders: `{"error", "reason"}` as authlab answers, with the checks that ran and
/// the key cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrdersRefusal {
    pub error: String,
    pub reason: String,
    pub checks: Vec<Check>,
    pub keys: KeyCacheView,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authlab_checks: Vec<Check>,
}

/// The `token_type_hint` for a session cookie's value (RFC 7662 allows hints of one's own).
pub const SESSION_COOKIE_HINT: &str = "session_cookie";

/// `POST /api/introspect` on authlab (RFC 7662): is this credential live, and whose is it?
/// Asked by orders with its client secret. `reason` and `checks` are the lab's additions: a
/// real server tells an inactive credential's caller nothing more than `active: false`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Introspection {
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// `access_token` or `session_cookie`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// `POST /api/revoke` on authlab (after RFC 7009): the holder of a token ends it, whichever of
/// authlab's audiences it names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    pub token: String,
}

/// `POST /api/jwt/exchange`: a token for another service, in exchange for the caller's own
/// access token (after RFC 8693's token exchange).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExchangeRequest {
    pub audience: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExchangeAnswer {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub audience: String,
}

/// `POST /api/lab/signing`: the algorithm authlab signs with from now on (a new key).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SigningRequest {
    pub alg: String,
}

// The browser's calls. Their bodies are fixed shapes, written out: no serializer in the wasm.

/// A token for orders in exchange for `token` (read its `access_token` from the body).
pub async fn exchange(token: &str) -> Exchange<()> {
    let body = format!("{{\"audience\":\"{ORDERS_AUDIENCE}\"}}");
    http::post_text_as("/api/jwt/exchange", body, Cred::Bearer(token)).await
}

/// The caller's orders, asked of the orders service at `url` (its `/api/orders`); with `ask`,
/// orders asks authlab whether the token was revoked.
pub async fn orders(url: &str, token: &str, ask: bool) -> Exchange<()> {
    if ask {
        let url = format!("{url}?revocation=ask");
        http::get_at(
            &url,
            "orders: /api/orders?revocation=ask",
            Cred::Bearer(token),
        )
        .await
    } else {
        http::get_at(url, "orders: /api/orders", Cred::Bearer(token)).await
    }
}

/// The caller's orders with no token: authlab's session cookie rides along (cookies ignore
/// ports) and orders asks authlab whose it is.
pub async fn by_cookie(url: &str) -> Exchange<()> {
    http::get_at(url, "orders: /api/orders (cookie)", Cred::Cookies).await
}

/// Ends `token` at authlab (a token for orders too).
pub async fn revoke(token: &str) -> Exchange<()> {
    http::post_text_as(
        "/api/revoke",
        format!("{{\"token\":\"{token}\"}}"),
        Cred::Browser,
    )
    .await
}

/// `alg` is one of the lab's fixed names (`hs256`, `eddsa`).
pub async fn set_signing(alg: &'static str) -> Exchange<()> {
    http::post_text_as(
        "/api/lab/signing",
        format!("{{\"alg\":\"{alg}\"}}"),
        Cred::Browser,
    )
    .await
}
