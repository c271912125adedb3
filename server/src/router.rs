//! The whole application, put together: each domain's routes under `/api`, the
//! server-rendered page, static files; every request traced, and every state-changing request
//! from another origin refused first. `app(state)` needs no socket, so tests drive it with
//! `oneshot`.

use axum::routing::any;
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{guides, health, openapi};
use crate::guard::cors::CorsGate;
use crate::guard::csrf::cross_origin_protection;
use crate::guard::host::check_host;
use crate::guard::visitor::visit;
use crate::state::AppState;
use crate::{bff, introspect, jwt_auth, lab, nodes, oauth, rights, room, session_auth, trace};

/// The routes authlab describes, and their description: a route is described where it is
/// routed (`utoipa_axum`'s `routes!` takes both from the handler's `#[utoipa::path]`).
fn described(state: &AppState) -> (Router<AppState>, OpenApi) {
    let api = OpenApiRouter::new()
        .merge(health::routes())
        .merge(guides::routes())
        .merge(nodes::routes())
        .nest(
            "/session",
            session_auth::routes(&state.sessions, &state.policy, lab::session_routes()),
        )
        .nest("/jwt", jwt_auth::routes(lab::jwt_routes()))
        .nest("/trace", trace::routes())
        .nest("/lab", lab::routes())
        .merge(rights::routes(&state.sessions, &state.policy))
        .nest("/oauth", oauth::routes(&state.sessions, &state.policy))
        .merge(introspect::routes())
        .nest("/bff", bff::routes(&state.sessions, &state.policy))
        .nest("/room", room::api_routes());
    OpenApiRouter::new()
        .nest("/api", api)
        .routes(routes!(jwt_auth::jwks))
        .merge(room::page_routes())
        .split_for_parts()
}

/// Every route of the app. Besides the described ones, only the description's own two
/// (`openapi::routes`), the page's routes (`pages`), the API's 404 (`API_404`) and the static
/// files (the fallback); `tests/api/openapi.rs` holds the description to this router.
///
/// The description is made again at its first request, not kept from now: made at start, it
/// left ~3.5 MiB resident for good (measured after 100 logins: 36–37 MiB against 32–33).
pub fn routed(state: &AppState) -> Router<AppState> {
    let (described_routes, _) = described(state);
    let again = state.clone();
    let describe = move || openapi::document(described(&again).1);
    let mut router = described_routes.merge(openapi::routes(describe));
    // Any other `/api/…` path: 404 in the API's shape, not the page's.
    for path in API_404 {
        router = router.route(path, any(health::not_found));
    }
    let options = state.leptos_options.clone();
    router.leptos_routes(state, pages(), move || app::shell(options.clone()))
}

/// The paths that answer the API's 404.
pub const API_404: [&str; 2] = ["/api", "/api/{*rest}"];

/// The page's own routes (server-rendered, then hydrated).
pub fn pages() -> Vec<AxumRouteListing> {
    generate_route_list(app::App)
}

pub fn app(state: AppState) -> Router {
    let app = routed(&state)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::not_found_shell,
        ))
        // One stack, outermost first (each `Router::layer` call would box every route again).
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(axum::middleware::from_fn_with_state(
                    state.tracer.clone(),
                    trace::record,
                ))
                // Inside the trace (a preflight shows in it), outside the origin check (a
                // refusal still carries the CORS headers, so the caller can read why); only
                // for requests that name an Origin.
                .layer(CorsGate(state.policy.clone()))
                .layer(axum::middleware::from_fn_with_state(
                    state.policy.clone(),
                    cross_origin_protection,
                )),
        )
        .with_state(state.clone());
    // Outermost: a request for another host name is refused before anything runs; then
    // `/node/<name>/…` goes to that node before this one records anything.
    // Each browser's requests run in its own lab (clock, switches), forwarded ones too.
    let door = nodes::front_door(state.nodes.clone(), app)
        .layer(axum::middleware::from_fn_with_state(
            state.visitors.clone(),
            visit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.hosts.clone(),
            check_host,
        ));
    // The lab replays stolen credentials through the very same app, front door included (a
    // replay at another node).
    state.lab.install(door.clone());
    door
}
