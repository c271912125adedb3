//! The cookie-session scheme: state on the server (tower-sessions), an opaque signed id in an
//! HttpOnly cookie in the browser.

mod carrier;
mod cookie;
mod extract;
mod handlers;
pub mod record;
mod samesite;
mod sessions;
pub mod store;
pub mod sweep;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{header, HeaderValue};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use cookie::handle;
pub use extract::{MaybeSessionUser, SessionUser};
pub use sessions::Sessions;

use crate::accounts::login::Accounts;
use crate::guard::policy::Policy;
use crate::kit::clock::LabClock;

/// Login bodies are tiny; anything bigger is refused before it is read.
const MAX_BODY_BYTES: usize = 4 * 1024;

/// `/api/session/*`, and `more` (routes others mount in this scheme, such as the CSRF lab's
/// target), all behind the session layer.
pub fn routes<S>(sessions: &Sessions, policy: &Policy, more: OpenApiRouter<S>) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Sessions: FromRef<S>,
    Accounts: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
{
    let router = OpenApiRouter::new()
        .routes(routes!(handlers::login))
        .routes(routes!(handlers::me))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::store))
        .routes(routes!(handlers::kill))
        .routes(routes!(handlers::logout_all))
        .merge(more);
    behind_session_layer(router, sessions, policy)
}

/// `router` behind the session scheme's layers, so its handlers can take `SessionUser` (the
/// session routes, and others that accept a session: the admin API).
pub fn behind_session_layer<S>(
    router: OpenApiRouter<S>,
    sessions: &Sessions,
    policy: &Policy,
) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
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
                    (sessions.clone(), policy.clone()),
                    carrier::carry,
                ))
                .layer(cookie::session_layer(sessions)),
        )
}
