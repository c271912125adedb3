//! The JWT scheme: signed claims, nothing stored per access token. Refresh families and the
//! denylist persist in SQLite (or Redis, shared by nodes on any machine), the key list in
//! SQLite; the browser keeps the tokens.

mod claims;
pub mod cookies;
pub mod exchange;
mod extract;
pub mod families;
mod handlers;
pub mod issue;
mod jwt;
pub mod keys;
mod refusal;
mod refused;
pub mod scope;
mod shape;
mod signing_key;
pub mod store;
pub mod tokens;
mod user_check;
pub mod verify;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use claims::{RefreshClaims, TokenUse};
pub use extract::{BearerAccess, RefreshToken};
pub use handlers::jwks;
pub use issue::sign;
pub use jwt::Jwt;
pub use refusal::JwtRejection;
pub use refused::{Reason, Refused};

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::kit::clock::LabClock;

/// Bodies carry at most a refresh token (≤ 8 KiB) and some JSON around it.
const MAX_BODY_BYTES: usize = 12 * 1024;

/// `/api/jwt/*`, and `more` (routes others mount in this scheme, such as the CSRF lab's target).
pub fn routes<S>(more: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Jwt: FromRef<S>,
    Accounts: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
{
    Router::new()
        .route("/login", post(tokens::login))
        .route("/me", get(handlers::me))
        .route("/refresh", post(tokens::refresh))
        .route("/logout", post(tokens::logout))
        .route("/revoke", post(handlers::revoke))
        .route("/denylist", post(handlers::set_denylist))
        .route("/rotate-key", post(handlers::rotate_key))
        .route("/server", get(handlers::server_view))
        .route("/family", post(handlers::family))
        .route("/exchange", post(exchange::exchange))
        .merge(more)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
