//! The JWT scheme: signed claims, nothing stored per access token. Refresh families and the
//! denylist persist in SQLite (or Redis, shared by nodes on any machine), the key list in
//! SQLite; the browser keeps the tokens.

mod claims;
pub mod denylist;
mod extract;
pub mod families;
mod handlers;
pub mod issue;
pub mod keys;
mod refusal;
mod shape;
mod signing_key;
pub mod store;
pub mod verify;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use claims::{RefreshClaims, TokenUse};
pub use extract::BearerAccess;
pub use handlers::jwks;
pub use issue::sign;

use crate::settings::JwtSettings;
use crate::AppState;

/// Bodies carry at most a refresh token (≤ 8 KiB) and some JSON around it.
const MAX_BODY_BYTES: usize = 12 * 1024;

/// The scheme's shared state.
#[derive(Clone, Debug)]
pub struct JwtState {
    pub settings: JwtSettings,
    pub keys: keys::Keyring,
    pub denylist: denylist::Denylist,
    /// Refresh families and the denylist: SQLite, or Redis when the sessions are there.
    pub store: store::JwtStore,
}

/// `/api/jwt/*`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", post(handlers::login))
        .route("/me", get(handlers::me))
        .route("/refresh", post(handlers::refresh))
        .route("/logout", post(handlers::logout))
        .route("/revoke", post(handlers::revoke))
        .route("/denylist", post(handlers::set_denylist))
        .route("/rotate-key", post(handlers::rotate_key))
        .route("/server", get(handlers::server_view))
        .route("/family", post(handlers::family))
        .route("/transfer", post(crate::lab::transfers::by_jwt))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
