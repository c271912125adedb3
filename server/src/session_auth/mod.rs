//! The cookie-session scheme: state on the server (tower-sessions), an opaque signed id in an
//! HttpOnly cookie in the browser.

mod cookie;
mod extract;
mod handlers;
mod outgoing;
pub mod record;
mod samesite;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

pub use cookie::handle;
pub use extract::SessionUser;

use crate::AppState;

/// Login bodies are tiny; anything bigger is refused before it is read.
const MAX_BODY_BYTES: usize = 4 * 1024;

/// `/api/session/*`, with the session layer around it.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/login", post(handlers::login))
        .route("/me", get(handlers::me))
        .route("/logout", post(handlers::logout))
        .route("/store", get(handlers::store))
        .route("/kill", post(handlers::kill))
        .route("/logout-all", post(handlers::logout_all))
        .route("/transfer", post(crate::lab::transfers::by_session))
        // One stack, applied once: each `Router::layer` call boxes every route once more, and
        // each box is cloned per request. Outermost first.
        .layer(
            ServiceBuilder::new()
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    outgoing::rewrite,
                ))
                .layer(cookie::session_layer(
                    state.session_store.clone(),
                    &state.sessions,
                    &state.secrets.cookie_key,
                )),
        )
}
