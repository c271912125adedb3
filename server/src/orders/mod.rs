//! `orders`: a second service that trusts authlab's tokens without calling back. It knows one
//! thing about authlab, the URL of its public keys (JWKS); it keeps a copy of them and
//! verifies every token offline, and its own trace shows that no call went to authlab. For what
//! an offline check cannot know — whose a session cookie is, whether a token was revoked — it
//! asks authlab's introspection endpoint with its client secret, one call per request. Run by
//! the `orders` binary (`server/src/bin/orders.rs`) on a port of its own.

mod authlab;
mod config;
mod data;
mod handlers;
mod keys;
mod state;
mod verify;

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use authlab::Authlab;
pub use config::{OrdersCli, OrdersConfig};
pub use keys::KeyCache;
pub use state::OrdersState;
pub use verify::Expect;

use crate::kit::clock::LabClock;
use crate::room::Room;
use crate::trace::{CookieNames, Tracer, TRACE_ID_HEADER};

/// The service's routes: `/api/orders`, `/api/keys`, `/api/health`, its own `/api/trace`;
/// every `/api` request traced; CORS for the page's origins (a bearer token, or authlab's
/// session cookie for orders to ask about).
pub fn router(config: &OrdersConfig) -> Router {
    let cookies = CookieNames {
        session: "authlab_session",
        jwt: "authlab_jwt",
    };
    let state = OrdersState {
        keys: KeyCache::new(config.jwks_url.clone(), config.min_refetch),
        expect: config.expect.clone(),
        authlab: Authlab::new(
            config.introspection_url.clone(),
            config.client_secret_file.clone(),
        ),
        tracer: Tracer::new("orders", LabClock::default(), cookies, Room::new(None)),
    };
    let origins: Vec<HeaderValue> = config
        .allow_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET])
        // The page may send authlab's session cookie along (cookies ignore ports), for orders
        // to ask authlab about it.
        .allow_credentials(true)
        .allow_headers([header::AUTHORIZATION])
        .expose_headers([
            header::WWW_AUTHENTICATE,
            header::HeaderName::from_static(TRACE_ID_HEADER),
        ]);
    Router::new()
        .route("/api/orders", get(handlers::orders))
        .route("/api/keys", get(handlers::keys))
        .route("/api/health", get(handlers::health))
        .nest("/api/trace", crate::trace::routes().into())
        .layer(axum::middleware::from_fn_with_state(
            state.tracer.clone(),
            crate::trace::record,
        ))
        .layer(cors)
        .with_state(state)
}

/// Serves the orders service until Ctrl-C or SIGTERM.
pub async fn run(config: OrdersConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(
        addr = %config.addr,
        jwks = %config.jwks_url,
        "orders listening; it trusts authlab's keys at the JWKS URL and nothing else"
    );
    axum::serve(listener, router(&config))
        .with_graceful_shutdown(crate::kit::shutdown::signal())
        .await
}
