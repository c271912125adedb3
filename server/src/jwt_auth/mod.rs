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
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use claims::{RefreshClaims, TokenUse};
pub use extract::{BearerAccess, RefreshToken};
// With its description (`routes!` finds a handler's by its path).
pub use handlers::{__path_jwks, jwks};
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
pub fn routes<S>(more: OpenApiRouter<S>) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Jwt: FromRef<S>,
    Accounts: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(tokens::login))
        .routes(routes!(handlers::me))
        .routes(routes!(tokens::refresh))
        .routes(routes!(tokens::logout))
        .routes(routes!(handlers::revoke))
        .routes(routes!(handlers::set_denylist))
        .routes(routes!(handlers::rotate_key))
        .routes(routes!(handlers::server_view))
        .routes(routes!(handlers::family))
        .routes(routes!(exchange::exchange))
        .merge(more)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
