//! The authlab server: the axum app that serves the Leptos page and the JSON API.
//!
//! `app(state)` builds the whole router without a socket, so tests drive it with `oneshot`.

pub mod api;
pub mod checks;
pub mod clock;
pub mod config;
pub mod csrf;
pub mod db;
pub mod error;
pub mod jwt_auth;
pub mod lab;
pub mod login;
pub mod login_limit;
pub mod memory;
pub mod nodes;
pub mod secrets;
pub mod serve;
pub mod session_auth;
pub mod settings;
pub mod state;
pub mod telemetry;
pub mod trace;
pub mod users;

use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The whole application: the JSON API under `/api`, the server-rendered page, static files;
/// every state-changing request from another origin is refused first.
pub fn app(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let lab = state.lab.clone();
    let app = Router::new()
        .nest("/api", api::router(&state))
        .route("/.well-known/jwks.json", axum::routing::get(jwt_auth::jwks))
        .leptos_routes(&state, routes, move || app::shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::not_found_shell,
        ))
        // One stack, outermost first (each `Router::layer` call would box every route again).
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    trace::record,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.lab.switches.clone(),
                    csrf::cross_origin_protection,
                )),
        )
        .with_state(state.clone());
    // The lab replays stolen credentials through the very same app.
    lab.install(app.clone());
    // Outermost: `/node/<name>/…` goes to that node before this one records anything.
    nodes::front_door(state, app)
}
